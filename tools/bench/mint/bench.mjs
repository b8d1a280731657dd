// tools/bench/mint: flash-node's Cashu mint under load. Starts a node (fake Lightning settling at
// once, no input fee) and runs the native client flash-bench-mint against it, which prints
// swaps/s for 1-in/1-out and 10-in/10-out swaps with DLEQ beside the crypto-bound limit measured
// in the same run. A benchmark, not a test: it reports and never asserts.
//
// Environment: FLASH_NODE_BIN, BENCH_MINT_BIN (default build/native/tools/bench/mint/flash-bench-mint),
// BENCH_SWAPS (2000 per size), BENCH_CONNECTIONS (4).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startNode, stopAll } from '../../../tests/interop/support/flash-node.mjs';

const swaps = Number(process.env.BENCH_SWAPS ?? 2000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 4);
const client = process.env.BENCH_MINT_BIN ?? join(repoRoot, 'build/native/tools/bench/mint/flash-bench-mint');

const node = await startNode({ config: { mint: { input_fee_ppk: 0, max_amount: 100000 }, lightning: { fake_settle_ms: 0 } } });
try {
  const { hostname, port } = new URL(node.httpUrl);
  const output = execFileSync(client, [hostname, port, String(swaps), String(connections)], { encoding: 'utf8' });
  console.log('mint swaps over HTTP (one flash-node I/O thread) vs the crypto-bound limit on one core:');
  for (const line of output.trim().split('\n')) {
    const r = JSON.parse(line);
    console.log(`  ${r.swap.padEnd(14)} ${String(r.swaps_per_s).padStart(6)} swaps/s   limit ` +
                `${String(r.crypto_bound_per_s).padStart(6)}/s   ratio ${(r.ratio * 100).toFixed(0)}%` +
                `   (${r.swaps} swaps, ${r.connections} connections, ${r.failed} failed)`);
  }
} finally {
  await stopAll();
}
