/**
 * Simulation study of the progressive analysis (issue 11), printed as a table; not a timed test.
 *
 * Each run is one progressive job on the `standard` preset (10% -> 50% -> 100%, 5-minute pauses,
 * looks every minute, alpha 0.05, error rate within +0.5 pp, slow fraction (> 250 ms) within
 * +1 pp, at most 30 minutes per step). Traffic is Poisson at RPS requests/s, routed to the canary
 * with probability weight/100 per request (as Envoy's weighted clusters do); each request fails
 * with probability p and is slow with probability q, independently. Scenarios:
 *   A/A: canary identical to baseline (p = 1%, q = 3%): every rollback is a false alarm;
 *   2x errors: canary p = 2% (baseline 1%): every rollback is a detection.
 * The same simulated traffic of each run is judged by:
 *   - Graylane: lib/analysis (evaluateLook + planNext), the code the controller will run;
 *   - Flagger docs example: every 1-minute check the canary's success rate over the last minute
 *     must be >= 99%, 5 failed checks (counted over the run) roll back (canary alone, absolute threshold);
 *   - Argo Rollouts docs example: every 5 minutes the canary's success rate over 5 minutes must be
 *     >= 95%, more than 3 failures roll back;
 *   - naive: a one-sided two-proportion z-test (p < 0.05) per metric on the step's counts, repeated
 *     at every look, promoting when the pause ends without an alarm; and the same test kept
 *     looking for the full 30 minutes per step (the horizon Graylane may use).
 * Usage: npx tsx bench/analysis-bench.ts [runs=200] [seed=11]
 */
import { seededRandom } from '../lib/seeded-random';
import { printTable } from './stats';
import {
  analysisSchema,
  analyzedStepCount,
  evaluateLook,
  parseDuration,
  planNext,
  PROGRESSIVE_PRESETS,
  stepsSchema,
  twoProportionZ,
  type Observation,
  type ProgressState,
  type Verdict,
} from '../lib/analysis';

const RUNS = Number(process.argv[2] ?? 200);
const SEED = Number(process.argv[3] ?? 11);

// ---- seeded random numbers (lib/seeded-random.ts) --------------------------------------------

function normal(r: () => number): number {
  const u = 1 - r();
  const v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Binomial(n, p): waiting times between successes when few are expected, else a normal approximation (n·p·(1−p) > 50). */
function binomial(r: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(r, n, 1 - p);
  if (n * p * (1 - p) > 50) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(r))));
  const lq = Math.log(1 - p);
  let k = 0;
  let i = 0;
  for (;;) {
    i += Math.floor(Math.log(1 - r()) / lq) + 1;
    if (i > n) return k;
    k++;
  }
}

function poisson(r: () => number, lambda: number): number {
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(r)));
}

// ---- traffic --------------------------------------------------------------------------------

interface Arm {
  req: number;
  err: number;
  slow: number;
}
interface Minute {
  baseline: Arm;
  canary: Arm;
}
interface Scenario {
  name: string;
  rps: number;
  pBase: number;
  pCanary: number;
  slow: number;
}

function minute(r: () => number, s: Scenario, weight: number): Minute {
  const total = poisson(r, s.rps * 60);
  const nc = binomial(r, total, weight / 100);
  const nb = total - nc;
  return {
    baseline: { req: nb, err: binomial(r, nb, s.pBase), slow: binomial(r, nb, s.slow) },
    canary: { req: nc, err: binomial(r, nc, s.pCanary), slow: binomial(r, nc, s.slow) },
  };
}

/** Traffic of one run, drawn lazily and memoised so every method judges the same requests. */
class Run {
  private minutes = new Map<string, Minute>();
  private readonly r: () => number;
  constructor(
    readonly s: Scenario,
    seed: number,
  ) {
    this.r = seededRandom(seed);
  }
  /** the m-th minute (0-based) at step `step` with `weight`: drawn in order, so methods share it */
  at(step: number, m: number, weight: number): Minute {
    const key = `${step}:${m}`;
    let v = this.minutes.get(key);
    if (!v) {
      for (let i = 0; i <= m; i++) {
        const k = `${step}:${i}`;
        if (!this.minutes.has(k)) this.minutes.set(k, minute(this.r, this.s, weight));
      }
      v = this.minutes.get(key)!;
    }
    return v;
  }
}

