/**
 * One look of the progressive analysis: counts in, verdict and its explanation out. Pure: the
 * controller queries Prometheus (lib/analysis/queries.ts builds the queries and parses the
 * results), calls `evaluateLook`, and acts on the verdict through lib/analysis/planner.ts.
 *
 * Order of the rules (the first that applies decides):
 *   counter-reset > no-data > fail > sample-ratio-mismatch > pass (needs the minimum sample)
 *   > max-duration (hand to a person) > inconclusive.
 * A shown regression rolls back even when the traffic split is off: rolling back is always safe,
 * while a mismatch only forbids trusting the comparison enough to go on.
 */
import type { Observation, MetricObservation } from './queries';
import { metricId, metricLabel, parseDuration, type AnalysisSpec } from './spec';
import { compareProportions, requestsToDecide, srmLogEvidence, type ArmCount } from './stats';

export type VerdictKind = 'pass' | 'fail' | 'inconclusive' | 'sample-ratio-mismatch' | 'no-data' | 'counter-reset' | 'max-duration';

/** Largest e-value reported (JSON has no Infinity); decisions use the exact logarithm. */
const E_CAP = 1e12;
const eValue = (logE: number) => Math.min(E_CAP, Math.exp(logE));

/** One arm of a metric as shown: counts and rate. */
export interface ArmView {
  total: number;
  bad: number;
  /** bad / total, null without requests */
  rate: number | null;
}

/** Why a metric stands where it stands, with every number the decision used (proportions, not pp). */
export interface MetricExplanation {
  id: string;
  label: string;
  status: 'pass' | 'fail' | 'inconclusive' | 'no-data';
  /** one sentence for people */
  reason: string;
  margin: number;
  baseline: ArmView | null;
  canary: ArmView | null;
  /** canary rate − baseline rate */
  effect: number | null;
  /** always-valid interval of the difference; holds at every look simultaneously */
  interval: { lower: number; upper: number; confidence: number } | null;
  /** e-values against "canary no worse" (fail when it reaches its threshold) and "canary worse by the margin" (pass) */
  evidence: { worse: { eValue: number; threshold: number }; nonInferior: { eValue: number; threshold: number } } | null;
  /** smallest difference that would be declared worse at the current sample */
  detectableEffect: number | null;
  /** more requests to the service a decision on this metric needs if the rates hold; null: none would */
  moreRequests: number | null;
  /** slow fraction only: p95 (ms) per version from the same buckets, for reading, not deciding */
  p95?: { baseline: number | null; canary: number | null };
}

export interface SampleRatioCheck {
  expectedShare: number;
  observedShare: number;
  eValue: number;
  threshold: number;
  mismatch: boolean;
}

export interface Verdict {
  verdict: VerdictKind;
  /** the rule that fired, machine-readable */
  rule: 'counter-reset' | 'no-data' | 'sample-ratio-mismatch' | 'metric-worse' | 'all-non-inferior' | 'max-duration' | 'below-minimum-sample' | 'collecting';
  /** the decision in one or two sentences */
  message: string;
  /** more requests to the service before a verdict can be reached (null: unknown) */
  needMoreRequests: number | null;
  requests: { baseline: number; canary: number } | null;
  srm: SampleRatioCheck | null;
  /** levels used: per metric against "worse", and against "non-inferior" */
  alpha: { worse: number; nonInferior: number };
  metrics: MetricExplanation[];
}

export interface LookInput {
  analysis: AnalysisSpec;
  /** number of analysed steps in the schedule (the false-rollback budget is split over them) */
  analyzedSteps: number;
  observation: Observation;
  /** the previous look of the same step's analysis, to catch counts that went down */
  previous?: Observation | null;
  /** time since the step started (not reset by a counter-reset restart): maxDuration is per step */
  elapsedMs: number;
  /** configured canary share (weight / 100) when traffic is split by weight alone; null skips the sample-ratio check */
  expectedCanaryShare?: number | null;
}

