// NOSTR interop: the wasm core against nostr-tools, the independent implementation most NOSTR
// clients use. Every check goes both ways: what we make, they accept, and the reverse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import * as nip04 from 'nostr-tools/nip04';
import * as nip19 from 'nostr-tools/nip19';
import * as nip44 from 'nostr-tools/nip44';
import * as nip17 from 'nostr-tools/nip17';
import * as nip59 from 'nostr-tools/nip59';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const hex = (u8) => Buffer.from(u8).toString('hex');
const now = () => Math.floor(Date.now() / 1000);

// Text that exercises the NIP-01 escaping rules and multi-byte UTF-8.
function randomText(length) {
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0001', '\u001f', '/', 'é', '€', '😀', '\u2028', '<'];
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function randomTemplate() {
  return {
    kind: randomInt(0, 65536),
    created_at: randomInt(0, 2 ** 31),
    tags: Array.from({ length: randomInt(4) }, () => ['t', randomText(randomInt(8)), randomText(3)]),
    content: randomText(randomInt(200)),
  };
}

test('events we sign verify in nostr-tools, theirs verify in ours, tampered ones in neither', () => {
  for (let i = 0; i < 300; i++) {
    const secret = generateSecretKey();
    const ours = JSON.parse(core.signEvent(JSON.stringify(randomTemplate()), secret));
    assert.equal(ours.pubkey, getPublicKey(secret));
    assert.ok(verifyEvent({ ...ours }), `nostr-tools rejects ${JSON.stringify(ours)}`);
    const theirs = finalizeEvent(randomTemplate(), secret);
    assert.ok(core.verifyEvent(JSON.stringify(theirs)));
    const tampered = { ...theirs, content: theirs.content + ' ' };
    assert.equal(core.verifyEvent(JSON.stringify(tampered)), false);
    assert.equal(verifyEvent({ ...ours, content: ours.content + ' ' }), false);
  }
  assert.equal(core.verifyEvent('{"not":"an event"}'), false);
  assert.equal(core.verifyEvent('{'), false);
});

test('NIP-44 payloads decrypt both ways for 1,000 random keys and lengths', () => {
  for (let i = 0; i < 1000; i++) {
    const a = generateSecretKey();
    const b = generateSecretKey();
    const ours = core.nip44ConversationKey(a, Buffer.from(getPublicKey(b), 'hex'));
    const theirs = nip44.getConversationKey(b, getPublicKey(a));
    assert.equal(hex(ours), hex(theirs));
    // Mostly short messages, some across the 65,535-byte boundary of the extended length prefix.
    const length = i % 100 === 0 ? randomInt(65_000, 70_000) : randomInt(1, 3000);
    const plaintext = randomText(length);
    assert.equal(nip44.decrypt(core.nip44Encrypt(plaintext, ours), theirs), plaintext);
    assert.equal(core.nip44Decrypt(nip44.encrypt(plaintext, theirs), ours), plaintext);
  }
});

test('NIP-44: a tampered payload is refused with a typed error', () => {
  const key = nip44.getConversationKey(generateSecretKey(), getPublicKey(generateSecretKey()));
  const payload = nip44.encrypt('hello', key);
  const bytes = Buffer.from(payload, 'base64');
  bytes[40] ^= 1;
  assert.throws(() => core.nip44Decrypt(bytes.toString('base64'), key), { code: 'decrypt_failed' });
  assert.throws(() => core.nip44Decrypt('#' + payload.slice(1), key), { code: 'bad_payload' });
});

test('NIP-04 legacy DMs decrypt both ways', async () => {
  for (let i = 0; i < 50; i++) {
    const a = generateSecretKey();
    const b = generateSecretKey();
    const text = randomText(randomInt(1, 500));
    const ours = core.nip04Encrypt(text, a, Buffer.from(getPublicKey(b), 'hex'));
    assert.equal(await nip04.decrypt(b, getPublicKey(a), ours), text);
    const theirs = await nip04.encrypt(a, getPublicKey(b), text);
    assert.equal(core.nip04Decrypt(theirs, b, Buffer.from(getPublicKey(a), 'hex')), text);
  }
});

test('gift-wrapped rumors (NIP-59) unwrap in nostr-tools, and theirs in ours', () => {
  for (let i = 0; i < 30; i++) {
    const sender = generateSecretKey();
    const recipient = generateSecretKey();
    const template = randomTemplate();
    const wrap = JSON.parse(core.giftWrap(JSON.stringify(template), sender, getPublicKey(recipient), now()));
    assert.equal(wrap.kind, 1059);
    assert.ok(verifyEvent({ ...wrap }));
    const rumor = nip59.unwrapEvent(wrap, recipient);
    assert.equal(rumor.content, template.content);
    assert.equal(rumor.pubkey, getPublicKey(sender));
    const theirs = nip59.wrapEvent(template, sender, getPublicKey(recipient));
    const ours = JSON.parse(core.giftUnwrap(JSON.stringify(theirs), recipient));
    assert.equal(ours.content, template.content);
    assert.equal(ours.id, nip59.unwrapEvent(theirs, recipient).id);
    assert.throws(() => core.giftUnwrap(JSON.stringify(theirs), generateSecretKey()), { code: 'decrypt_failed' });
  }
});

test('NIP-17 private DMs: ours open in nostr-tools, theirs open in ours', () => {
  const alice = generateSecretKey();
  const bob = generateSecretKey();
  const carol = generateSecretKey();
  const message = { content: 'Lunch at noon? ☕', recipients: [getPublicKey(bob), getPublicKey(carol)], subject: 'plans' };
  const wraps = JSON.parse(core.dmWrap(JSON.stringify(message), alice, now()));
  assert.equal(wraps.length, 3);  // bob, carol and a copy for alice
  for (const [key, name] of [[bob, 'bob'], [carol, 'carol'], [alice, 'alice']]) {
    const wrap = wraps.find((w) => w.recipient === getPublicKey(key)).wrap;
    const rumor = nip17.unwrapEvent(wrap, key);
    assert.equal(rumor.kind, 14, name);
    assert.equal(rumor.content, message.content);
    assert.deepEqual(rumor.tags.filter((t) => t[0] === 'subject'), [['subject', 'plans']]);
  }
  const theirs = nip17.wrapEvent(alice, { publicKey: getPublicKey(bob) }, 'hi bob', 'greetings');
  const opened = JSON.parse(core.dmUnwrap(JSON.stringify(theirs), bob));
  assert.deepEqual([opened.kind, opened.sender, opened.content, opened.subject, opened.recipients],
                   [14, getPublicKey(alice), 'hi bob', 'greetings', [getPublicKey(bob)]]);
});

test('NIP-19 entities round-trip both ways', () => {
  for (let i = 0; i < 50; i++) {
    const pubkey = getPublicKey(generateSecretKey());
    const id = hex(randomBytes(32));
    const relays = Array.from({ length: randomInt(3) }, (_, k) => `wss://relay${k}.example.com`);
    const entities = [
      { type: 'npub', data: pubkey },
      { type: 'note', data: id },
      { type: 'nprofile', data: { pubkey, relays } },
      { type: 'nevent', data: { id, relays, author: pubkey, kind: randomInt(65536) } },
      { type: 'naddr', data: { identifier: randomText(10), pubkey, kind: 30023, relays } },
    ];
    for (const entity of entities) {
      const ours = core.nip19Encode(JSON.stringify(entity));
      assert.deepEqual(normalise(nip19.decode(ours)), normalise(entity), ours);
      const theirs = encodeWithNostrTools(entity);
      assert.deepEqual(normalise(JSON.parse(core.nip19Decode(theirs))), normalise(entity), theirs);
    }
    const secret = generateSecretKey();
    assert.equal(JSON.parse(core.nip19Decode(nip19.nsecEncode(secret))).data, hex(secret));
    assert.equal(core.nip19Encode(JSON.stringify({ type: 'nsec', data: hex(secret) })), nip19.nsecEncode(secret));
  }
  assert.throws(() => core.nip19Decode('npub1invalid'), (e) => ['bad_bech32', 'bad_checksum'].includes(e.code));
});

function encodeWithNostrTools({ type, data }) {
  switch (type) {
    case 'npub': return nip19.npubEncode(data);
    case 'note': return nip19.noteEncode(data);
    case 'nprofile': return nip19.nprofileEncode(data);
    case 'nevent': return nip19.neventEncode(data);
    case 'naddr': return nip19.naddrEncode(data);
  }
}

// nostr-tools omits empty optional fields; compare with those dropped.
function normalise({ type, data }) {
  if (typeof data !== 'object') return { type, data };
  return { type, data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) };
}