function sum(ms: Minute[]): Minute {
  const z = (): Arm => ({ req: 0, err: 0, slow: 0 });
  const out = { baseline: z(), canary: z() };
  for (const m of ms) {
    for (const k of ['baseline', 'canary'] as const) {
      out[k].req += m[k].req;
      out[k].err += m[k].err;
      out[k].slow += m[k].slow;
    }
  }
  return out;
}

// ---- methods ---------------------------------------------------------------------------------

type Outcome = { kind: 'rollback' | 'takeover' | 'person'; minute: number };

const preset = PROGRESSIVE_PRESETS.standard.spec;
const steps = stepsSchema.parse(preset.steps);
const analysis = analysisSchema.parse(preset.analysis);
const intervalMin = parseDuration(analysis.interval)! / 60_000;
const maxLooks = parseDuration(analysis.maxDuration)! / 60_000 / intervalMin;
const analyzed = analyzedStepCount(steps);

function observation(c: Minute): Observation {
  return {
    requests: { baseline: c.baseline.req, canary: c.canary.req },
    metrics: {
      'error-rate': { baseline: { total: c.baseline.req, bad: c.baseline.err }, canary: { total: c.canary.req, bad: c.canary.err } },
      'slow-fraction-250ms': { baseline: { total: c.baseline.req, bad: c.baseline.slow }, canary: { total: c.canary.req, bad: c.canary.slow } },
    },
  };
}

/** Graylane: the planner and the analysis exactly as the controller will drive them. */
function graylane(run: Run): Outcome {
  const state: ProgressState = { stepIndex: 0, stepStartedAt: null, appliedWeight: null, phase: 'running' };
  let t = 0; // minutes since the job started
  let looks: Minute[] = [];
  let analysisStart = 0;
  let verdict: Verdict | null = null;
  let previous: Observation | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const a = planNext({ steps, state, now: t * 60_000, verdict });
    switch (a.type) {
      case 'set-weight':
      case 'promote':
        state.stepIndex = a.type === 'promote' ? a.toStep : a.stepIndex;
        state.appliedWeight = a.weight;
        state.stepStartedAt = t * 60_000;
        looks = [];
        analysisStart = t;
        verdict = null;
        previous = null;
        continue;
      case 'take-over':
        return { kind: 'takeover', minute: t };
      case 'rollback':
        return { kind: 'rollback', minute: t };
      case 'hand-to-person':
        return { kind: 'person', minute: t };
      case 'done':
        return { kind: 'takeover', minute: t };
      case 'wait': {
        t += intervalMin;
        const weight = steps[state.stepIndex].weight;
        looks.push(run.at(state.stepIndex, looks.length, weight));
        const obs = observation(sum(looks));
        verdict = evaluateLook({ analysis, analyzedSteps: analyzed, observation: obs, previous, elapsedMs: (t - analysisStart) * 60_000, expectedCanaryShare: weight / 100 });
        previous = obs;
      }
    }
  }
  throw new Error('run did not finish');
}

/** A fixed absolute threshold on the canary alone, checked every `everyMin` minutes over the last `everyMin` minutes. */
function fixedThreshold(run: Run, everyMin: number, minSuccess: number, maxFailures: number): Outcome {
  let failures = 0;
  let t = 0;
  for (const [i, s] of steps.entries()) {
    if (s.weight === 100) break;
    const pause = parseDuration(s.pause as string)! / 60_000;
    for (let m = 0; m < pause; m++) {
      t++;
      if ((m + 1) % everyMin !== 0) continue;
      const w = sum(Array.from({ length: everyMin }, (_, k) => run.at(i, m - everyMin + 1 + k, s.weight)));
      const success = w.canary.req > 0 ? 1 - w.canary.err / w.canary.req : 1;
      if (success < minSuccess) failures++;
      if (failures > maxFailures) return { kind: 'rollback', minute: t };
    }
  }
  return { kind: 'takeover', minute: t };
}

/** The fixed-horizon z-test repeated at every look on the step's cumulative counts (both metrics, alpha each). */
function naive(run: Run, looksPerStep: (pauseLooks: number) => number): Outcome {
  let t = 0;
  for (const [i, s] of steps.entries()) {
    if (s.weight === 100) break;
    const n = looksPerStep(parseDuration(s.pause as string)! / 60_000);
    const looks: Minute[] = [];
    for (let m = 0; m < n; m++) {
      t++;
      looks.push(run.at(i, m, s.weight));
      const c = sum(looks);
      const errors = twoProportionZ({ total: c.canary.req, bad: c.canary.err }, { total: c.baseline.req, bad: c.baseline.err });
      const slow = twoProportionZ({ total: c.canary.req, bad: c.canary.slow }, { total: c.baseline.req, bad: c.baseline.slow });
      if (errors.p < analysis.alpha || slow.p < analysis.alpha) return { kind: 'rollback', minute: t };
    }
  }
  return { kind: 'takeover', minute: t };
}

