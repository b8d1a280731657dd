// NUT-16 animated QR: how many frames a receiver must see before a token decodes, against the
// minimum (seqLen, the number of fragments), for 1-, 4- and 8-proof DLEQ + P2PK tokens (the
// offline-safe kind, tests/interop/support/offline-tokens.mjs), at 0% and 30% frame loss.
// Two senders: our encoder (bc-ur's parts, those mixing < 3 fragments skipped) and @ngraveio/bc-ur's
// encoder (every part in turn: what cashu.me and Minibits show today). Each frame stream, with the
// same frames lost, goes to our decoder (wasm core, GF(2) elimination) and to bc-ur's (peeling).
//   shown    = frames the sender displayed until the decoder completed (lost ones included)
//   received = frames that reached the decoder until then
// The bar: with 30% loss an 8-proof token decodes from at most 2 x seqLen frames shown.
// Environment: BENCH_TRIALS per configuration (default 200), FLASH_CORE_DIR (see wasm/load-node.mjs).
import { performance } from 'node:perf_hooks';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { loadCore } from '../../../wasm/load-node.mjs';
import { offlineToken } from '../../../tests/interop/support/offline-tokens.mjs';

const trials = Number(process.env.BENCH_TRIALS ?? 200);
const proofCounts = [1, 4, 8];
const fragmentSizes = [50, 100, 150, 200];
const losses = [0, 0.3];
const core = await loadCore();

/** Seeded uniform [0, 1) (mulberry32): the same loss patterns on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];
const max = (xs) => Math.max(...xs);

/**
 * One frame stream from `next`, each frame lost when `rand() < loss`, fed to both decoders until
 * both complete: {ours, theirs} = {shown, received, ms} for our decoder and bc-ur's.
 */
function trial(next, bytes, loss, rand) {
  const ours = core.urDecoder();
  const theirs = new URDecoder();
  const out = { ours: null, theirs: null };
  const ms = { ours: 0, theirs: 0 };
  let received = 0;
  for (let shown = 1; !out.ours || !out.theirs; shown++) {
    const frame = next();
    if (rand() < loss) continue;
    received++;
    for (const [who, decoder] of [['ours', ours], ['theirs', theirs]]) {
      if (out[who]) continue;
      const start = performance.now();
      decoder.receivePart(frame);
      ms[who] += performance.now() - start;
      if (decoder.isComplete()) out[who] = { shown, received, ms: ms[who] };
    }
  }
  if (!Buffer.from(ours.result()).equals(Buffer.from(bytes))) throw new Error('our decoder returned another token');
  if (!Buffer.from(bytes).equals(theirs.resultUR().decodeCBOR())) throw new Error('bc-ur returned another token');
  ours.delete();
  return out;
}

/** Frames of our encoder and of bc-ur's, for the same token and fragment size. */
const senders = {
  ours: (bytes, size) => {
    const encoder = core.urEncoder(bytes, size);
    return { seqLen: encoder.seqLen(), next: () => encoder.nextPart(), done: () => encoder.delete() };
  },
  'bc-ur': (bytes, size) => {
    const encoder = new UREncoder(UR.fromBuffer(Buffer.from(bytes)), size, 0);
    return { seqLen: encoder.fragmentsLength, next: () => encoder.nextPart(), done: () => {} };
  },
};

const rows = [];
const bar = [];
const summary = (xs, seqLen) =>
  `${mean(xs).toFixed(1)} / ${p95(xs)} / ${max(xs)} (${(mean(xs) / seqLen).toFixed(2)}/${(p95(xs) / seqLen).toFixed(2)}/${(max(xs) / seqLen).toFixed(2)}x)`;
for (const count of proofCounts) {
  // Several tokens: the message checksum seeds which fragments each mixed frame combines.
  const tokens = Array.from({ length: 8 }, () => new TextEncoder().encode(offlineToken(count).token));
  for (const size of fragmentSizes) {
    for (const loss of losses) {
      const runs = loss === 0 ? tokens.length : trials;
      const results = {};
      let seqLen = 0;
      for (const [name, sender] of Object.entries(senders)) {
        const rand = random(count * 1000 + size + loss * 100);  // the same losses for both senders
        results[name] = Array.from({ length: runs }, (_, i) => {
          const bytes = tokens[i % tokens.length];
          const stream = sender(bytes, size);
          seqLen = stream.seqLen;
          const result = trial(stream.next, bytes, loss, rand);
          stream.done();
          return result;
        });
      }
      const column = (name, who, what) => results[name].map((r) => r[who][what]);
      rows.push({
        proofs: count, bytes: tokens[0].length, fragment: size, seqLen, loss: `${loss * 100}%`, trials: runs,
        'ours→ours shown mean/p95/max': summary(column('ours', 'ours', 'shown'), seqLen),
        'ours→ours received': summary(column('ours', 'ours', 'received'), seqLen),
        'ours→bc-ur shown': summary(column('ours', 'theirs', 'shown'), seqLen),
        'bc-ur→bc-ur shown': summary(column('bc-ur', 'theirs', 'shown'), seqLen),
        'bc-ur→ours shown': summary(column('bc-ur', 'ours', 'shown'), seqLen),
        'ms ours/bc-ur': `${mean(column('ours', 'ours', 'ms')).toFixed(2)} / ${mean(column('ours', 'theirs', 'ms')).toFixed(2)}`,
      });
      if (count === 8 && loss > 0) {
        const shown = column('ours', 'ours', 'shown');
        bar.push(`8 proofs, ${size}-byte fragments (seqLen ${seqLen}): ${summary(shown, seqLen)} frames shown -> ` +
                 `${p95(shown) <= 2 * seqLen ? 'within' : 'OVER'} 2x at p95, ${max(shown) <= 2 * seqLen ? 'within' : 'over'} 2x at max`);
      }
    }
  }
}

console.log(`NUT-16 frames until a DLEQ + P2PK token decodes: mean / p95 / max (and x seqLen); sender→decoder; ` +
            `${trials} trials per lossy configuration`);
console.table(rows);
console.log("The issue's bar (at most 2 x seqLen frames shown for 8 proofs at 30% loss), our sender and decoder:");
for (const line of bar) console.log(`  ${line}`);
