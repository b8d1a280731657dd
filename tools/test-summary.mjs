// Sums the test reports of tools/test into the one line it ends with: "N passed, N failed". Reads
// Catch2's XML reporter (the C++ layers: its JUnit reporter keeps every assertion until the end,
// which takes the wasm suite 13 minutes instead of 20 seconds) and JUnit XML (node:test layers).
// Extra arguments "--failed NAME" count a layer that produced no report (a build that broke) as
// one failure, and so does a report cut short (the run crashed, or a sanitizer aborted it, before
// the reporter could close it). Exits 1 when anything failed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const reportDir = args[0];
const brokenLayers = args.filter((_, i) => args[i - 1] === '--failed');

/** Test cases of a report as {name, failed, detail}, in either format. */
function casesOf(xml) {
  if (/<Catch2?\b/.test(xml)) {
    // <TestCase name=...> ... <OverallResult success="false"/> </TestCase>
    return (xml.match(/<TestCase\b[\s\S]*?<\/TestCase>/g) ?? []).map((testcase) => ({
      name: testcase.match(/name="([^"]*)"/)?.[1],
      failed: /<OverallResult success="false"/.test(testcase),
      detail: (testcase.match(/<(Expression success="false"|Exception|FatalErrorCondition)[\s>][\s\S]*?<\/(Expression|Exception|FatalErrorCondition)>/)?.[0] ?? '')
        .replace(/<[^>]+>/g, ' '),
    }));
  }
  // A <testcase .../> or <testcase ...>...</testcase>; failed when it holds <failure or <error.
  return (xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? []).map((testcase) => ({
    name: testcase.match(/name="([^"]*)"/)?.[1],
    failed: /<(failure|error)\b/.test(testcase),
    detail: testcase.match(/<(?:failure|error)\b[^>]*>([\s\S]*?)<\/(?:failure|error)>/)?.[1] ?? '',
  }));
}

/** False for a report whose root element is not closed: its run stopped in the middle. */
const complete = (xml) => /<\/(Catch2?|testsuites|testsuite)>\s*$/.test(xml);

let passed = 0;
let failed = brokenLayers.length;
for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.xml'))) {
  const xml = readFileSync(join(reportDir, file), 'utf8');
  const cutShort = complete(xml) ? 0 : 1;
  if (cutShort) console.log(`FAILED ${file}: the run stopped before its report was complete (a crash or a sanitizer abort)`);
  const cases = casesOf(xml);
  const failures = cases.filter((c) => c.failed);
  for (const { name, detail } of failures) console.log(`FAILED ${file}: ${name}\n${detail.replace(/\s+/g, ' ').trim().slice(0, 600)}`);
  passed += cases.length - failures.length;
  failed += failures.length + cutShort;
  console.log(`${file.replace(/\.xml$/, '')}: ${cases.length - failures.length} passed, ${failures.length + cutShort} failed`);
}
for (const layer of brokenLayers) console.log(`${layer}: did not build or run`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
