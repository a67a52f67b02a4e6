// Prints the suite's final `N passed, N failed` line from the JSON reports each stage wrote.
// A stage that produced no report (crashed, or a non-test check such as lint) counts from its exit code.
import fs from 'node:fs';

const [, , dir] = process.argv;
let passed = 0;
let failed = 0;
const lines = [];

function readJson(f) {
  try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return undefined; }
}

for (const name of fs.readdirSync(dir).sort()) {
  const file = `${dir}/${name}`;
  if (name.endsWith('.vitest.json')) {
    const r = readJson(file);
    if (!r) { failed++; lines.push(`${name}: unreadable report`); continue; }
    passed += r.numPassedTests; failed += r.numFailedTests;
    // a test file that failed to load has no tests but still fails the suite
    const broken = (r.testResults || []).filter((t) => t.status === 'failed' && (t.assertionResults || []).length === 0).length;
    failed += broken;
    lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests + broken} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  } else if (name.endsWith('.playwright.json')) {
    const r = readJson(file);
    if (!r) { failed++; lines.push(`${name}: unreadable report`); continue; }
    const s = r.stats || {};
    passed += s.expected || 0; failed += (s.unexpected || 0) + (s.flaky || 0);
    if ((r.errors || []).length) failed += r.errors.length;
    lines.push(`playwright: ${s.expected || 0} passed, ${(s.unexpected || 0) + (s.flaky || 0)} failed, ${s.skipped || 0} skipped`);
  } else if (name.endsWith('.reliability.json')) {
    // {scenarios: [{id, passed}]} written by test/reliability/main.ts (issue 8)
    const r = readJson(file);
    if (!r) { failed++; lines.push(`${name}: unreadable report`); continue; }
    const ok = r.scenarios.filter((s) => s.passed).length;
    passed += ok; failed += r.scenarios.length - ok;
    lines.push(`reliability: ${ok} passed, ${r.scenarios.length - ok} failed`);
  } else if (name.endsWith('.step')) {
    const [step, code] = fs.readFileSync(file, 'utf8').trim().split(' ');
    if (code === '0') passed++; else failed++;
    lines.push(`${step}: ${code === '0' ? 'ok' : 'FAILED (exit ' + code + ')'}`);
  }
}
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
