// The flash-node relay against independent clients: nostr-tools (what most NOSTR apps use) for
// the ordinary flows, raw `ws` where the frames themselves are the point (malformed, oversized,
// AUTH-gated reads). Each test uses fresh keys, so they share one node without seeing each other;
// the tests that need their own limits or a restart start their own node.
// Binary: FLASH_NODE_BIN (default build/native/node/flash-node).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { makeAuthEvent } from 'nostr-tools/nip42';
import * as nip17 from 'nostr-tools/nip17';
import * as nip59 from 'nostr-tools/nip59';
import { startNode, stopAll } from './support/flash-node.mjs';

useWebSocketImplementation(WebSocket);

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const tag = () => `t${randomBytes(6).toString('hex')}`;  // a topic no other test uses
const keys = () => { const sk = generateSecretKey(); return { sk, pk: getPublicKey(sk) }; };
const plain = (event) => JSON.parse(JSON.stringify(event));  // without nostr-tools' cache symbol
const sign = (sk, { kind = 1, tags = [], content = 'hello', created_at = now() } = {}) =>
  finalizeEvent({ kind, tags, content, created_at }, sk);

let node;          // the shared node, default configuration
const open = [];   // every client, closed in after() so that a failing test leaves nothing open

before(async () => { node = await startNode(); });
after(async () => {
  for (const client of open) client.close();
  const crashed = node && !node.running;
  await stopAll();
  if (crashed) throw new Error('the shared flash-node ended during the tests: see its exit and log above');
});

// ---- nostr-tools clients ------------------------------------------------------------------------

async function connect(target = node) {
  const relay = await Relay.connect(target.relayUrl);
  relay.onnotice = () => {};
  open.push(relay);
  return relay;
}

/** OK as { ok, reason }: nostr-tools resolves a true OK and rejects a false one. */
async function publish(relay, event) {
  try {
    return { ok: true, reason: await relay.publish(event) };
  } catch (error) {
    return { ok: false, reason: error.message };
  }
}

/** The stored events matching `filters` (up to EOSE); rejects with the reason of a CLOSED. */
function query(relay, filters) {
  return new Promise((resolve, reject) => {
    const events = [];
    let done = false;
    const sub = relay.subscribe(filters, {
      onevent: (event) => events.push(event),
      oneose: () => { done = true; sub.close(); resolve(events); },
      onclose: (reason) => { if (!done) reject(new Error(reason)); },
    });
  });
}

async function authenticate(relay, sk) {
  for (let i = 0; !relay.challenge && i < 200; i++) await sleep(10);  // ["AUTH", challenge] comes first
  return relay.auth(async (template) => finalizeEvent(template, sk));
}

// ---- raw clients ----------------------------------------------------------------------------------

