/**
 * The reliability suite (issue 8): `npm run reliability [-- --soak [--soak-minutes N]] [--only a,b] [--seed N]`.
 * The scenarios run in groups; each group runs in its own process with its own stack (stack.ts), the
 * groups at the same time (the suite mostly waits on convergence, so this fills the machine without
 * the scenarios disturbing each other: an API outage, a killed controller or a paused one stays in
 * its own stack). Prints one table of figures and writes `$GRAYLANE_TEST_TMP/3.reliability.json`
 * when that is set (scripts/summarize.mjs counts one entry per scenario). Exits non-zero when a
 * scenario fails; every process it started is stopped, on Ctrl-C too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clusterOutageScenario } from './scenarios/cluster-outage';
import { concurrentOperatorsScenario } from './scenarios/concurrent-operators';
import { crashAnywhere } from './scenarios/crash-anywhere';
import { fuzzApiScenario } from './scenarios/fuzz-api';
import { lifecycleUnderLoad } from './scenarios/lifecycle-under-load';
import { slowApi } from './scenarios/slow-api';
import { telemetryOutage } from './scenarios/telemetry-outage';
import { controllerCommand, startStack, type RunningStack } from './stack';
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

/**
 * Which scenarios share a stack (in this order). A scenario that breaks a shared part on purpose
 * gets a stack without bystanders: crash-anywhere kills the controller, cluster-outage and slow-api
 * take the Kubernetes API away or slow it down, fuzz-api pauses the controller so that every change
 * the cluster commits during a round of refused requests is one of those requests' doing.
 */
const GROUPS: { id: string; scenarios: Scenario[]; nice?: number }[] = [
  { id: 'load', scenarios: [lifecycleUnderLoad, concurrentOperatorsScenario, telemetryOutage] },
  { id: 'crash', scenarios: [crashAnywhere] },
  { id: 'outage', scenarios: [clusterOutageScenario, slowApi] },
  // Fuzzing is pure throughput (it keeps its console busy all the time); at a lower priority it takes
  // the CPU the others leave while they wait, instead of starving their steady load and API answers.
  { id: 'fuzz', scenarios: [fuzzApiScenario], nice: 10 },
];

interface Outcome extends ScenarioResult {
  id: string;
  title: string;
  group: string;
  passed: boolean;
  seconds: number;
  /** CPU seconds the group's processes (runner, console, controller) used during the scenario */
  cpu: number;
}

/** What a group process reports to the parent. */
interface GroupReport {
  group: string;
  outcomes: Outcome[];
  /** wall and CPU seconds of starting the stack */
  startSeconds: number;
  startCpu: number;
}

