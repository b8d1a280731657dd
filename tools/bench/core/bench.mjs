// tools/bench/core: BIP-340 sign, BIP-340 verify and SHA-256 of 1 KiB — the wasm core against
// @noble/curves / @noble/hashes in this one Node process, and the native core (flash-bench-core
// from the native build) — printed as one table of ops/s and ratios. A benchmark, not a test.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { loadCore, coreDir } from '../../../wasm/load-node.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const rounds = 5;

// Median ops/s of `rounds` timed runs of about `seconds` each, after a warm-up run.
function measure(op) {
  const run = () => {
    let done = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (let i = 0; i < 32; i++) op();
      done += 32;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < seconds);
    return done / elapsed;
  };
  run();
  const results = Array.from({ length: rounds }, run).sort((a, b) => a - b);
  return results[Math.floor(rounds / 2)];
}

const core = await loadCore();
const secret = new Uint8Array(32).fill(0x11);
const aux = new Uint8Array(32).fill(0x22);
const message = core.sha256(new TextEncoder().encode('flash bench message'));
const xonly = core.xonlyPublicKey(secret);
const signature = core.schnorrSign(secret, message, aux);
const kib = new Uint8Array(1024).fill(0xab);
if (!schnorr.verify(signature, message, xonly)) throw new Error('noble rejects the wasm signature');

const nativeBinary = join(coreDir, '..', '..', 'native', 'tools', 'bench', 'core', 'flash-bench-core');
const native = existsSync(nativeBinary) ? JSON.parse(execFileSync(nativeBinary, { encoding: 'utf8' })) : null;

const rows = [
  ['BIP-340 sign', () => core.schnorrSign(secret, message, aux), () => schnorr.sign(message, secret, aux), native?.bip340_sign],
  ['BIP-340 verify', () => core.schnorrVerify(xonly, message, signature), () => schnorr.verify(signature, message, xonly), native?.bip340_verify],
  ['SHA-256 1 KiB', () => core.sha256(kib), () => sha256(kib), native?.sha256_1k],
];

const fmt = (n) => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const ratio = (a, b) => (b ? (a / b).toFixed(2) + 'x' : 'n/a');
console.log(`| operation | wasm core ops/s | @noble ops/s | native core ops/s | wasm / noble | wasm / native |`);
console.log(`|---|---|---|---|---|---|`);
for (const [name, wasmOp, nobleOp, nativeOps] of rows) {
  const wasmOps = measure(wasmOp);
  const nobleOps = measure(nobleOp);
  console.log(`| ${name} | ${fmt(wasmOps)} | ${fmt(nobleOps)} | ${fmt(nativeOps)} | ${ratio(wasmOps, nobleOps)} | ${nativeOps ? ((100 * wasmOps) / nativeOps).toFixed(0) + '%' : 'n/a'} |`);
}
const wasmFile = join(coreDir, 'flash-core.wasm');
const wasmBytes = readFileSync(wasmFile);
console.log(`\nflash-core.wasm: ${statSync(wasmFile).size.toLocaleString('en-US')} B, gzip -9 ${gzipSync(wasmBytes, { level: 9 }).length.toLocaleString('en-US')} B`);
console.log('noble sign verifies its own signature before returning (BIP-340 "abort if Verify fails"); wasm sign does not.');
