// The wasm relay pool (core/nostr/pool.hpp through wasm/relay-pool.mjs) against two real
// flash-node relays: fan-out and de-duplication, a publish that succeeds while one relay is
// down, and NIP-42 AUTH answered by the app to read a gift wrap.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { loadCore } from '../../wasm/load-node.mjs';
import { RelayPoolHost } from '../../wasm/relay-pool.mjs';
import { startNode, stopAll } from './support/flash-node.mjs';

after(stopAll);
const core = await loadCore();
const now = () => Math.floor(Date.now() / 1000);
const sign = (template, secret) => JSON.parse(core.signEvent(JSON.stringify(template), secret));

function until(predicate, what, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

test('subscribe and publish across two relays; each event arrives once; one relay down still publishes', async () => {
  const [a, b] = await Promise.all([startNode(), startNode()]);
  const pool = new RelayPoolHost(core, { WebSocket, timeouts: { publishTimeoutMs: 1500, eoseTimeoutMs: 3000 } });
  const relays = [a.relayUrl, b.relayUrl];
  const secret = generateSecretKey();
  const topic = `pool-${Date.now()}`;
  const received = [];
  let eose = false;
  pool.subscribe([{ kinds: [1], '#t': [topic] }], relays, {
    onevent: (event) => received.push(event.id),
    oneose: () => { eose = true; },
  });
  await until(() => eose, 'EOSE from both relays');

  const first = sign({ kind: 1, created_at: now(), tags: [['t', topic]], content: 'to both' }, secret);
  const result = await pool.publish(first, relays);
  assert.equal(result.succeeded, true);
  assert.equal(result.accepted, 2);
  await until(() => received.includes(first.id), 'the live event');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(received, [first.id], 'delivered once although both relays sent it');

  assert.equal(await b.stop(), 0);
  const second = sign({ kind: 1, created_at: now(), tags: [['t', topic]], content: 'b is down' }, secret);
  const partial = await pool.publish(second, relays);
  assert.equal(partial.succeeded, true);
  assert.equal(partial.accepted, 1);
  assert.equal(partial.timedOut, 1);
  await until(() => received.includes(second.id), 'the event through the relay still up');
  pool.close();
});

test('a gift wrap is read after the app answers the AUTH challenge', async () => {
  const node = await startNode();
  const bob = generateSecretKey();
  const alice = generateSecretKey();
  const wraps = JSON.parse(core.dmWrap(JSON.stringify({ content: 'hi bob', recipients: [getPublicKey(bob)] }), alice, now()));
  const toBob = wraps.find((w) => w.recipient === getPublicKey(bob)).wrap;

  const challenges = [];
  const pool = new RelayPoolHost(core, { WebSocket, onAuthChallenge: (c) => challenges.push(c) });
  assert.equal((await pool.publish(toBob, [node.relayUrl])).accepted, 1);

  const got = [];
  const closed = [];
  pool.subscribe([{ kinds: [1059], '#p': [getPublicKey(bob)] }], [node.relayUrl], {
    onevent: (event) => got.push(event),
    onclose: (event) => closed.push(event),
  });
  await until(() => closed.length > 0 && challenges.length > 0, 'auth-required and the challenge');
  assert.match(closed[0].reason, /^auth-required:/);
  assert.equal(closed[0].willRetry, true);
  const { relay, challenge } = challenges.at(-1);
  const auth = sign({ kind: 22242, created_at: now(), tags: [['relay', node.relayUrl], ['challenge', challenge]], content: '' }, bob);
  assert.equal(pool.authenticate(relay, auth), true);
  await until(() => got.length === 1, 'the wrap after AUTH');
  assert.equal(got[0].id, toBob.id);
  const rumor = JSON.parse(core.dmUnwrap(JSON.stringify(got[0]), bob));
  assert.equal(rumor.content, 'hi bob');
  pool.close();
});
