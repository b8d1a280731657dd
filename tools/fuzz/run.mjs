// Runs every libFuzzer target of the `fuzz` preset for a fixed time and writes a JUnit report
// (one test case per target: it passes when the fuzzer found nothing).
// Seeds: every string in the official vector files (valid addresses, keys, mnemonics, ...), the
// bytes of those that are hex, and the JSON text of every object (events), so the fuzzers start
// from well-formed input.
// Usage: node tools/fuzz/run.mjs REPORT.xml [SECONDS_PER_TARGET]   (FUZZ_SECONDS also works)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = join(root, 'build', 'fuzz');
const vectors = process.env.FLASH_VECTORS_DIR ?? join(root, '..', 'shared', 'vectors');
const [report, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? process.env.FUZZ_SECONDS ?? 5);

function* stringsIn(value) {
  if (typeof value === 'string') yield value;
  else if (value && typeof value === 'object') {
    if (!Array.isArray(value)) yield JSON.stringify(value);
    for (const v of Object.values(value)) yield* stringsIn(v);
  }
}

function writeSeeds(dir) {
  mkdirSync(dir, { recursive: true });
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  for (const file of walk(vectors).filter((f) => f.endsWith('.json'))) {
    for (const s of stringsIn(JSON.parse(readFileSync(file, 'utf8')))) {
      if (s.length === 0 || s.length > 4096) continue;
      const seeds = [Buffer.from(s)];
      if (/^([0-9a-f]{2})+$/i.test(s)) seeds.push(Buffer.from(s, 'hex'));
      for (const seed of seeds) writeFileSync(join(dir, createHash('sha1').update(seed).digest('hex')), seed);
    }
  }
}

const escape = (s) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const seedDir = join(build, 'seeds');
writeSeeds(seedDir);
const targets = readdirSync(join(build, 'tools', 'fuzz')).filter((f) => /^fuzz_\w+$/.test(f)).sort();

/** Fuzzes `target` for the time given; resolves to its JUnit test case. */
function fuzz(target) {
  const corpus = join(build, 'corpus', target);
  mkdirSync(corpus, { recursive: true });
  const started = Date.now();
  const child = spawn(join(build, 'tools', 'fuzz', target),
    [`-max_total_time=${seconds}`, '-timeout=10', '-rss_limit_mb=2560', '-max_len=4096',
     `-artifact_prefix=${join(build, target)}-`, corpus, seedDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr = (stderr + chunk).slice(-64_000); });
  return new Promise((done) => child.on('close', (status) => {
    const time = (Date.now() - started) / 1000;
    const summary = stderr.split('\n').filter((l) => l.startsWith('#') && l.includes('DONE')).pop() ?? '';
    console.log(`${target}: ${status === 0 ? 'ok' : 'FINDING'} in ${time.toFixed(1)} s ${summary}`);
    const failure = status === 0 ? ''
      : `<failure message="fuzzer finding, exit ${status}">${escape(stderr.slice(-4000))}</failure>`;
    done(`<testcase classname="fuzz" name="${target}" time="${time}">${failure}</testcase>`);
  }));
}

// One fuzzer per core at a time (each is single-threaded): CI time.
const cases = new Array(targets.length);
let next = 0;
await Promise.all(Array.from({ length: Math.min(availableParallelism(), targets.length) }, async () => {
  while (next < targets.length) {
    const i = next++;
    cases[i] = await fuzz(targets[i]);
  }
}));
writeFileSync(report, `<?xml version="1.0"?>\n<testsuite name="fuzz" tests="${cases.length}">\n${cases.join('\n')}\n</testsuite>\n`);
