// tools/bench/relay: flash-node's relay under load.
//   ingest   N raw `ws` connections publish pre-signed events, each keeping a window of EVENTs in
//            flight, as fast as the OKs (sent after durable storage) come back: events/s.
//   fan-out  many live subscribers on one tag, then another connection publishes events one at a
//            time; per delivery, receive time minus send time on one clock. Measured twice: with
//            `ws` subscribers in worker threads, and with native ones (flash-bench-relay-fanout,
//            BENCH_FANOUT_BIN), whose own overhead is a few microseconds per message.
// A benchmark, not a test: it reports and never asserts. Rate limits are lifted in the node's
// config; the events are signed (nostr-tools, in worker threads) before any timing starts.
//
// Environment: FLASH_NODE_BIN, BENCH_DATA (data directory; default a fresh temp one),
// BENCH_EVENTS (20000), BENCH_CONNECTIONS (8), BENCH_IN_FLIGHT (100 per connection),
// BENCH_SUBSCRIBERS (1000), BENCH_FANOUT_EVENTS (200), BENCH_SPACING_MS (20).
// 1,000 subscribers need more than 1,024 open files, in this process and in the node: `ulimit -n 4096`.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';

const now = () => Math.floor(Date.now() / 1000);

/** `count` EVENT frames ready to send, from a handful of keys (each key signs ~250). */
function signFrames(count, topic, content) {
  const frames = [];
  let sk;
  for (let i = 0; i < count; i++) {
    if (i % 250 === 0) sk = generateSecretKey();
    const event = finalizeEvent({ kind: 1, created_at: now(), tags: [['t', topic]], content: `${content} #${i}` }, sk);
    frames.push({ id: event.id, frame: JSON.stringify(['EVENT', event]) });
  }
  return frames;
}

// ---- main thread ----------------------------------------------------------------------------------

async function main() {
  const { startNode, stopAll } = await import('../../../tests/interop/support/flash-node.mjs');
  const setting = (name, fallback) => Number(process.env[name] ?? fallback);
  const events = setting('BENCH_EVENTS', 20000);
  const connections = setting('BENCH_CONNECTIONS', 8);
  const inFlight = setting('BENCH_IN_FLIGHT', 100);
  const subscribers = setting('BENCH_SUBSCRIBERS', 1000);
  const fanoutEvents = setting('BENCH_FANOUT_EVENTS', 200);
  const spacingMs = setting('BENCH_SPACING_MS', 20);

  // ~200 bytes of content, about what a chat message or a zap receipt carries.
  const content = 'Paying you back for lunch, thanks! ⚡ '.repeat(5);
  let started = performance.now();
  const ingestFrames = await signInWorkers(events, 'ingest', content);
  const fanoutFrames = signFrames(fanoutEvents, 'fanout', content);
  console.error(`signed ${events + fanoutEvents} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const unlimited = { per_second: 1e9, burst: 1e9 };
  const node = await startNode({
    dataDir: process.env.BENCH_DATA,
    config: {
      limits: { max_connections: 20000, max_connections_per_ip: Math.max(5000, subscribers + connections + 10) },
      relay: { events_per_connection: unlimited, events_per_ip: unlimited, events_per_pubkey: unlimited,
               reqs_per_connection: unlimited },
    },
  });
  try {
    started = performance.now();
    const meter = cpuMeter(node.pid);
    const ingested = await ingest(node.relayUrl, ingestFrames, connections, inFlight, meter);
    console.error(`ingest done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const fanned = await fanOut(node.relayUrl, fanoutFrames, subscribers, spacingMs, meter);
    const native = nativeFanOut(node.relayUrl, subscribers, fanoutEvents, spacingMs);
    report({ events, connections, inFlight, subscribers, fanoutEvents, spacingMs, ingested, fanned, native, node });
  } catch (error) {
    const nodeOut = node.logs.some((e) => e.msg === 'accept failed');
    if (error.code === 'EMFILE' || /EMFILE/.test(error.message) || nodeOut) {
      console.error(`out of file descriptors (${nodeOut ? 'the node' : 'this process'}): ` +
                    'raise the limit (ulimit -n 4096) and run again');
    }
    throw error;
  } finally {
    await stopAll();  // a kill: shutting down is not what is measured here
  }
}

async function signInWorkers(count, topic, content) {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const share = Math.ceil(count / workers);
  const parts = await Promise.all(Array.from({ length: workers }, (_, i) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { count: Math.max(0, Math.min(share, count - i * share)), topic, content },
    });
    return new Promise((resolve, reject) => {
      worker.once('message', (frames) => { resolve(frames); worker.terminate(); });
      worker.once('error', reject);
    });
  }));
  return parts.flat();
}