/** A proportion as percentage points with sign (`+0.42 pp`). */
export function formatPp(x: number, digits = 2): string {
  const v = x * 100;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)} pp`;
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Counts may fall between looks by increase()'s extrapolation jitter; more than this is lost evidence. */
const RESET_TOLERANCE = 0.1;

function wentDown(prev: number, now: number): boolean {
  return now < prev - Math.max(2, prev * RESET_TOLERANCE);
}

/** The first count that went down since the previous look, described; null if none did. */
export function findCounterReset(previous: Observation, now: Observation): string | null {
  const pairs: [string, number, number][] = [];
  if (previous.requests && now.requests) {
    pairs.push(['baseline requests', previous.requests.baseline, now.requests.baseline], ['canary requests', previous.requests.canary, now.requests.canary]);
  } else if (previous.requests && !now.requests && previous.requests.baseline + previous.requests.canary > 0) {
    return 'request counts disappeared since the previous look';
  }
  for (const [id, p] of Object.entries(previous.metrics)) {
    const n = now.metrics[id];
    if (!n || 'missing' in p || 'missing' in n) continue;
    pairs.push([`${id} baseline total`, p.baseline.total, n.baseline.total], [`${id} baseline bad`, p.baseline.bad, n.baseline.bad]);
    pairs.push([`${id} canary total`, p.canary.total, n.canary.total], [`${id} canary bad`, p.canary.bad, n.canary.bad]);
  }
  for (const [what, p, n] of pairs) if (wentDown(p, n)) return `${what} went down from ${int(p)} to ${int(n)}`;
  return null;
}

const arm = (c: ArmCount): ArmView => ({ total: c.total, bad: c.bad, rate: c.total > 0 ? c.bad / c.total : null });

function explainMetric(
  id: string,
  label: string,
  margin: number,
  obs: MetricObservation | undefined,
  alphaWorse: number,
  alphaNonInf: number,
  minSample: number,
  share: number | null,
  toMin: number | null,
): MetricExplanation {
  if (!obs || 'missing' in obs) {
    return { id, label, status: 'no-data', reason: obs ? obs.missing : 'no counts', margin, baseline: null, canary: null, effect: null, interval: null, evidence: null, detectableEffect: null, moreRequests: null };
  }
  const c = compareProportions(obs.canary, obs.baseline, margin, alphaWorse, alphaNonInf);
  const enough = obs.canary.total >= minSample && obs.baseline.total >= minSample;
  const status: MetricExplanation['status'] = c.worse ? 'fail' : c.nonInferior && enough ? 'pass' : 'inconclusive';
  const confidence = 1 - alphaWorse - alphaNonInf;
  let reason: string;
  if (status === 'fail') reason = `canary is worse than baseline: the always-valid lower bound of the difference is ${formatPp(c.lower)} (> 0)`;
  else if (status === 'pass') reason = `canary is within the margin: the always-valid upper bound ${formatPp(c.upper)} is below ${formatPp(margin)}`;
  else if (c.nonInferior) reason = `within the margin so far (upper bound ${formatPp(c.upper)} < ${formatPp(margin)}), but each version needs ${int(minSample)} requests`;
  else reason = `not decided: the interval ${formatPp(c.lower)} … ${formatPp(c.upper)} contains 0 and reaches the margin ${formatPp(margin)}`;
  let more: number | null = 0;
  if (status === 'inconclusive') {
    const projected = share === null ? null : requestsToDecide(obs.canary, obs.baseline, share, margin, alphaWorse, alphaNonInf);
    more = projected === null || toMin === null ? null : Math.max(1, projected, toMin);
  }
  return {
    id,
    label,
    status,
    reason,
    margin,
    baseline: arm(obs.baseline),
    canary: arm(obs.canary),
    effect: obs.canary.total > 0 && obs.baseline.total > 0 ? c.effect : null,
    interval: { lower: c.lower, upper: c.upper, confidence },
    evidence: { worse: { eValue: eValue(c.logEvidenceWorse), threshold: 1 / alphaWorse }, nonInferior: { eValue: eValue(c.logEvidenceNonInferior), threshold: 1 / alphaNonInf } },
    detectableEffect: c.detectableEffect,
    moreRequests: more,
    ...(obs.p95 ? { p95: obs.p95 } : {}),
  };
}

/** Requests to the service until both versions reach the minimum sample at `share`; null if unknown. */
function toMinimum(req: { baseline: number; canary: number }, minSample: number, share: number | null): number | null {
  const dc = Math.max(0, minSample - req.canary);
  const db = Math.max(0, minSample - req.baseline);
  if (dc === 0 && db === 0) return 0;
  if (share === null || share <= 0 || share >= 1) return null;
  return Math.ceil(Math.max(dc / share, db / (1 - share)));
}

/** Judges one look. @see lib/analysis/README.md for the method and why it may be checked every interval. */
export function evaluateLook(input: LookInput): Verdict {
  const { analysis, observation: obs } = input;
  const nMetrics = analysis.metrics.length;
  const alphaWorse = analysis.alpha / (nMetrics * Math.max(1, input.analyzedSteps));
  const alphaNonInf = analysis.alpha;
  const alpha = { worse: alphaWorse, nonInferior: alphaNonInf };
  const req = obs.requests;
  const expected = input.expectedCanaryShare ?? null;
  const observedShare = req && req.baseline + req.canary > 0 ? req.canary / (req.baseline + req.canary) : null;
  const share = expected !== null && expected > 0 && expected < 1 ? expected : observedShare;
  const toMin = req ? toMinimum(req, analysis.minSample, share) : null;
  const metrics = analysis.metrics.map((m) => explainMetric(metricId(m), metricLabel(m), m.marginPp / 100, obs.metrics[metricId(m)], alphaWorse, alphaNonInf, analysis.minSample, share, toMin));
  const base = { requests: req, alpha, metrics, srm: null as SampleRatioCheck | null };
  const maxMs = parseDuration(analysis.maxDuration) ?? Infinity;
  const overTime = input.elapsedMs >= maxMs;
  const escalate = (why: string): Verdict => ({
    ...base,
    verdict: 'max-duration',
    rule: 'max-duration',
    message: `No decision after ${analysis.maxDuration} (${why}); the step is handed to a person: promote or abort.`,
    needMoreRequests: null,
  });

  if (input.previous) {
    const reset = findCounterReset(input.previous, obs);
    if (reset) {
      return {
        ...base,
        verdict: 'counter-reset',
        rule: 'counter-reset',
        message: `Counts went down between looks (${reset}): Prometheus lost samples or series. The evidence of this step is discarded and the analysis restarts from this look.`,
        needMoreRequests: null,
      };
    }
  }

  if (!req || req.baseline + req.canary === 0) {
    const why = !req ? 'no series of istio_requests_total for either version' : 'no requests to either version';
    if (overTime) return escalate(why);
    return { ...base, verdict: 'no-data', rule: 'no-data', message: `No data: ${why} in the window. Is traffic flowing and is Prometheus scraping the mesh? Never a pass.`, needMoreRequests: null };
  }
  const missing = metrics.find((m) => m.status === 'no-data');
  if (missing) {
    if (overTime) return escalate(`${missing.label}: ${missing.reason}`);
    return { ...base, verdict: 'no-data', rule: 'no-data', message: `No data for ${missing.label}: ${missing.reason}.`, needMoreRequests: null };
  }

  if (expected !== null && expected > 0 && expected < 1) {
    const logE = srmLogEvidence(req.canary, req.baseline, expected);
    base.srm = { expectedShare: expected, observedShare: observedShare ?? 0, eValue: eValue(logE), threshold: 1 / analysis.srmAlpha, mismatch: logE >= Math.log(1 / analysis.srmAlpha) };
  }

  const failed = metrics.filter((m) => m.status === 'fail');
  if (failed.length > 0) {
    const f = failed[0];
    return { ...base, verdict: 'fail', rule: 'metric-worse', message: `Roll back: ${f.label} — ${f.reason}.`, needMoreRequests: 0 };
  }

  const srm = base.srm;
  if (srm?.mismatch) {
    return {
      ...base,
      verdict: 'sample-ratio-mismatch',
      rule: 'sample-ratio-mismatch',
      message:
        `Sample-ratio mismatch: the canary received ${pct(srm.observedShare)} of requests (${int(req.canary)} of ${int(req.canary + req.baseline)}) where ${pct(srm.expectedShare, 0)} was configured ` +
        `(evidence ${srm.eValue.toExponential(1)} ≥ ${int(srm.threshold)}). The counts cannot be trusted to compare the versions, so the analysis stops: ` +
        'check for requests that never reach the canary (crashing pods, missing sidecar), retries, or routes other than the weight.',
      needMoreRequests: null,
    };
  }

  const enough = toMin === 0;
  if (enough && metrics.every((m) => m.status === 'pass')) {
    return { ...base, verdict: 'pass', rule: 'all-non-inferior', message: `Pass: every metric is shown within its margin (${metrics.map((m) => `${m.label} ≤ ${formatPp(m.margin)}`).join('; ')}).`, needMoreRequests: 0 };
  }

  if (overTime) return escalate(enough ? 'the evidence is not yet decisive' : 'the minimum sample was not reached');

  if (!enough) {
    return {
      ...base,
      verdict: 'inconclusive',
      rule: 'below-minimum-sample',
      message:
        `Inconclusive: each version needs ${int(analysis.minSample)} requests (baseline ${int(req.baseline)}, canary ${int(req.canary)})` +
        (toMin === null ? '.' : `: need ${int(toMin)} more requests.`),
      needMoreRequests: toMin,
    };
  }
  const open = metrics.filter((m) => m.status !== 'pass');
  const projections = open.map((m) => m.moreRequests);
  const need = projections.some((p) => p === null) ? null : Math.max(...(projections as number[]));
  return {
    ...base,
    verdict: 'inconclusive',
    rule: 'collecting',
    message: `Inconclusive: ${open.map((m) => m.label).join(', ')} not decided yet` + (need === null ? '.' : `; at the current rates about ${int(need)} more requests decide.`),
    needMoreRequests: need,
  };
}

/** One look as kept in the job's status for the evidence timeline (compact: no messages per metric). */
export interface LookRecord {
  /** ISO time of the look */
  at: string;
  verdict: VerdictKind;
  rule: Verdict['rule'];
  requests: { baseline: number; canary: number } | null;
  metrics: { id: string; status: MetricExplanation['status']; effect: number | null; lower: number | null; upper: number | null; eWorse: number | null; eNonInferior: number | null }[];
}

/** The timeline entry of a verdict; `history` keeps the last `max` looks (status stays small). */
export function recordLook(history: readonly LookRecord[], v: Verdict, atMs: number, max = 30): LookRecord[] {
  const entry: LookRecord = {
    at: new Date(atMs).toISOString(),
    verdict: v.verdict,
    rule: v.rule,
    requests: v.requests,
    metrics: v.metrics.map((m) => ({
      id: m.id,
      status: m.status,
      effect: m.effect,
      lower: m.interval?.lower ?? null,
      upper: m.interval?.upper ?? null,
      eWorse: m.evidence?.worse.eValue ?? null,
      eNonInferior: m.evidence?.nonInferior.eValue ?? null,
    })),
  };
  return [...history, entry].slice(-max);
}
