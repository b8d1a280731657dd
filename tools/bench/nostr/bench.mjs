// tools/bench/nostr: the wasm core against nostr-tools in one Node process — event verification,
// NIP-44 encrypt + decrypt of 1 KiB, and NIP-59 gift wrap + unwrap — as ops/s and ratios.
// A benchmark, not a test; interleaved rounds and medians as in tools/bench/measure.mjs.
//
// Verification starts for both from the event's JSON text, as it arrives in a relay frame: ours
// parses it in wasm, nostr-tools gets JSON.parse's object (fresh each time: it caches verdicts on
// the object it verified).
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import * as nip44 from 'nostr-tools/nip44';
import * as nip59 from 'nostr-tools/nip59';
import { loadCore } from '../../../wasm/load-node.mjs';
import { formatOps as fmt, median, opsPerSecond, rounds, seconds } from '../measure.mjs';

const core = await loadCore();
const alice = generateSecretKey();
const bob = generateSecretKey();
const event = finalizeEvent({ kind: 1, created_at: 1700000000, tags: [['p', getPublicKey(bob)], ['t', 'flash']],
                              content: 'Paying you back for lunch, thanks! ⚡'.repeat(4) }, alice);
const eventJson = JSON.stringify(event);
const kib = 'x'.repeat(1024);
const oursKey = core.nip44ConversationKey(alice, Buffer.from(getPublicKey(bob), 'hex'));
const theirKey = nip44.getConversationKey(alice, getPublicKey(bob));
const rumorTemplate = { kind: 14, created_at: 1700000000, tags: [['p', getPublicKey(bob)]], content: 'see you at 12' };
const rumorJson = JSON.stringify(rumorTemplate);
const bobPub = getPublicKey(bob);
const now = Math.floor(Date.now() / 1000);

const operations = [
  { name: 'event verification',
    ours: () => { if (!core.verifyEvent(eventJson)) throw new Error('ours: invalid'); },
    theirs: () => { if (!verifyEvent(JSON.parse(eventJson))) throw new Error('theirs: invalid'); } },
  { name: 'NIP-44 encrypt + decrypt, 1 KiB',
    ours: () => core.nip44Decrypt(core.nip44Encrypt(kib, oursKey), oursKey),
    theirs: () => nip44.decrypt(nip44.encrypt(kib, theirKey), theirKey) },
  { name: 'NIP-59 gift wrap + unwrap',
    ours: () => core.giftUnwrap(core.giftWrap(rumorJson, alice, bobPub, now), bob),
    theirs: () => nip59.unwrapEvent(nip59.wrapEvent(rumorTemplate, alice, bobPub), bob) },
];
for (const op of operations) { op.oursRuns = []; op.theirRuns = []; opsPerSecond(op.ours); opsPerSecond(op.theirs); }
for (let round = 0; round < rounds; round++) {
  for (const op of operations) {
    op.oursRuns.push(opsPerSecond(op.ours));
    op.theirRuns.push(opsPerSecond(op.theirs));
  }
}

console.log(`median of ${rounds} interleaved rounds of ${seconds} s each, Node ${process.version}\n`);
console.log('| operation | wasm core ops/s | nostr-tools ops/s | ratio |');
console.log('|---|---|---|---|');
for (const op of operations) {
  const ours = median(op.oursRuns);
  const theirs = median(op.theirRuns);
  console.log(`| ${op.name} | ${fmt(ours)} | ${fmt(theirs)} | ${(ours / theirs).toFixed(1)}x |`);
}