async function raw(target = node) {
  const ws = new WebSocket(target.relayUrl);
  const inbox = [];
  const waiters = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const i = waiters.findIndex((w) => w.match(message));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(message);
    else inbox.push(message);
  });
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), error })));
  let error;
  ws.on('error', (e) => { error = e; });  // reported with the close
  await once(ws, 'open');
  ws._socket.on('error', (e) => { error = e; });  // ws turns a TCP reset into a silent 1006
  const client = {
    ws,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    /** The next message (already received or to come) for which `match` is true. */
    next(match, timeoutMs = 5000) {
      const i = inbox.findIndex(match);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (m) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching message within ${timeoutMs} ms; unmatched: ${JSON.stringify(inbox).slice(0, 500)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    /** Every message received so far that nobody waited for. */
    inbox,
    close: () => ws.close(),
  };
  open.push(client);
  client.challenge = (await client.next((m) => m[0] === 'AUTH'))[1];
  return client;
}

const okFor = (id) => (m) => m[0] === 'OK' && m[1] === id;

async function rawPublish(client, event) {
  client.send(['EVENT', event]);
  const [, , ok, reason] = await client.next(okFor(event.id));
  return { ok, reason };
}

/** REQ to EOSE (or CLOSED): { events, closed } with closed the CLOSED reason if any. */
async function rawReq(client, filters, id = `sub-${randomBytes(4).toString('hex')}`) {
  client.send(['REQ', id, ...filters]);
  const events = [];
  for (;;) {
    const message = await client.next((m) => m[1] === id && ['EVENT', 'EOSE', 'CLOSED'].includes(m[0]));
    if (message[0] === 'EVENT') events.push(message[2]);
    else return { events, closed: message[0] === 'CLOSED' ? message[2] : undefined };
  }
}

async function rawAuth(client, sk, relayUrl = node.relayUrl) {
  const event = finalizeEvent(makeAuthEvent(relayUrl, client.challenge), sk);
  client.send(['AUTH', event]);
  const [, , ok, reason] = await client.next(okFor(event.id));
  return { ok, reason };
}

// ---- NIP-01 ---------------------------------------------------------------------------------------

test('a published event is stored and served by id, author and tag; a re-publish is a duplicate', async () => {
  const relay = await connect();
  const alice = keys();
  const t = tag();
  const event = sign(alice.sk, { tags: [['t', t]], content: 'lunch at 12? ⚡' });
  assert.deepEqual(await publish(relay, event), { ok: true, reason: '' });

  for (const filter of [{ ids: [event.id] }, { authors: [alice.pk] }, { '#t': [t] }, { kinds: [1], '#t': [t] }]) {
    const found = await query(relay, [filter]);
    assert.equal(found.length, 1, JSON.stringify(filter));
    assert.deepEqual(plain(found[0]), plain(event), JSON.stringify(filter));
  }
  const again = await publish(relay, event);
  assert.equal(again.ok, true);
  assert.match(again.reason, /^duplicate:/);
});

test('a live subscription gets events published after EOSE from another connection', async () => {
  const reader = await connect();
  const writer = await connect();
  const t = tag();
  const received = [];
  let eose;
  const eosed = new Promise((resolve) => { eose = resolve; });
  reader.subscribe([{ kinds: [1], '#t': [t] }], { onevent: (e) => received.push(e), oneose: () => eose() });
  await eosed;
  const events = [0, 1, 2].map((i) => sign(generateSecretKey(), { tags: [['t', t]], content: `live ${i}` }));
  for (const event of events) assert.equal((await publish(writer, event)).ok, true);
  for (let i = 0; received.length < 3 && i < 200; i++) await sleep(10);
  assert.deepEqual(received.map((e) => e.id).sort(), events.map((e) => e.id).sort());
});

test('replaceable and addressable events: the newest version wins', async () => {
  const relay = await connect();
  const alice = keys();
  const t = now();
  const older = sign(alice.sk, { kind: 0, content: '{"name":"old"}', created_at: t - 10 });
  const newer = sign(alice.sk, { kind: 0, content: '{"name":"new"}', created_at: t - 5 });
  assert.equal((await publish(relay, older)).ok, true);
  assert.equal((await publish(relay, newer)).ok, true);
  await publish(relay, sign(alice.sk, { kind: 0, content: '{"name":"stale"}', created_at: t - 20 }));  // late, older
  assert.deepEqual((await query(relay, [{ kinds: [0], authors: [alice.pk] }])).map((e) => e.id), [newer.id]);

  const a1 = sign(alice.sk, { kind: 30078, tags: [['d', 'a']], content: 'a1', created_at: t - 10 });
  const a2 = sign(alice.sk, { kind: 30078, tags: [['d', 'a']], content: 'a2', created_at: t - 5 });
  const b1 = sign(alice.sk, { kind: 30078, tags: [['d', 'b']], content: 'b1', created_at: t - 10 });
  for (const event of [a1, a2, b1]) assert.equal((await publish(relay, event)).ok, true);
  const found = await query(relay, [{ kinds: [30078], authors: [alice.pk] }]);
  assert.deepEqual(found.map((e) => e.content).sort(), ['a2', 'b1']);
});

test('NIP-09: the author deletes by e and a tags; another author cannot; a deleted event stays deleted', async () => {
  const relay = await connect();
  const alice = keys();
  const mallory = keys();
  const doomed = sign(alice.sk, { content: 'oops' });
  const kept = sign(alice.sk, { content: 'keep me' });
  const article = sign(alice.sk, { kind: 30023, tags: [['d', 'draft']], content: 'draft' });
  for (const event of [doomed, kept, article]) assert.equal((await publish(relay, event)).ok, true);

  // Mallory's deletion of Alice's note must not remove it, whatever its OK says.
  await publish(relay, sign(mallory.sk, { kind: 5, tags: [['e', kept.id], ['a', `30023:${alice.pk}:draft`]] }));
  assert.equal((await query(relay, [{ ids: [kept.id, article.id] }])).length, 2, 'another author deleted events');

  assert.equal((await publish(relay, sign(alice.sk, { kind: 5, tags: [['e', doomed.id]] }))).ok, true);
  assert.equal((await publish(relay, sign(alice.sk, { kind: 5, tags: [['a', `30023:${alice.pk}:draft`]] }))).ok, true);
  assert.deepEqual((await query(relay, [{ authors: [alice.pk], kinds: [1, 30023] }])).map((e) => e.id), [kept.id]);

  const replay = await publish(relay, doomed);
  assert.equal(replay.ok, false);
  assert.match(replay.reason, /^blocked:/);
  assert.equal((await query(relay, [{ ids: [doomed.id] }])).length, 0);
});

test('NIP-40: an expired event is refused, one that expires later stops being served', async () => {
  const relay = await connect();
  const alice = keys();
  const expired = await publish(relay, sign(alice.sk, { tags: [['expiration', String(now() - 10)]] }));
  assert.equal(expired.ok, false);
  assert.match(expired.reason, /^invalid:/);

  const expiresAt = now() + 2;
  const brief = sign(alice.sk, { tags: [['expiration', String(expiresAt)]], content: 'brief' });
  assert.equal((await publish(relay, brief)).ok, true);
  assert.equal((await query(relay, [{ ids: [brief.id] }])).length, 1);
  await sleep((expiresAt + 1) * 1000 - Date.now() + 50);
  assert.equal((await query(relay, [{ ids: [brief.id] }])).length, 0, 'served after its expiration');
});

test('NIP-45: COUNT counts the stored matches', async () => {
  const relay = await connect();
  const t = tag();
  for (let i = 0; i < 3; i++) assert.equal((await publish(relay, sign(generateSecretKey(), { tags: [['t', t]] }))).ok, true);
  assert.equal(await relay.count([{ kinds: [1], '#t': [t] }]), 3);
  assert.equal(await relay.count([{ '#t': [tag()] }]), 0);
});

test('a bad signature or id is refused with invalid:', async () => {
  const relay = await connect();
  const alice = keys();
  const good = sign(alice.sk, { content: 'original' });
  const tamperedContent = { ...good, content: 'changed' };  // id no longer matches
  const badSig = { ...good, sig: good.sig.slice(0, -2) + (good.sig.endsWith('00') ? '11' : '00') };
  for (const event of [tamperedContent, badSig]) {
    const reply = await publish(relay, event);
    assert.equal(reply.ok, false);
    assert.match(reply.reason, /^invalid:/);
  }
  assert.equal((await query(relay, [{ authors: [alice.pk] }])).length, 0);
});

// ---- NIP-42 AUTH, private kinds, NIP-70 -------------------------------------------------------------

test('NIP-42: AUTH with the logged relay URL or nostr-tools\' form works; a wrong challenge or URL does not', async () => {
  const alice = keys();
  assert.equal(await authenticate(await connect(), alice.sk), '');  // nostr-tools drops the trailing "/"
  const client = await raw();
  assert.deepEqual(await rawAuth(client, alice.sk, 'ws://127.0.0.1:1/'), { ok: false, reason: 'auth-required: relay URL does not match' });
  const wrongChallenge = finalizeEvent(makeAuthEvent(node.relayUrl, 'not-the-challenge'), alice.sk);
  client.send(['AUTH', wrongChallenge]);
  const [, , ok, reason] = await client.next(okFor(wrongChallenge.id));
  assert.equal(ok, false);
  assert.match(reason, /^auth-required:/);
  assert.deepEqual(await rawAuth(client, alice.sk), { ok: true, reason: '' });
});

test('gift wraps (1059) reach only their authenticated recipient', async () => {
  const alice = keys();
  const bob = keys();
  const eve = keys();
  const wrap = nip17.wrapEvent(alice.sk, { publicKey: bob.pk }, 'lunch at 12?');
  assert.equal(wrap.kind, 1059);
  const sender = await raw();
  assert.deepEqual(await rawPublish(sender, wrap), { ok: true, reason: '' });

  // Eve, not authenticated: filters without kinds, by #p, by author, by id never return it.
  const snoop = await raw();
  for (const filter of [{ ids: [wrap.id] }, { '#p': [bob.pk] }, { authors: [wrap.pubkey] }, { since: wrap.created_at - 1, limit: 1000 }]) {
    const { events, closed } = await rawReq(snoop, [filter]);
    assert.equal(closed, undefined, JSON.stringify(filter));
    assert.ok(!events.some((e) => e.id === wrap.id), `leaked by ${JSON.stringify(filter)}`);
  }
  snoop.send(['COUNT', 'c1', { ids: [wrap.id] }]);
  assert.equal((await snoop.next((m) => m[0] === 'COUNT' && m[1] === 'c1'))[2].count, 0, 'COUNT reveals the wrap');
  const asked = await rawReq(snoop, [{ kinds: [1059], '#p': [bob.pk] }]);
  assert.deepEqual(asked.events, []);
  assert.match(asked.closed ?? '', /^auth-required:/);

  // Eve authenticated as herself still gets nothing, also live.
  assert.equal((await rawAuth(snoop, eve.sk)).ok, true);
  const asEve = await rawReq(snoop, [{ kinds: [1059], '#p': [bob.pk] }], 'eve-live');
  assert.equal(asEve.closed, undefined);
  assert.deepEqual(asEve.events, []);
  await rawReq(snoop, [{ '#p': [bob.pk] }], 'eve-live-p');

  // Bob authenticated gets it, stored and live, and can open it.
  const recipient = await raw();
  assert.equal((await rawAuth(recipient, bob.sk)).ok, true);
  const mine = await rawReq(recipient, [{ kinds: [1059], '#p': [bob.pk] }], 'bob-live');
  assert.deepEqual(mine.events.map((e) => e.id), [wrap.id]);
  assert.equal(nip59.unwrapEvent(mine.events[0], bob.sk).content, 'lunch at 12?');

  const second = nip17.wrapEvent(alice.sk, { publicKey: bob.pk }, 'see you there');
  assert.equal((await rawPublish(sender, second)).ok, true);
  const live = await recipient.next((m) => m[0] === 'EVENT' && m[1] === 'bob-live');
  assert.equal(live[2].id, second.id);
  // A public note to Bob, published after the wrap, reaches Eve's #p subscription: by then the
  // wrap would have arrived before it, had it leaked.
  const sentinel = sign(alice.sk, { tags: [['p', bob.pk]], content: 'public' });
  assert.equal((await rawPublish(sender, sentinel)).ok, true);
  await snoop.next((m) => m[0] === 'EVENT' && m[1] === 'eve-live-p' && m[2].id === sentinel.id);
  assert.ok(!snoop.inbox.some((m) => m[0] === 'EVENT' && [wrap.id, second.id].includes(m[2].id)), 'a live wrap leaked');
});

test('kind 4 DMs are served to their author and p-tagged recipient only', async () => {
  const alice = keys();
  const bob = keys();
  const dm = sign(alice.sk, { kind: 4, tags: [['p', bob.pk]], content: 'ciphertext?iv=abc' });
  const client = await raw();
  assert.equal((await rawPublish(client, dm)).ok, true);
  assert.deepEqual((await rawReq(client, [{ ids: [dm.id] }])).events, []);
  assert.equal((await rawAuth(client, alice.sk)).ok, true);
  assert.deepEqual((await rawReq(client, [{ kinds: [4], authors: [alice.pk] }])).events.map((e) => e.id), [dm.id]);
  const other = await raw();
  assert.equal((await rawAuth(other, bob.sk)).ok, true);
  assert.deepEqual((await rawReq(other, [{ kinds: [4], '#p': [bob.pk] }])).events.map((e) => e.id), [dm.id]);
});

test('NIP-70: a protected event needs AUTH as its author', async () => {
  const alice = keys();
  const eve = keys();
  const client = await raw();
  const protectedNote = sign(alice.sk, { tags: [['-']], content: 'members only' });
  const anonymous = await rawPublish(client, protectedNote);
  assert.equal(anonymous.ok, false);
  assert.match(anonymous.reason, /^auth-required:/);
  assert.equal((await rawAuth(client, eve.sk)).ok, true);
  assert.match((await rawPublish(client, protectedNote)).reason, /^auth-required:/);
  assert.equal((await rawAuth(client, alice.sk)).ok, true);
  assert.deepEqual(await rawPublish(client, protectedNote), { ok: true, reason: '' });
});

// ---- NIP-29 groups -------------------------------------------------------------------------------

test('NIP-29: a group\'s life cycle, with its state signed by the relay\'s NIP-11 key', async () => {
  const info = await (await fetch(node.httpUrl, { headers: { Accept: 'application/nostr+json' } })).json();
  assert.equal(info.self, node.relayPubkey);
  const relay = await connect();
  const alice = keys();
  const bob = keys();
  const carol = keys();
  const id = `lunch-${randomBytes(4).toString('hex')}`;
  const h = ['h', id];
  const state = async () => {
    const events = await query(relay, [{ kinds: [39000, 39001, 39002], '#d': [id] }]);
    for (const event of events) {
      assert.ok(verifyEvent({ ...event }), `relay state ${event.kind} does not verify`);
      assert.equal(event.pubkey, info.self, `state ${event.kind} not signed by NIP-11 self`);
    }
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e]));
    const keysOf = (kind) => (byKind[kind]?.tags ?? []).filter((t) => t[0] === 'p').map((t) => t[1]).sort();
    return { byKind, admins: keysOf(39001), members: keysOf(39002) };
  };

  assert.deepEqual(await publish(relay, sign(alice.sk, { kind: 9007, tags: [h] })), { ok: true, reason: '' });
  let s = await state();
  assert.deepEqual(Object.keys(s.byKind).sort(), ['39000', '39001', '39002']);
  assert.deepEqual(s.admins, [alice.pk]);
  assert.ok(s.byKind[39001].tags.some((t) => t[0] === 'p' && t[1] === alice.pk && t.includes('admin')));
  assert.deepEqual(s.members, [alice.pk]);

  const early = await publish(relay, sign(bob.sk, { kind: 9, tags: [h], content: 'hi?' }));
  assert.equal(early.ok, false);
  assert.match(early.reason, /^restricted:/);

  for (const who of [bob, carol]) assert.equal((await publish(relay, sign(who.sk, { kind: 9021, tags: [h] }))).ok, true);
  s = await state();
  assert.deepEqual(s.members, [alice.pk, bob.pk, carol.pk].sort());
  const hello = sign(bob.sk, { kind: 9, tags: [h], content: 'hello group' });
  assert.equal((await publish(relay, hello)).ok, true);
  assert.deepEqual((await query(relay, [{ kinds: [9], '#h': [id] }])).map((e) => e.id), [hello.id]);
  // The relay announces the joins with its own put-user events.
  const notices = await query(relay, [{ kinds: [9000], '#h': [id], authors: [info.self] }]);
  assert.ok(notices.every((e) => verifyEvent({ ...e })) && notices.length >= 2);

  const notAdmin = await publish(relay, sign(bob.sk, { kind: 9000, tags: [h, ['p', getPublicKey(generateSecretKey())]] }));
  assert.match(notAdmin.reason, /^restricted:/);
  assert.equal((await publish(relay, sign(alice.sk, { kind: 9002, tags: [h, ['name', 'Lunch crew']] }))).ok, true);
  s = await state();
  assert.ok(s.byKind[39000].tags.some((t) => t[0] === 'name' && t[1] === 'Lunch crew'), JSON.stringify(s.byKind[39000].tags));

  assert.equal((await publish(relay, sign(carol.sk, { kind: 9022, tags: [h] }))).ok, true);
  assert.equal((await publish(relay, sign(alice.sk, { kind: 9001, tags: [h, ['p', bob.pk]] }))).ok, true);
  s = await state();
  assert.deepEqual(s.members, [alice.pk]);
  const removed = await publish(relay, sign(bob.sk, { kind: 9, tags: [h], content: 'still here?' }));
  assert.match(removed.reason, /^restricted:/);
});