/** A raw client, open; rejects with the socket error (EMFILE included). */
function connect(url) {
  return new Promise((resolve, reject) => {
    // A node out of file descriptors accepts nothing: fail instead of waiting forever.
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 15_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function inBatches(count, size, open) {
  const out = [];
  for (let i = 0; i < count; i += size) {
    out.push(...await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => open(i + j))));
  }
  return out;
}

// ---- ingest ---------------------------------------------------------------------------------------

async function ingest(url, frames, connections, inFlight, meter) {
  const sockets = await inBatches(connections, 50, () => connect(url));
  const refusals = new Map();  // OK false reasons by prefix
  let accepted = 0;
  meter.start();
  const start = performance.now();
  await Promise.all(sockets.map((ws, c) => new Promise((resolve, reject) => {
    const mine = frames.filter((_, i) => i % connections === c);
    let sent = 0;
    let answered = 0;
    const pump = () => { while (sent < mine.length && sent - answered < inFlight) ws.send(mine[sent++].frame); };
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message[0] !== 'OK') return;
      answered++;
      if (message[2]) accepted++;
      else {
        const prefix = String(message[3]).split(':')[0];
        refusals.set(prefix, (refusals.get(prefix) ?? 0) + 1);
      }
      if (answered === mine.length) resolve();
      else pump();
    });
    ws.once('close', (code) => { if (answered < mine.length) reject(new Error(`ingest connection closed (${code})`)); });
    if (mine.length === 0) resolve();
    pump();
  })));
  const seconds = (performance.now() - start) / 1000;
  const cpu = meter.stop();
  for (const ws of sockets) ws.close();
  return { accepted, refusals, seconds, perSecond: accepted / seconds, cpu };
}

// ---- fan-out --------------------------------------------------------------------------------------

async function fanOut(url, frames, subscribers, spacingMs, meter) {
  const filter = { kinds: [1], '#t': ['fanout'], since: now() - 60 };
  // Subscribers live in worker threads, so that reading 1,000 sockets is not one thread's serial
  // work added to every delivery time; all threads share one clock (timeOrigin + now()).
  const workerCount = Math.max(1, Math.min(availableParallelism(), 4));
  progress(`opening ${subscribers} subscribers in ${workerCount} threads`);
  const workers = await Promise.all(Array.from({ length: workerCount }, (_, w) => {
    const first = Math.floor((w * subscribers) / workerCount);
    const count = Math.floor(((w + 1) * subscribers) / workerCount) - first;
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'subscribers', url, first, count, filter } });
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve(worker));  // all subscribed (EOSE)
      worker.once('error', reject);
    });
  }));

  const sentAt = new Map();  // event id -> absolute time at send
  const publisher = await connect(url);
  const okLatencies = [];
  publisher.on('message', (data) => {
    const at = clock();
    const message = JSON.parse(data.toString());
    if (message[0] === 'OK' && sentAt.has(message[1])) okLatencies.push(at - sentAt.get(message[1]));
  });
  progress(`publishing ${frames.length} events, ${spacingMs} ms apart`);
  meter.start();
  for (const { id, frame } of frames) {
    sentAt.set(id, clock());
    publisher.send(frame);
    await new Promise((done) => setTimeout(done, spacingMs));
  }
  // Let the last deliveries arrive (or give up after 10 s: missing ones are reported).
  const expected = subscribers * frames.length;
  const received = await Promise.all(workers.map((worker) => new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ expected: frames.length, waitMs: 10_000 });
  })));
  const cpu = meter.stop();
  publisher.close();
  const latencies = [];
  for (const deliveries of received) {
    for (const [id, at] of deliveries) {
      const sent = sentAt.get(id);
      if (sent !== undefined) latencies.push(at - sent);
    }
  }
  for (const worker of workers) worker.terminate();
  const sorted = latencies.sort((a, b) => a - b);
  okLatencies.sort((a, b) => a - b);
  return { deliveries: sorted.length, expected, sorted, okLatencies, cpu };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across worker threads. */
function clock() { return performance.timeOrigin + performance.now(); }

/** Worker: `count` subscribers; reports [id, receive time] for every delivery when asked. */
async function subscriberWorker({ url, first, count, filter }) {
  const deliveries = [];
  const sockets = await inBatches(count, 100, (i) => connect(url).then((ws) => new Promise((resolve) => {
    ws.on('message', (data) => {
      const at = clock();  // first: the rest is this thread's own overhead
      const text = data.toString();
      if (text.startsWith('["EVENT"')) {
        const start = text.indexOf('"id":"') + 6;
        deliveries.push([text.slice(start, start + 64), at]);
      } else if (text.startsWith('["EOSE"')) {
        resolve(ws);
      }
    });
    ws.send(JSON.stringify(['REQ', `fan-${first + i}`, filter]));
  })));
  parentPort.postMessage('subscribed');
  parentPort.once('message', async ({ expected, waitMs }) => {
    for (let waited = 0; deliveries.length < expected * count && waited < waitMs; waited += 50) {
      await new Promise((done) => setTimeout(done, 50));
    }
    for (const ws of sockets) ws.close();
    parentPort.postMessage(deliveries);
  });
}