/**
 * Graylane's fail rule alone, looking all 30 times per step (no early pass, no hand-over): the
 * worst case for repeated looks, to show the false-rollback bound does not rely on stopping early.
 */
function graylaneFailOnly(run: Run): Outcome {
  let t = 0;
  for (const [i, s] of steps.entries()) {
    if (s.weight === 100) break;
    const looks: Minute[] = [];
    let previous: Observation | null = null;
    for (let m = 0; m < maxLooks; m++) {
      t++;
      looks.push(run.at(i, m, s.weight));
      const obs = observation(sum(looks));
      const v = evaluateLook({ analysis, analyzedSteps: analyzed, observation: obs, previous, elapsedMs: (m + 1) * intervalMin * 60_000, expectedCanaryShare: s.weight / 100 });
      if (v.verdict === 'fail') return { kind: 'rollback', minute: t };
      previous = obs;
    }
  }
  return { kind: 'takeover', minute: t };
}

const METHODS: { name: string; judge: (r: Run) => Outcome }[] = [
  { name: 'Graylane mSPRT (alpha 0.05)', judge: graylane },
  { name: 'Graylane fail rule only, 30 looks/step', judge: graylaneFailOnly },
  { name: 'Flagger docs: >=99% per 1m, 5 fails', judge: (r) => fixedThreshold(r, 1, 0.99, 4) },
  { name: 'Argo docs: >=95% per 5m, limit 3', judge: (r) => fixedThreshold(r, 5, 0.95, 3) },
  { name: 'naive z-test each look (5 looks/step)', judge: (r) => naive(r, (p) => p) },
  { name: 'naive z-test each look (30 looks/step)', judge: (r) => naive(r, () => maxLooks) },
];

// ---- study ----------------------------------------------------------------------------------

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

const started = performance.now();
const pctOf = (n: number) => `${((100 * n) / RUNS).toFixed(1)}%`;
for (const rps of [50, 20]) {
  const aa: Scenario = { name: 'A/A', rps, pBase: 0.01, pCanary: 0.01, slow: 0.03 };
  const bad: Scenario = { name: '2x errors', rps, pBase: 0.01, pCanary: 0.02, slow: 0.03 };
  const rows: (string | number)[][] = [];
  const results = METHODS.map(() => ({ aa: [] as Outcome[], bad: [] as Outcome[] }));
  for (let i = 0; i < RUNS; i++) {
    const runAA = new Run(aa, SEED * 1_000_003 + i * 2 + rps * 7919);
    const runBad = new Run(bad, SEED * 1_000_003 + i * 2 + 1 + rps * 7919);
    METHODS.forEach((m, k) => {
      results[k].aa.push(m.judge(runAA));
      results[k].bad.push(m.judge(runBad));
    });
  }
  METHODS.forEach((m, k) => {
    const { aa: a, bad: b } = results[k];
    const count = (xs: Outcome[], kind: Outcome['kind']) => xs.filter((o) => o.kind === kind).length;
    rows.push([
      m.name,
      pctOf(count(a, 'rollback')),
      pctOf(count(a, 'takeover')),
      pctOf(count(a, 'person')),
      String(median(a.filter((o) => o.kind === 'takeover').map((o) => o.minute)) || '-'),
      pctOf(count(b, 'rollback')),
      String(median(b.filter((o) => o.kind === 'rollback').map((o) => o.minute)) || '-'),
      pctOf(count(b, 'person')),
      pctOf(count(b, 'takeover')),
    ]);
  });
  console.log(`\n${RUNS} runs per scenario at ${rps} req/s, baseline errors 1%, slow (> 250 ms) 3%, looks every ${analysis.interval}, max ${analysis.maxDuration} per step, seed ${SEED}`);
  printTable(['method', 'A/A false rollback', 'A/A taken over', 'A/A to a person', 'A/A median min to take over', '2x errors detected', '2x median min to rollback', '2x to a person', '2x taken over (missed)'], rows);
}
console.log(`\nGraylane's target: false rollback <= ${analysis.alpha * 100}% (alpha) and 2x errors detected in >= 80% within the maximum duration. Took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