const { values: args } = parseArgs({
  options: {
    soak: { type: 'boolean', default: false },
    'soak-minutes': { type: 'string', default: '10' },
    only: { type: 'string' },
    seed: { type: 'string' },
    // internal: run one group in this process and write its report to --out
    group: { type: 'string' },
    out: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '..', '..');
const soak = args.soak ?? false;
/** soak mode: the whole run's length; each group shares it out among its scenarios */
const soakTotalMs = Math.max(1, Number(args['soak-minutes'])) * 60_000;
if (args.seed) process.env.GRAYLANE_RELIABILITY_SEED = args.seed;
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
const unknown = only ? [...only].filter((id) => !SCENARIOS.some((s) => s.id === id)) : [];
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const groups = GROUPS.map((g) => ({ ...g, scenarios: g.scenarios.filter((s) => !only || only.has(s.id)) })).filter((g) => g.scenarios.length > 0);

const t0 = Number(process.env.GRAYLANE_RELIABILITY_T0) || Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

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

// ---- one group, in its own process -----------------------------------------------------------

async function runGroup(groupId: string, outFile: string): Promise<number> {
  const group = groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`unknown group ${groupId}`);
  const soakMs = Math.floor(soakTotalMs / group.scenarios.length);
  /** A scenario that runs longer than this has hung: it fails and the next one runs. */
  const scenarioDeadlineMs = soak ? soakMs * 2 + 5 * 60_000 : 5 * 60_000;
  const report: GroupReport = { group: groupId, outcomes: [], startSeconds: 0, startCpu: 0 };
  const save = () => writeFileSync(outFile, JSON.stringify(report));
  let stack: RunningStack | undefined;
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the stack`);
      shutdown(130);
    });
  }
  // The parent died without telling us (SIGKILL): do not leave a stack running.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown(1), 1000).unref();

  const started = Date.now();
  try {
    stack = await startStack({ root, log: (m) => log(`[stack] ${m}`), prometheusPort: 9330 + GROUPS.findIndex((g) => g.id === groupId) });
  } catch (err) {
    const failure = `the stack did not start: ${(err as Error).message}`;
    log(failure);
    report.outcomes = group.scenarios.map((s) => ({ id: s.id, title: s.title, group: groupId, passed: false, seconds: 0, cpu: 0, figures: {}, failures: [failure] }));
    save();
    return 1;
  }
  report.startSeconds = (Date.now() - started) / 1000;
  report.startCpu = totalCpu(stack);
  log(`stack started in ${report.startSeconds.toFixed(1)} s, ${report.startCpu.toFixed(1)} CPU s`);
  try {
    for (const s of group.scenarios) {
      if (stopping) break;
      const begun = Date.now();
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
      const outcome: Outcome = { id: s.id, title: s.title, group: groupId, ...result, passed: result.failures.length === 0, seconds: (Date.now() - begun) / 1000, cpu: totalCpu(stack) - cpuBefore };
      report.outcomes.push(outcome);
      save();
      log(`== ${s.id}: ${outcome.passed ? 'PASS' : 'FAIL'} in ${outcome.seconds.toFixed(1)} s, ${outcome.cpu.toFixed(1)} CPU s (${formatFigures(result.figures)})`);
      const parts = stack.cpuSeconds();
      log(`   CPU s: runner ${(parts.runner - partsBefore.runner).toFixed(1)}, console ${(parts.console - partsBefore.console).toFixed(1)}, controller ${(parts.controller - partsBefore.controller).toFixed(1)}`);
      if (!outcome.passed) for (const f of result.failures.slice(0, 5)) log(`   ${f}`);
      // The next scenario gets a running controller whatever this one left behind.
      await stack.ensureController().catch((err: unknown) => log(`controller could not be restarted: ${(err as Error).message}`));
    }
  } finally {
    if (report.outcomes.some((o) => !o.passed)) console.log(`\nlast output of the console and controller:\n${stack.logTail()}`);
    await stack.stop();
  }
  save();
  return report.outcomes.some((o) => !o.passed) ? 1 : 0;
}

// ---- the parent: every group at once, one table ------------------------------------------------

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map((o) => [o.id, o.group, o.passed ? 'PASS' : 'FAIL', `${o.seconds.toFixed(0)} s`, `${o.cpu.toFixed(0)} s`, formatFigures(o.figures)]);
  const head = ['scenario', 'stack', 'result', 'time', 'cpu', 'figures'];
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

function writeReport(outcomes: Outcome[], seconds: number, cpu: number): void {
  const dir = process.env.GRAYLANE_TEST_TMP;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const scenarios = outcomes.map(({ id, title, group, passed, seconds: s, cpu: c, figures, failures }) => ({ id, title, stack: group, passed, seconds: Math.round(s), cpu: Math.round(c), figures, failures }));
  writeFileSync(path.join(dir, '3.reliability.json'), JSON.stringify({ soak, seconds: Math.round(seconds), cpuSeconds: Math.round(cpu), scenarios }, null, 2));
}

/** Runs one group's process; resolves with its report (a failed report when it died). */
function spawnGroup(groupId: string, dir: string, children: Set<ChildProcess>): Promise<GroupReport> {
  const out = path.join(dir, `${groupId}.json`);
  const forwarded = [...(soak ? ['--soak', '--soak-minutes', String(args['soak-minutes'])] : []), ...(args.only ? ['--only', args.only] : []), ...(args.seed ? ['--seed', args.seed] : [])];
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--group', groupId, '--out', out, ...forwarded], {
    cwd: root,
    env: { ...process.env, GRAYLANE_RELIABILITY_T0: String(t0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  // Everything the group starts (console, controller, Prometheus) inherits the priority; alone it needs none.
  const nice = groups.length > 1 ? GROUPS.find((g) => g.id === groupId)?.nice : undefined;
  if (nice && child.pid) {
    try {
      setPriority(child.pid, nice);
    } catch {
      // not permitted here: the group runs at normal priority
    }
  }
  let tail = '';
  const relay = (stream: NodeJS.ReadableStream, write: (s: string) => void) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      buf += d;
      tail = (tail + d).slice(-4000);
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        write(`[${groupId}] ${buf.slice(0, i)}\n`);
        buf = buf.slice(i + 1);
      }
    });
    stream.on('end', () => buf && write(`[${groupId}] ${buf}\n`));
  };
  relay(child.stdout!, (s) => process.stdout.write(s));
  relay(child.stderr!, (s) => process.stderr.write(s));
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      const group = groups.find((g) => g.id === groupId)!;
      let report: GroupReport | undefined;
      try {
        report = JSON.parse(readFileSync(out, 'utf8')) as GroupReport;
      } catch {
        report = undefined;
      }
      const done = new Set(report?.outcomes.map((o) => o.id));
      const missing = group.scenarios.filter((s) => !done.has(s.id));
      const why = `the ${groupId} group's process ended (${code ?? signal}) before this scenario reported; its last output:\n${tail}`;
      resolve({
        group: groupId,
        startSeconds: report?.startSeconds ?? 0,
        startCpu: report?.startCpu ?? 0,
        outcomes: [...(report?.outcomes ?? []), ...missing.map((s) => ({ id: s.id, title: s.title, group: groupId, passed: false, seconds: 0, cpu: 0, figures: {}, failures: [why] }))],
      });
    });
  });
}

