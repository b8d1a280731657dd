// BOLT 11 against light-bolt11-decoder 3.2.0, fiatjaf's small and widely used independent decoder:
// invoices from flash-node's fake Lightning backend (through the mint's public API) and the spec's
// examples decode to the same fields there and in the wasm core. The npm decoder reads fields but
// checks no signature, so @noble/curves recovers and verifies the payee key over the signing hash
// computed here from @scure/base's bech32: neither side grades its own work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decode as npmDecode } from 'light-bolt11-decoder';
import { bech32, hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { loadCore } from '../../wasm/load-node.mjs';
import { startNode, stopAll } from './support/flash-node.mjs';

const core = await loadCore();
const vectors = process.env.FLASH_VECTORS_DIR ?? new URL('../../../shared/vectors/', import.meta.url).pathname;
const vectorFile = JSON.parse(await readFile(join(vectors, 'bolt11/bolt11-test-vectors.json'), 'utf8'));
const sha256 = (data) => createHash('sha256').update(data).digest();

const mintName = 'Flash interop mint ⚡';
const quoteExpiry = 7200;        // not BOLT 11's default 3600, so the expiry field must be read
const maxAmount = 2 ** 40;       // the largest max_amount flash-node accepts, in sat
let node, mintUrl, nodeId;

before(async () => {
  node = await startNode({ config: { mint: { name: mintName, max_amount: maxAmount, quote_expiry_s: quoteExpiry } } });
  mintUrl = node.httpUrl.replace(/\/$/, '');
  // The fake backend signs with this key (hex in the data directory): the payee every decoder must find.
  const key = hex.decode((await readFile(join(node.dataDir, 'fake-lightning.key'), 'utf8')).trim());
  nodeId = hex.encode(secp256k1.getPublicKey(key, true));
});
after(stopAll);

/** 5-bit words to bytes, zero-padded to a whole byte, as BOLT 11 signs the data part. */
function wordsToBytesPadded(words) {
  const padded = [...words, ...new Array((8 - (words.length % 8)) % 8).fill(0)];
  return bech32.fromWords(padded).subarray(0, Math.ceil((words.length * 5) / 8));
}

/** SHA-256(hrp || data part without the signature): what the payee signed. */
function signingHash(text) {
  const { prefix, words } = bech32.decode(text, false);
  return sha256(Buffer.concat([Buffer.from(prefix, 'utf8'), wordsToBytesPadded(words.slice(0, -104))]));
}

/** The key that signed `text`, recovered by @noble/curves (throws when none does). */
function recoverPayee(text, signature, recoveryId) {
  const recovered = Uint8Array.from([recoveryId, ...hex.decode(signature)]);  // noble's recid || r || s
  return hex.encode(secp256k1.recoverPublicKey(recovered, signingHash(text), { prehash: false }));
}

/** "BxTxO" from the 8-byte short channel id as hex. */
function scidText(scidHex) {
  return [scidHex.slice(0, 6), scidHex.slice(6, 12), scidHex.slice(12)].map((part) => parseInt(part, 16)).join('x');
}

/** Set bit numbers from light-bolt11-decoder's named feature statuses plus its extra bits. */
function featureBits(parsed) {
  const named = ['option_data_loss_protect', 'initial_routing_sync', 'option_upfront_shutdown_script',
    'gossip_queries', 'var_onion_optin', 'gossip_queries_ex', 'option_static_remotekey', 'payment_secret',
    'basic_mpp', 'option_support_large_channel'];
  const bits = [];
  named.forEach((name, i) => {
    if (parsed[name] === 'required') bits.push(2 * i);
    if (parsed[name] === 'supported') bits.push(2 * i + 1);
  });
  parsed.extra_bits.bits.forEach((set, i) => set && bits.push(parsed.extra_bits.start_bit + i));
  return bits;
}

/**
 * What light-bolt11-decoder reads from `text`, in the shape of core.decodeBolt11's result. Only
 * its own reading: `payee` is the n field (null without one), expiry and min_final_cltv_expiry
 * are null when absent (it applies no defaults). Throws what the npm decoder throws.
 */
function npmRead(text) {
  const decoded = npmDecode(text);
  const all = (name) => decoded.sections.filter((s) => s.name === name).map((s) => s.value);
  const first = (name) => all(name)[0] ?? null;
  const signature = first('signature');  // r || s || recovery id, hex
  const amount = first('amount');        // msat as a decimal string
  return {
    network: first('coin_network').bech32,
    amountMsat: amount === null ? null : Number(amount),
    timestamp: first('timestamp'),
    paymentHash: first('payment_hash'),
    paymentSecret: first('payment_secret'),
    description: first('description'),
    descriptionHash: first('description_hash'),
    expiry: first('expiry'),
    minFinalCltvExpiry: first('min_final_cltv_expiry'),
    features: featureBits(first('feature_bits') ?? { extra_bits: { bits: [] } }),
    // It does not parse `f`: it hands back the field's words as a bech32 string "unknown1...".
    fallbacks: all('fallback_address').map(({ words: text }) => {
      const { words } = bech32.decode(text, false);
      return { version: words[0], program: hex.encode(bech32.fromWords(words.slice(1))) };
    }),
    routeHints: decoded.route_hints.map((hops) => hops.map((hop) => ({
      pubkey: hop.pubkey,
      shortChannelId: scidText(hop.short_channel_id),
      feeBaseMsat: hop.fee_base_msat,
      feeProportionalMillionths: hop.fee_proportional_millionths,
      cltvExpiryDelta: hop.cltv_expiry_delta,
    }))),
    metadata: first('metadata'),
    payee: first('payee'),
    signature: signature.slice(0, 128),
    recoveryId: parseInt(signature.slice(128), 16),
  };
}

/**
 * The npm reading completed the way BOLT 11 says a reader must: default expiry 3600 s and
 * min_final_cltv_expiry 18, and the payee recovered from the signature when there is no n field
 * (when there is one, the signature must verify against it). The result has core's exact keys.
 */
function npmView(text) {
  const read = npmRead(text);
  const recovered = recoverPayee(text, read.signature, read.recoveryId);
  if (read.payee !== null) {
    assert.ok(secp256k1.verify(hex.decode(read.signature), signingHash(text), hex.decode(read.payee), { prehash: false }),
              'the signature verifies against the n field');
  }
  const expiry = read.expiry ?? 3600;
  return { ...read, expiry, expiresAt: read.timestamp + expiry, minFinalCltvExpiry: read.minFinalCltvExpiry ?? 18,
           payee: read.payee ?? recovered };
}

async function mintQuote(body) {
  const response = await fetch(`${mintUrl}/v1/mint/quote/bolt11`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `mint quote ${JSON.stringify(body)}`);
  return response.json();
}

test('invoices from the fake backend decode to the same fields in light-bolt11-decoder and the core', async () => {
  const requests = [
    { amount: 1 },                                     // the smallest: 1000 msat, "10n"
    { amount: 21, description: 'coffee ☕ for Bob' },
    { amount: 1000 },
    { amount: 100_000, description: 'ナンセンス 1杯' },
    { amount: 100_000_000 },                           // one whole bitcoin
    { amount: 123_456_789, description: 'x'.repeat(600) },
    { amount: maxAmount, description: 'the largest amount the mint allows' },  // 2^40 sat, 1.1e15 msat
  ];
  const seen = new Set();
  for (const request of requests) {
    const before = Math.floor(Date.now() / 1000);
    const quote = await mintQuote({ ...request, unit: 'sat' });
    const after = Math.ceil(Date.now() / 1000);
    const text = quote.request;
    const what = `${request.amount} sat`;
    assert.match(text, /^lnbcrt\d+[munp]?1/, what);

    const ours = core.decodeBolt11(text);
    const theirs = npmView(text);
    assert.deepEqual(theirs, ours, what);

    // What was asked for, read by the npm decoder (and so, by the line above, by the core).
    assert.equal(theirs.network, 'bcrt', what);
    assert.equal(theirs.amountMsat, request.amount * 1000, what);
    assert.equal(theirs.description, request.description ?? mintName, what);
    assert.equal(theirs.descriptionHash, null, what);
    assert.equal(theirs.expiry, quoteExpiry, what);
    assert.equal(theirs.expiresAt, quote.expiry, `${what}: the quote expires with its invoice`);
    assert.ok(theirs.timestamp >= before && theirs.timestamp <= after, `${what}: timestamp ${theirs.timestamp} is now`);
    assert.match(theirs.paymentHash, /^[0-9a-f]{64}$/, what);
    assert.match(theirs.paymentSecret, /^[0-9a-f]{64}$/, what);
    assert.ok(!seen.has(theirs.paymentHash) && !seen.has(theirs.paymentSecret), `${what}: fresh hash and secret`);
    seen.add(theirs.paymentHash).add(theirs.paymentSecret);
    // The npm reading itself carries the c field and both feature bits; nothing else is there.
    const read = npmRead(text);
    assert.equal(read.minFinalCltvExpiry, 18, what);
    assert.deepEqual(read.features, [8, 14], `${what}: var_onion_optin and payment_secret, required`);
    assert.deepEqual([read.fallbacks, read.routeHints, read.metadata, read.payee], [[], [], null, null], what);

    // Signed by the fake backend's node key, low-S, as BOLT 11 writers must.
    assert.equal(theirs.payee, nodeId, `${what}: @noble/curves recovers the node key`);
    assert.ok(secp256k1.verify(hex.decode(theirs.signature), signingHash(text), hex.decode(nodeId), { prehash: false, lowS: true }),
              `${what}: the signature verifies (low-S)`);
  }
});

test('a changed amount breaks the signature for both: the payee check is not vacuous', async () => {
  const { request: text } = await mintQuote({ amount: 1, unit: 'sat' });
  const { prefix, words } = bech32.decode(text, false);
  assert.equal(prefix, 'lnbcrt10n');
  const forged = bech32.encode('lnbcrt20n', words, false);  // 2 sat, a valid checksum, the old signature
  const ours = core.decodeBolt11(forged);
  const theirs = npmView(forged);
  assert.equal(theirs.amountMsat, 2000);
  assert.deepEqual(theirs, ours);
  assert.notEqual(ours.payee, nodeId, 'a different key "signed" the forged invoice');
  assert.equal(secp256k1.verify(hex.decode(theirs.signature), signingHash(forged), hex.decode(nodeId), { prehash: false }), false);
});

// light-bolt11-decoder 3.2.0 throws on one valid example: "Same, but including fields which must
// be ignored." It parses every p/h/s field whatever its length, and the 51-word `p` (255 bits,
// which BOLT 11 says to skip) does not convert to bytes, so it fails with "radix2.encode input
// should be Uint8Array". (npm bolt11 1.4.1 rejects the same example, for its wrong-length `n`.)
const npmRejectsValid = new Map([['Same, but including fields which must be ignored.', /radix2\.encode input should be Uint8Array/]]);

test('every valid BOLT 11 example the npm decoder reads decodes to the same fields in the core', () => {
  const rejected = [];
  for (const v of vectorFile.valid) {
    const ours = core.decodeBolt11(v.invoice);
    let theirs;
    try {
      theirs = npmView(v.invoice);
    } catch (error) {
      assert.ok(npmRejectsValid.has(v.title), `light-bolt11-decoder rejects "${v.title}": ${error.message}`);
      assert.match(error.message, npmRejectsValid.get(v.title), v.title);
      rejected.push(v.title);
      continue;
    }
    assert.deepEqual(theirs, ours, v.title);
    // Signature validity: high-S is allowed without an n field (the spec's last example).
    assert.ok(secp256k1.verify(hex.decode(theirs.signature), signingHash(v.invoice), hex.decode(theirs.payee), { prehash: false, lowS: false }),
              `${v.title}: the signature verifies against the payee`);
  }
  assert.deepEqual(rejected, [...npmRejectsValid.keys()], 'the npm decoder rejects exactly the documented examples');
  assert.equal(vectorFile.valid.length - rejected.length, 15, 'fifteen examples compared field by field');
});

// light-bolt11-decoder only checks the bech32 string, the prefix and the amount, so it reads four
// of the invalid examples without complaint: those are its gaps, not disagreements. For each, what
// it read shows the rule the example breaks, and the core must reject it.
const npmGaps = new Map([
  ['Same, but adding invalid unknown feature 100', (read) => read.features.includes(100)],  // even bit: must fail
  ['Signature is not recoverable.', (read, text) => {
    assert.throws(() => recoverPayee(text, read.signature, read.recoveryId));
    return true;
  }],
  ['Missing required `s` field.', (read) => read.paymentSecret === null],
  ["Non canonical signature (high-S) with 'n' field defined",
   (read) => read.payee !== null && secp256k1.Signature.fromBytes(hex.decode(read.signature), 'compact').hasHighS()],
]);

test('the core rejects every invalid example; the npm decoder agrees wherever it checks', () => {
  const npmRejected = [];
  for (const v of vectorFile.invalid) {
    assert.throws(() => core.decodeBolt11(v.invoice), (e) => typeof e.code === 'string', `core rejects "${v.title}"`);
    let read;
    try {
      read = npmRead(v.invoice);
    } catch {
      npmRejected.push(v.title);
      continue;
    }
    assert.ok(npmGaps.has(v.title), `light-bolt11-decoder accepts "${v.title}", not a documented gap`);
    assert.ok(npmGaps.get(v.title)(read, v.invoice), `${v.title}: the npm reading shows the broken rule`);
  }
  assert.deepEqual(npmRejected, ['Bech32 checksum is invalid.', 'Malformed bech32 string (no 1)', 'Malformed bech32 string (mixed case)',
    'String is too short.', 'Invalid multiplier', 'Invalid sub-millisatoshi precision.']);
});