/** The same fan-out from native subscribers (tools/bench/relay/fanout_subscribers.cpp), or null. */
function nativeFanOut(relayUrl, subscribers, events, spacingMs) {
  const binary = process.env.BENCH_FANOUT_BIN ?? new URL('../../../build/native/tools/bench/relay/flash-bench-relay-fanout', import.meta.url).pathname;
  if (!existsSync(binary)) {
    console.error(`no ${binary}: build the native preset for the native fan-out figure`);
    return null;
  }
  progress(`native subscribers: ${subscribers} × ${events} events`);
  const { hostname, port } = new URL(relayUrl);
  const output = execFileSync(binary, [hostname, port, subscribers, events, spacingMs].map(String), { encoding: 'utf8' });
  return JSON.parse(output);
}

function progress(what) { console.error(`${what}…`); }

/** CPU time of the node (Linux /proc) and of this process over a phase: who was the bottleneck. */
function cpuMeter(pid) {
  const nodeMs = () => {
    try {
      // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;  // USER_HZ is 100 on Linux
    } catch {
      return NaN;
    }
  };
  let begin;
  return {
    start() { begin = { node: nodeMs(), bench: process.cpuUsage(), wall: performance.now() }; },
    stop() {
      const bench = process.cpuUsage(begin.bench);
      return { node: nodeMs() - begin.node, bench: (bench.user + bench.system) / 1000, wall: performance.now() - begin.wall };
    },
  };
}

// ---- report ---------------------------------------------------------------------------------------

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
const count = (n) => Math.round(n).toLocaleString('en-US');

function report({ events, connections, inFlight, subscribers, fanoutEvents, spacingMs, ingested, fanned, native, node }) {
  const { sorted } = fanned;
  console.log(`flash-node relay, Node ${process.version}, data in ${node.dataDir}\n`);
  console.log('| figure | ours | target |');
  console.log('|---|---|---|');
  console.log(`| ingest: events/s stored and answered (${count(events)} events, ${connections} connections × ${inFlight} in flight) | ${count(ingested.perSecond)} | >= 5,000 |`);
  console.log(`| fan-out: delivery p50 (${count(subscribers)} subscribers × ${fanoutEvents} events, ${spacingMs} ms apart) | ${ms(percentile(sorted, 0.5))} | |`);
  console.log(`| fan-out: delivery p99 | ${ms(percentile(sorted, 0.99))} | < 20 ms |`);
  console.log(`| fan-out: delivery max | ${ms(sorted.at(-1))} | |`);
  console.log(`| publish → OK p50 / p99 during fan-out | ${ms(percentile(fanned.okLatencies, 0.5))} / ${ms(percentile(fanned.okLatencies, 0.99))} | |`);
  if (native) {
    console.log(`| fan-out, native subscribers: delivery p50 / p99 / max | ${ms(native.p50_ms)} / ${ms(native.p99_ms)} / ${ms(native.max_ms)} | p99 < 20 ms |`);
    console.log(`| publish → OK p50 / p99 during native fan-out | ${ms(native.ok_p50_ms)} / ${ms(native.ok_p99_ms)} | |`);
  }
  const refused = [...ingested.refusals].map(([prefix, n]) => `${count(n)} ${prefix}`).join(', ');
  console.log(`\ningest: ${count(ingested.accepted)} accepted in ${ingested.seconds.toFixed(2)} s${refused ? `; refused: ${refused}` : ''}`);
  console.log(`fan-out: ${count(fanned.deliveries)} of ${count(fanned.expected)} deliveries arrived` +
              (native ? ` (native: ${count(native.deliveries)} of ${count(native.expected)})` : ''));
  const busy = ({ node: n, bench: b, wall: w }) =>
    `node ${Number.isFinite(n) ? `${((100 * n) / w).toFixed(0)}%` : 'n/a'}, this process ${((100 * b) / w).toFixed(0)}% of one core`;
  console.log(`CPU during ingest: ${busy(ingested.cpu)}; during fan-out: ${busy(fanned.cpu)}`);
  console.log('Delivery times include storage (fan-out follows the durable commit) and the subscribers\'');
  console.log('own time to read their sockets in turn (Node ws threads, or one native thread): an upper');
  console.log('bound on the node\'s share.');
}

// Last, so that everything above is initialised: a worker signs, the main thread measures.
if (isMainThread) await main();
else if (workerData.role === 'subscribers') await subscriberWorker(workerData);
else parentPort.postMessage(signFrames(workerData.count, workerData.topic, workerData.content));
