// NIP-98 Authorization headers from the flash-core ES module, checked with nostr-tools' own
// NIP-98 validation and event verification (an independent implementation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { finalizeEvent, verifyEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import * as nip98 from 'nostr-tools/nip98';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const now = () => Math.floor(Date.now() / 1000);
const tagValue = (event, name) => event.tags.find((t) => t[0] === name)?.[1];

test('a header for a request with a body is a kind-27235 event with u, method and payload tags', async () => {
  const secret = generateSecretKey();
  const url = 'http://127.0.0.1:8080/api/v1/lightning/invoices?x=1';
  const body = { amount_sat: 21, description: 'coffee ☕' };
  const bodyBytes = new TextEncoder().encode(JSON.stringify(body));
  const header = core.httpAuthHeader(url, 'POST', bodyBytes, secret, now());
  assert.match(header, /^Nostr [A-Za-z0-9+/]+=*$/);

  const event = await nip98.unpackEventFromToken(header);
  assert.equal(event.kind, 27235);
  assert.equal(event.pubkey, getPublicKey(secret));
  assert.equal(tagValue(event, 'u'), url);
  assert.equal(tagValue(event, 'method'), 'POST');
  assert.equal(tagValue(event, 'payload'), createHash('sha256').update(bodyBytes).digest('hex'));
  assert.ok(verifyEvent(event));
  // nostr-tools hashes JSON.stringify(body): the same bytes the header was made for.
  assert.equal(await nip98.validateEvent(event, url, 'POST', body), true);
  assert.equal(await nip98.validateToken(header, url, 'POST'), true);

  await assert.rejects(nip98.validateEvent(event, url.replace('8080', '8081'), 'POST', body), /url tag/);
  await assert.rejects(nip98.validateEvent(event, url, 'GET', body), /method tag/);
  await assert.rejects(nip98.validateEvent(event, url, 'POST', { ...body, amount_sat: 22 }), /payload tag/);
});

test('a header without a body has no payload tag; a stale one fails nostr-tools validation', async () => {
  const secret = generateSecretKey();
  const url = 'http://127.0.0.1:8080/api/v1/balance';
  const event = await nip98.unpackEventFromToken(core.httpAuthHeader(url, 'GET', null, secret, now()));
  assert.equal(tagValue(event, 'payload'), undefined);
  assert.deepEqual(event.tags.map((t) => t[0]), ['u', 'method', 'nonce']);
  assert.equal(await nip98.validateEvent(event, url, 'GET'), true);

  const stale = await nip98.unpackEventFromToken(core.httpAuthHeader(url, 'GET', undefined, secret, now() - 120));
  assert.ok(verifyEvent(stale));
  await assert.rejects(nip98.validateEvent(stale, url, 'GET'), /timestamp/);
});

test('the event id equals the one nostr-tools computes for the same template', async () => {
  const secret = generateSecretKey();
  const at = now();
  const bodyBytes = new TextEncoder().encode('{"blocks":3}');
  const ours = await nip98.unpackEventFromToken(
    core.httpAuthHeader('http://h/api/v1/fake/chain/mine', 'POST', bodyBytes, secret, at));
  const theirs = finalizeEvent({
    kind: 27235, created_at: at, content: '',
    tags: [['u', 'http://h/api/v1/fake/chain/mine'], ['method', 'POST'], ['payload', nip98.hashPayload({ blocks: 3 })],
           ['nonce', tagValue(ours, 'nonce')]],
  }, secret);
  assert.equal(ours.id, theirs.id);
  assert.ok(core.verifyEvent(JSON.stringify(theirs)));
});

test('identical requests in the same second get distinct event ids (servers accept an id once)', async () => {
  const secret = generateSecretKey();
  const at = now();
  const ids = new Set();
  for (let i = 0; i < 5; i++) {
    const event = await nip98.unpackEventFromToken(core.httpAuthHeader('http://h/api/v1/balance', 'GET', null, secret, at));
    assert.match(tagValue(event, 'nonce'), /^[0-9a-f]{32}$/);
    ids.add(event.id);
  }
  assert.equal(ids.size, 5);
});

test('bad arguments surface as JS errors with a code', () => {
  assert.throws(() => core.httpAuthHeader('http://h/', 'GET', null, new Uint8Array(31), now()), { code: 'bad_length' });
  assert.throws(() => core.httpAuthHeader('http://h/', 'POST', 'not bytes', generateSecretKey(), now()), { code: 'bad_argument' });
});