// ---- robustness ------------------------------------------------------------------------------------

test('malformed JSON gets NOTICE (OK or CLOSED when its id shows), an oversized frame 1009, others keep working', async (t) => {
  // The node closes an oversized frame's connection with most of the frame unread: the client's
  // write then fails (EPIPE) and ws may drop the connection (1006) before reading the 1009, as it
  // did in about half the tries with 600 KiB against the default 512 KiB. A 4 KiB limit and a
  // 16 KiB frame keep this about the node; up to 3 tries absorb the rest.
  const small = await startNode({ config: { limits: { max_ws_message_bytes: 4096 } } });
  try {
    const victim = await raw(small);
    const bystander = await connect(small);
    victim.send('not json at all');
    assert.match((await victim.next((m) => m[0] === 'NOTICE'))[1], /^invalid:/);
    const brokenId = 'ab'.repeat(32);
    victim.send(['EVENT', { id: brokenId, pubkey: 'zz' }]);
    const [, , ok, reason] = await victim.next(okFor(brokenId));
    assert.equal(ok, false);
    assert.match(reason, /^invalid:/);
    victim.send(['REQ', 'broken-sub', 42]);
    assert.match((await victim.next((m) => m[0] === 'CLOSED' && m[1] === 'broken-sub'))[2], /^invalid:/);
    assert.equal((await rawReq(victim, [{ ids: [brokenId] }])).closed, undefined, 'connection unusable after malformed input');

    const huge = JSON.stringify(['EVENT', sign(generateSecretKey(), { content: 'x'.repeat(16 * 1024) })]);
    const codes = [];
    for (let client = victim; codes.length < 3 && !codes.includes(1009); client = await raw(small)) {
      client.send(huge);
      const { code, error } = await client.closed;
      codes.push(code);
      if (code !== 1009) t.diagnostic(`close ${code}${error ? ` after ${error.code ?? error.message}` : ''}`);
    }
    assert.ok(codes.every((code) => code === 1009 || code === 1006), `close codes ${codes}`);
    assert.equal(codes.at(-1), 1009, `close codes ${codes}`);

    const note = sign(generateSecretKey(), { content: 'still fine' });
    assert.equal((await publish(bystander, note)).ok, true);
    assert.equal((await query(bystander, [{ ids: [note.id] }])).length, 1);
  } finally {
    await small.kill();
  }
});

