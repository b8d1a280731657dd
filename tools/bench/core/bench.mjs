// tools/bench/core: BIP-340 sign, BIP-340 verify and SHA-256 of 1 KiB — the wasm core against
// @noble/curves / @noble/hashes in this one Node process, and the native core (flash-bench-core
// from the native build) — printed as one table of ops/s and ratios. A benchmark, not a test.
// Native, wasm and noble are measured in interleaved rounds (tools/bench/measure.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { loadCore, coreDir } from '../../../wasm/load-node.mjs';
import { formatOps as fmt, median, opsPerSecond, rounds, seconds } from '../measure.mjs';

const core = await loadCore();
const secret = new Uint8Array(32).fill(0x11);
const aux = new Uint8Array(32).fill(0x22);
const message = core.sha256(new TextEncoder().encode('flash bench message'));
const xonly = core.xonlyPublicKey(secret);
const signature = core.schnorrSign(secret, message, aux);
const kib = new Uint8Array(1024).fill(0xab);
if (!schnorr.verify(signature, message, xonly)) throw new Error('noble rejects the wasm signature');

const nativeBinary = join(coreDir, '..', '..', 'native', 'tools', 'bench', 'core', 'flash-bench-core');
const hasNative = existsSync(nativeBinary);
if (!hasNative) console.log(`(no native figures: build the native preset for ${nativeBinary})`);

const operations = [
  { name: 'BIP-340 sign', key: 'bip340_sign', wasm: () => core.schnorrSign(secret, message, aux), noble: () => schnorr.sign(message, secret, aux) },
  { name: 'BIP-340 verify', key: 'bip340_verify', wasm: () => core.schnorrVerify(xonly, message, signature), noble: () => schnorr.verify(signature, message, xonly) },
  { name: 'SHA-256 1 KiB', key: 'sha256_1k', wasm: () => core.sha256(kib), noble: () => sha256(kib) },
];
for (const op of operations) { op.wasmRuns = []; op.nobleRuns = []; op.nativeRuns = []; opsPerSecond(op.wasm); opsPerSecond(op.noble); }

for (let round = 0; round < rounds; round++) {
  const native = hasNative ? JSON.parse(execFileSync(nativeBinary, [String(seconds)], { encoding: 'utf8' })) : {};
  for (const op of operations) {
    if (hasNative) op.nativeRuns.push(native[op.key]);
    op.wasmRuns.push(opsPerSecond(op.wasm, 32));
    op.nobleRuns.push(opsPerSecond(op.noble, 32));
  }
}

console.log(`median of ${rounds} interleaved rounds of ${seconds} s each, Node ${process.version}\n`);
console.log('| operation | wasm core ops/s | @noble ops/s | native core ops/s | wasm / noble | wasm / native |');
console.log('|---|---|---|---|---|---|');
for (const op of operations) {
  const wasm = median(op.wasmRuns);
  const noble = median(op.nobleRuns);
  const native = hasNative ? median(op.nativeRuns) : undefined;
  const ofNative = native ? `${((100 * wasm) / native).toFixed(0)}%` : 'n/a';
  console.log(`| ${op.name} | ${fmt(wasm)} | ${fmt(noble)} | ${fmt(native)} | ${(wasm / noble).toFixed(1)}x | ${ofNative} |`);
}
const wasmFile = join(coreDir, 'flash-core.wasm');
const gzipped = gzipSync(readFileSync(wasmFile), { level: 9 }).length;
console.log(`\nflash-core.wasm: ${fmt(statSync(wasmFile).size)} B, gzip -9 ${fmt(gzipped)} B (${(gzipped / 1e6).toFixed(2)} MB)`);
console.log('noble sign verifies its own signature before returning (BIP-340 "abort if Verify fails"); the core does not.');
