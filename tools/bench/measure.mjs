// Timing shared by the benchmarks. Shared machines drift, so a benchmark measures its contenders
// in interleaved rounds and reports the median of each.
// Environment: BENCH_SECONDS per operation and round (default 1), BENCH_ROUNDS (default 5).
export const seconds = Number(process.env.BENCH_SECONDS ?? 1);
export const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

/** Operations per second of `op`, run in batches of `batch` for about `seconds`. */
export function opsPerSecond(op, batch = 8) {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < batch; i++) op();
    done += batch;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  return done / elapsed;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const formatOps = (n) => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