test('rate limits answer rate-limited: per connection, for EVENT and REQ', async () => {
  const limited = await startNode({ config: { relay: {
    events_per_connection: { per_second: 0.1, burst: 3 }, reqs_per_connection: { per_second: 0.1, burst: 2 } } } });
  const relay = await connect(limited);
  const alice = keys();
  const replies = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => publish(relay, sign(alice.sk, { content: `n${i}` }))));
  assert.deepEqual(replies.slice(0, 3).map((r) => r.ok), [true, true, true]);
  for (const reply of replies.slice(3)) {
    assert.equal(reply.ok, false);
    assert.match(reply.reason, /^rate-limited:/);
  }
  // The bucket is per connection: a new one may publish.
  assert.equal((await publish(await connect(limited), sign(alice.sk, { content: 'fresh connection' }))).ok, true);

  const client = await raw(limited);
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await rawReq(client, [{ kinds: [1], limit: 1 }]));
  assert.deepEqual(answers.slice(0, 2).map((a) => a.closed), [undefined, undefined]);
  assert.match(answers[2].closed ?? '', /^rate-limited:/);
  await limited.kill();
});

// ---- HTTP -----------------------------------------------------------------------------------------------

test('NIP-11 document with CORS, /healthz and /metrics', async () => {
  const response = await fetch(node.httpUrl, { headers: { Accept: 'application/nostr+json' } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/nostr\+json/);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  const info = await response.json();
  assert.equal(info.self, node.relayPubkey);
  assert.deepEqual(info.supported_nips, [1, 9, 11, 17, 29, 40, 42, 45, 59, 70]);
  assert.equal(info.limitation.max_message_length, 524288);
  assert.equal(info.limitation.max_subscriptions, 64);

  const health = await fetch(new URL('/healthz', node.httpUrl));
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });

  const metrics = await fetch(new URL('/metrics', node.httpUrl));
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type'), /^text\/plain/);
  const text = await metrics.text();
  const stored = Number(/^flash_relay_events_stored_total (\d+)/m.exec(text)?.[1]);
  assert.ok(stored > 0, `flash_relay_events_stored_total missing or zero in:\n${text.slice(0, 2000)}`);
  assert.match(text, /^# TYPE flash_relay_events_received_total counter$/m);
});