async function main(): Promise<number> {
  log(`reliability suite: ${groups.map((g) => `${g.id} stack: ${g.scenarios.map((s) => s.id).join(', ')}`).join('; ')}${soak ? ` (soak, ${soakTotalMs / 60_000} min per stack)` : ''}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-reliability-run-'));
  const children = new Set<ChildProcess>();
  // The controller bundled once for every stack (each would otherwise spend a CPU second or two on it).
  const bundle = (await controllerCommand(root, dir, log))[0];
  if (bundle.endsWith('.mjs')) process.env.GRAYLANE_RELIABILITY_CONTROLLER_BUNDLE = bundle;
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`${signal}: stopping every stack`);
      for (const c of children) c.kill('SIGTERM');
      setTimeout(() => {
        for (const c of children) c.kill('SIGKILL');
        process.exit(130);
      }, 15_000).unref();
    });
  }
  const reports = await Promise.all(groups.map((g) => spawnGroup(g.id, dir, children)));
  rmSync(dir, { recursive: true, force: true });
  // Interrupted (Ctrl-C, or the suite's time limit): the scenarios that did not finish count as failed.
  // Issue 8's order in the table, whichever group ran a scenario.
  const outcomes = reports.flatMap((r) => r.outcomes).sort((a, b) => SCENARIOS.findIndex((s) => s.id === a.id) - SCENARIOS.findIndex((s) => s.id === b.id));
  const seconds = (Date.now() - t0) / 1000;
  const cpu = reports.reduce((n, r) => n + r.startCpu + r.outcomes.reduce((m, o) => m + o.cpu, 0), 0);
  writeReport(outcomes, seconds, cpu);
  printTable(outcomes);
  console.log(`\nstacks: ${reports.map((r) => `${r.group} started in ${r.startSeconds.toFixed(0)} s (${r.startCpu.toFixed(0)} CPU s)`).join(', ')}`);
  // CPU of the runners, consoles and controllers (Prometheus and chromium not included).
  console.log(`CPU used by the stacks: ${cpu.toFixed(0)} s (at least ${(cpu / 2).toFixed(0)} s of wall time on 2 cores)`);
  const failed = outcomes.filter((o) => !o.passed).length;
  console.log(`\nreliability: ${outcomes.length - failed} passed, ${failed} failed in ${seconds.toFixed(0)} s`);
  return failed > 0 ? 1 : interrupted ? 130 : 0;
}

(args.group ? runGroup(args.group, args.out ?? path.join(tmpdir(), `graylane-reliability-${args.group}.json`)) : main()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
