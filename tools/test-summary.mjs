// Sums JUnit XML reports (Catch2 and node:test both write them) into the one line tools/test ends
// with: "N passed, N failed". Extra arguments "--failed NAME" count a layer that produced no
// report (a build that broke) as one failure. Exits 1 when anything failed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const reportDir = args[0];
const brokenLayers = args.filter((_, i) => args[i - 1] === '--failed');

let passed = 0;
let failed = brokenLayers.length;
for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.xml'))) {
  const xml = readFileSync(join(reportDir, file), 'utf8');
  // A <testcase .../> or <testcase ...>...</testcase>; failed when it holds <failure or <error.
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  let layerFailed = 0;
  for (const testcase of cases) {
    if (!/<(failure|error)\b/.test(testcase)) continue;
    layerFailed++;
    const name = testcase.match(/name="([^"]*)"/)?.[1];
    const detail = testcase.match(/<(?:failure|error)\b[^>]*>([\s\S]*?)<\/(?:failure|error)>/)?.[1] ?? '';
    console.log(`FAILED ${file}: ${name}\n${detail.trim().slice(0, 600)}`);
  }
  passed += cases.length - layerFailed;
  failed += layerFailed;
  console.log(`${file.replace(/\.xml$/, '')}: ${cases.length - layerFailed} passed, ${layerFailed} failed`);
}
for (const layer of brokenLayers) console.log(`${layer}: did not build or run`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