// ---- life cycle ------------------------------------------------------------------------------------------

test('a restart on the same data directory keeps the events, the relay key and the groups', async () => {
  const first = await startNode();
  const alice = keys();
  const id = `g${randomBytes(4).toString('hex')}`;
  let relay = await connect(first);
  const note = sign(alice.sk, { content: 'survives a restart' });
  const profile = sign(alice.sk, { kind: 0, content: '{"name":"alice"}' });
  for (const event of [note, profile, sign(alice.sk, { kind: 9007, tags: [['h', id]] })]) {
    assert.equal((await publish(relay, event)).ok, true);
  }
  relay.close();
  assert.equal(await first.stop(), 0);

  const second = await startNode({ dataDir: first.dataDir });
  assert.equal(second.relayPubkey, first.relayPubkey, 'the relay key changed');
  relay = await connect(second);
  assert.deepEqual((await query(relay, [{ authors: [alice.pk], kinds: [0, 1] }])).map((e) => e.id).sort(),
                   [note.id, profile.id].sort());
  // Alice is still the group's admin: she may post and moderate.
  assert.equal((await publish(relay, sign(alice.sk, { kind: 9, tags: [['h', id]], content: 'back' }))).ok, true);
  assert.equal((await publish(relay, sign(alice.sk, { kind: 9002, tags: [['h', id], ['name', 'After']] }))).ok, true);
  await second.kill();
});

