/**
 * The reliability suite (issue 8): `npm run reliability [-- --soak [--soak-minutes N]] [--only a,b] [--seed N]`.
 * Starts one stack (stack.ts), runs the scenarios in order, prints a table of figures and writes
 * `$GRAYLANE_TEST_TMP/3.reliability.json` when that is set (scripts/summarize.mjs counts it).
 * Exits non-zero when a scenario fails; every process it started is stopped, on Ctrl-C too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clusterOutageScenario } from './scenarios/cluster-outage';
import { concurrentOperatorsScenario } from './scenarios/concurrent-operators';
import { crashAnywhere } from './scenarios/crash-anywhere';
import { fuzzApiScenario } from './scenarios/fuzz-api';
import { lifecycleUnderLoad } from './scenarios/lifecycle-under-load';
import { slowApi } from './scenarios/slow-api';
import { telemetryOutage } from './scenarios/telemetry-outage';
import { startStack, type RunningStack } from './stack';
import type { Scenario, ScenarioOptions, ScenarioResult } from './types';

/** Every scenario, in issue 8's order (1..7). */
export const SCENARIOS: Scenario[] = [
  lifecycleUnderLoad,
  crashAnywhere,
  concurrentOperatorsScenario,
  clusterOutageScenario,
  telemetryOutage,
  fuzzApiScenario,
  slowApi,
];

interface Outcome extends ScenarioResult {
  id: string;
  title: string;
  passed: boolean;
  seconds: number;
  /** CPU seconds all processes of the stack used during the scenario */
  cpu: number;
}

const { values: args } = parseArgs({
  options: {
    soak: { type: 'boolean', default: false },
    'soak-minutes': { type: 'string', default: '10' },
    only: { type: 'string' },
    seed: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '..', '..');
const soak = args.soak ?? false;
const soakMs = Math.max(1, Number(args['soak-minutes'])) * 60_000;
if (args.seed) process.env.GRAYLANE_RELIABILITY_SEED = args.seed;
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
const unknown = only ? [...only].filter((id) => !SCENARIOS.some((s) => s.id === id)) : [];
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const selected = SCENARIOS.filter((s) => !only || only.has(s.id));
/** A scenario that runs longer than this has hung: it fails and the next one runs. */
const scenarioDeadlineMs = soak ? soakMs * 2 + 5 * 60_000 : 8 * 60_000;

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

let stack: RunningStack | undefined;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the stack`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

function totalCpu(s: RunningStack): number {
  const c = s.cpuSeconds();
  return c.runner + c.console + c.controller;
}

function formatFigures(f: Record<string, string | number>): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
    .join(', ');
}

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map((o) => [o.id, o.passed ? 'PASS' : 'FAIL', `${o.seconds.toFixed(0)} s`, `${o.cpu.toFixed(0)} s`, formatFigures(o.figures)]);
  const head = ['scenario', 'result', 'time', 'cpu', 'figures'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join(' | ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
  for (const o of outcomes.filter((x) => !x.passed)) {
    console.log(`\n${o.id} failures:`);
    for (const f of o.failures.slice(0, 20)) console.log(`  - ${f}`);
    if (o.failures.length > 20) console.log(`  ... and ${o.failures.length - 20} more`);
  }
}

function writeReport(outcomes: Outcome[]): void {
  const dir = process.env.GRAYLANE_TEST_TMP;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const scenarios = outcomes.map(({ id, title, passed, figures, failures }) => ({ id, title, passed, figures, failures }));
  writeFileSync(path.join(dir, '3.reliability.json'), JSON.stringify({ soak, scenarios }, null, 2));
}

async function main(): Promise<number> {
  log(`reliability suite: ${selected.map((s) => s.id).join(', ')}${soak ? ` (soak, ${soakMs / 60_000} min per scenario)` : ''}`);
  const outcomes: Outcome[] = [];
  try {
    stack = await startStack({ root, log: (m) => log(`[stack] ${m}`), prometheusPort: 4604 });
  } catch (err) {
    const failure = `the stack did not start: ${(err as Error).message}`;
    log(failure);
    for (const s of selected) outcomes.push({ id: s.id, title: s.title, passed: false, seconds: 0, cpu: 0, figures: {}, failures: [failure] });
    writeReport(outcomes);
    printTable(outcomes);
    return 1;
  }
  const cpuAtStart = totalCpu(stack);
  log(`stack started: ${cpuAtStart.toFixed(1)} CPU s so far`);
  try {
    for (const s of selected) {
      if (interrupted) break;
      const started = Date.now();
      const cpuBefore = totalCpu(stack);
      const partsBefore = stack.cpuSeconds();
      const opts: ScenarioOptions = { soak, soakMs, log: (m) => log(`[${s.id}] ${m}`) };
      log(`== ${s.id}: ${s.title}`);
      let result: ScenarioResult;
      try {
        result = await withDeadline(s.run(stack, opts), scenarioDeadlineMs, s.id);
      } catch (err) {
        result = { figures: {}, failures: [`crashed: ${(err as Error).stack ?? err}`] };
      }
      const outcome: Outcome = { id: s.id, title: s.title, ...result, passed: result.failures.length === 0, seconds: (Date.now() - started) / 1000, cpu: totalCpu(stack) - cpuBefore };
      outcomes.push(outcome);
      log(`== ${s.id}: ${outcome.passed ? 'PASS' : 'FAIL'} in ${outcome.seconds.toFixed(1)} s, ${outcome.cpu.toFixed(1)} CPU s (${formatFigures(result.figures)})`);
      const parts = stack.cpuSeconds();
      log(`   CPU s: runner ${(parts.runner - partsBefore.runner).toFixed(1)}, console ${(parts.console - partsBefore.console).toFixed(1)}, controller ${(parts.controller - partsBefore.controller).toFixed(1)}`);
      if (!outcome.passed) for (const f of result.failures.slice(0, 5)) log(`   ${f}`);
      // The next scenario gets a running controller whatever this one left behind.
      await stack.ensureController().catch((err: unknown) => log(`controller could not be restarted: ${(err as Error).message}`));
    }
  } finally {
    if (outcomes.some((o) => !o.passed)) console.log(`\nlast output of the console and controller:\n${stack.logTail()}`);
    await stack.stop();
  }
  writeReport(outcomes);
  printTable(outcomes);
  const failed = outcomes.filter((o) => !o.passed).length;
  // On a busy machine wall time says little; CPU seconds / cores bounds the time on a quiet one.
  const cpuTotal = cpuAtStart + outcomes.reduce((n, o) => n + o.cpu, 0);
  console.log(`\nCPU used by the stack: ${cpuTotal.toFixed(0)} s (at least ${(cpuTotal / 2).toFixed(0)} s of wall time on 2 cores)`);
  console.log(`\nreliability: ${outcomes.length - failed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  },
);