test('SIGTERM stops gracefully: EVENTs already received still get their OK, and are stored', async (t) => {
  const unlimited = { per_second: 1e6, burst: 1e6 };
  const config = { relay: { events_per_connection: unlimited, events_per_ip: unlimited, events_per_pubkey: unlimited } };
  const first = await startNode({ config });
  const client = await raw(first);
  const alice = keys();
  const events = Array.from({ length: 300 }, (_, i) => sign(alice.sk, { content: `in flight ${i}` }));
  const oks = new Map();
  client.ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m[0] === 'OK') oks.set(m[1], m);
  });
  for (const event of events) client.send(['EVENT', event]);
  // Messages are handled in order: at EOSE the node has read every EVENT before the REQ.
  await rawReq(client, [{ ids: ['00'.repeat(32)] }]);
  const inFlight = events.length - oks.size;
  t.diagnostic(`${inFlight} of ${events.length} EVENTs were still waiting for their OK at SIGTERM`);
  const stopped = first.stop();
  const { code } = await client.closed;
  assert.equal(await stopped, 0);
  assert.equal(code, 1001, 'the node should close WebSockets as "going away"');
  const missing = events.filter((e) => !oks.has(e.id));
  assert.equal(missing.length, 0, `${missing.length} of ${inFlight} in-flight EVENTs got no OK`);
  for (const [, , ok, reason] of oks.values()) assert.equal(ok, true, reason);
  assert.ok(first.logs.some((e) => e.msg === 'stopped'));

  const second = await startNode({ config, dataDir: first.dataDir });
  const relay = await connect(second);
  assert.equal(await relay.count([{ authors: [alice.pk] }]), events.length);
  await second.kill();
});

test('a closed WebSocket gives its connection slot back, and a stop does not wait for it', async () => {
  const small = await startNode({ config: { limits: { max_connections_per_ip: 2 } } });
  try {
    const gauge = async () => {
      const text = await (await fetch(new URL('/metrics', small.httpUrl), { headers: { Connection: 'close' } })).text();
      return Number(/^flash_websocket_connections (\S+)$/m.exec(text)?.[1]);
    };
    for (let i = 0; i < 4; i++) {
      const ws = new WebSocket(small.relayUrl);
      const opened = await new Promise((resolve) => {
        ws.once('open', () => resolve(true));
        ws.once('error', () => resolve(false));
      });
      assert.ok(opened, `connection ${i + 1} refused: closed connections still hold their per-IP slots`);
      ws.close();
      await once(ws, 'close');
      for (let tries = 0; (await gauge()) !== 0 && tries < 20; tries++) await sleep(25);
      assert.equal(await gauge(), 0, `flash_websocket_connections after closing connection ${i + 1}`);
    }
    const started = performance.now();
    assert.equal(await small.stop(), 0);
    assert.ok(performance.now() - started < 5000, 'stop waited for connections that were gone');
    assert.ok(!small.logs.some((e) => /grace period over/.test(e.msg ?? '')));
  } finally {
    await small.kill();
  }
});
