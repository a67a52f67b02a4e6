/**
 * The progressive job's state machine as the controller runs it (issue 11): from the stored
 * `status.progress`, the job's spec, what the routes apply now, the one-shot annotations and the
 * look taken in this reconcile (if one was due), the next `status.progress`, the Events to record
 * and when to come back. Pure and deterministic: called twice with the same input (before and
 * after the reconcile's one write) it gives the same progress, so it is level-based
 * (DESIGN.md house rule 5). The step decisions themselves are lib/analysis/planner.ts.
 */
import type { Verdict, LookRecord } from './evaluate';
import { recordLook } from './evaluate';
import { planNext, type PlannerAction, type ProgressState } from './planner';
import type { Observation, MetricObservation } from './queries';
import { parseDuration, type AnalysisSpec, type Step } from './spec';

/** One-shot annotation: Promote the step whose index it holds (a stale index is ignored); cleared by the controller. */
export const PROMOTE_ANNOTATION = 'graylane.io/promote';
/** One-shot annotation: `"true"` aborts the job (100% to the baseline, job Failed); cleared by the controller. */
export const ABORT_ANNOTATION = 'graylane.io/abort';

export type ProgressPhase = ProgressState['phase'];

/** One action of the schedule, kept in `status.progress.decisions`. */
export interface ProgressDecision {
  at: string;
  stepIndex: number;
  action: 'set-weight' | 'promote' | 'take-over' | 'rollback' | 'abort' | 'hand-to-person' | 'restart';
  reason: string;
}

/**
 * `status.progress` of a job with `spec.steps`. Fields that would be null are absent: the status is
 * written with a JSON merge patch, where null deletes (RFC 7386).
 */
export interface ReleaseProgress {
  /** `2/3`: the step counter (printer column Step) */
  step: string;
  stepIndex: number;
  stepCount: number;
  phase: ProgressPhase;
  /** candidate weight the routes apply now */
  appliedWeight?: number | null;
  /** when the current step's weight was in force (ISO) */
  stepStartedAt?: string | null;
  /** when the current step's analysis (re)started (ISO) */
  analysisStartedAt?: string | null;
  lastLookAt?: string | null;
  nextLookAt?: string | null;
  /** the planner's reason for the current state */
  message: string;
  /** latest verdict (of this step or, after a promote, of the previous one until the next look) */
  lastVerdict?: Verdict | null;
  history?: LookRecord[] | null;
  decisions?: ProgressDecision[] | null;
  /** after the final take over: spec.takeOver now says so, and the job is an ordinary taken-over job */
  handedOver?: boolean | null;
}

export interface ProgressEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface ProgressInput {
  steps: readonly Step[];
  analysis?: AnalysisSpec;
  /** status.progress as stored (undefined for a new job) */
  previous?: ReleaseProgress;
  now: number;
  /** spec.paused */
  paused: boolean;
  annotations?: Record<string, string>;
  /** the candidate has ready pods */
  candidateReady: boolean;
  /** candidate weight the routes in the cluster apply now */
  appliedWeight: number | null;
  /** spec.takeOver equals the candidate (the hand-over after the final step is written) */
  specTakenOver: boolean;
  /** a look taken in this reconcile (only when `lookDue` said so) */
  look?: Verdict;
}

export interface ProgressResult {
  progress: ReleaseProgress;
  events: ProgressEvent[];
  /** the planner's action this time (for tests and logs) */
  action: PlannerAction;
  /** come back after this long (the next look or the end of a pause); null when final */
  requeueAfterMs: number | null;
}

const MAX_DECISIONS = 20;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string | null | undefined) => (s ? Date.parse(s) : null);
const isFinal = (p: ProgressPhase) => p === 'rolled-back' || p === 'completed';

/** Event reason of each verdict (TEAM-NOTES "Contract: progressive jobs"). */
export const VERDICT_EVENT: Record<Verdict['verdict'], { reason: string; type: 'Normal' | 'Warning' }> = {
  pass: { reason: 'AnalysisPassed', type: 'Normal' },
  fail: { reason: 'AnalysisFailed', type: 'Warning' },
  inconclusive: { reason: 'AnalysisInconclusive', type: 'Normal' },
  'sample-ratio-mismatch': { reason: 'SampleRatioMismatch', type: 'Warning' },
  'no-data': { reason: 'AnalysisNoData', type: 'Normal' },
  'counter-reset': { reason: 'AnalysisRestarted', type: 'Normal' },
  'max-duration': { reason: 'HandedToPerson', type: 'Normal' },
};

/** Interval between looks in ms (the schema guarantees a valid duration; 1 minute otherwise). */
export function intervalMs(analysis: AnalysisSpec): number {
  return parseDuration(analysis.interval) ?? 60_000;
}

/** The stored verdict belongs to the current step's analysis (looked at after it started). */
function verdictOfCurrentAnalysis(p: ReleaseProgress | undefined): Verdict | null {
  if (!p?.lastVerdict || !p.lastLookAt || !p.analysisStartedAt) return null;
  // strictly after: the look that promoted (or restarted) at the same instant judged the previous window
  return Date.parse(p.lastLookAt) > Date.parse(p.analysisStartedAt) ? p.lastVerdict : null;
}

/** The counts a stored verdict was computed from, to catch counts going down at the next look. */
export function observationOf(v: Verdict): Observation {
  const metrics: Record<string, MetricObservation> = {};
  for (const m of v.metrics ?? []) {
    metrics[m.id] = m.baseline && m.canary ? { baseline: { total: m.baseline.total, bad: m.baseline.bad }, canary: { total: m.canary.total, bad: m.canary.bad } } : { missing: m.reason };
  }
  return { requests: v.requests ?? null, metrics };
}

/** What a due look needs: the window (seconds since the analysis started) and the previous look's counts. */
export interface DueLook {
  windowS: number;
  /** ms the current step has run (max duration is per step) */
  elapsedMs: number;
  previous: Observation | null;
}

/**
 * Whether a look is due now: the step's weight is in force, the job is not final, and an interval
 * has passed since the analysis started or since the last look of it.
 */
export function lookDue(progress: ReleaseProgress | undefined, analysis: AnalysisSpec | undefined, now: number): DueLook | null {
  if (!analysis || !progress || isFinal(progress.phase)) return null;
  const started = ms(progress.analysisStartedAt);
  const stepStarted = ms(progress.stepStartedAt);
  if (started === null || stepStarted === null) return null;
  const previous = verdictOfCurrentAnalysis(progress);
  const last = previous ? ms(progress.lastLookAt)! : started;
  if (now < last + intervalMs(analysis)) return null;
  // after a counter reset the analysis restarted at that look: its (larger) counts are not comparable
  const comparable = previous && previous.verdict !== 'counter-reset' ? previous : null;
  return { windowS: Math.max(1, Math.round((now - started) / 1000)), elapsedMs: now - stepStarted, previous: comparable ? observationOf(comparable) : null };
}

/** Candidate weight and take over the routes should apply for this progress (null: not progressive). */
export function progressRouting(steps: readonly Step[], progress: ReleaseProgress | undefined): { candidateWeight: number; takeOver: boolean } {
  if (progress?.phase === 'rolled-back') return { candidateWeight: 0, takeOver: false };
  if (progress?.phase === 'completed') return { candidateWeight: 100, takeOver: true };
  const step = steps[Math.min(progress?.stepIndex ?? 0, steps.length - 1)];
  return step.weight >= 100 ? { candidateWeight: 100, takeOver: true } : { candidateWeight: step.weight, takeOver: false };
}

/** Strips null and undefined values recursively: the stored status has none (merge patch), so comparisons stay stable. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out as T;
  }
  return value;
}

/** The next `status.progress` of a progressive job, its Events and when to come back. */
export function advanceProgress(input: ProgressInput): ProgressResult {
  const { steps, analysis, now } = input;
  const prev = input.previous;
  const stepCount = steps.length;
  const events: ProgressEvent[] = [];
  let decisions = [...(prev?.decisions ?? [])];
  const decide = (stepIndex: number, action: ProgressDecision['action'], reason: string) => {
    decisions = [...decisions, { at: iso(now), stepIndex, action, reason }].slice(-MAX_DECISIONS);
  };

  let stepIndex = Math.min(Math.max(prev?.stepIndex ?? 0, 0), stepCount - 1);
  let phase: ProgressPhase = prev?.phase ?? 'running';
  let stepStartedAt = ms(prev?.stepStartedAt);
  let analysisStartedAt = ms(prev?.analysisStartedAt);
  let message = prev?.message ?? `step 1 of ${stepCount}: waiting for the candidate`;
  let lastVerdict = prev?.lastVerdict ?? null;
  let lastLookAt = ms(prev?.lastLookAt);
  let history = prev?.history ?? [];
  let handedOver = prev?.handedOver ?? false;
  const applied = input.appliedWeight;

  if (!isFinal(phase)) {
    if (input.paused && phase === 'running') phase = 'paused';
    if (!input.paused && phase === 'paused') phase = 'running';
  }

  // The step begins when its weight is in force; its analysis begins with it.
  const markStarted = () => {
    const weight = steps[stepIndex].weight;
    if (stepStartedAt === null && input.candidateReady && applied === weight && weight < 100) {
      stepStartedAt = now;
      analysisStartedAt = now;
      decide(stepIndex, 'set-weight', `step ${stepIndex + 1} of ${stepCount}: ${weight}% of traffic on the candidate`);
    }
  };
  if (!isFinal(phase)) markStarted();

  // A fresh look: record it, and tell when the verdict changed.
  const fresh = input.look && !isFinal(phase) ? input.look : undefined;
  if (fresh) {
    const before = verdictOfCurrentAnalysis(prev);
    // max-duration is told by the HandedToPerson Event of the action it causes
    if ((!before || before.verdict !== fresh.verdict) && fresh.verdict !== 'max-duration') {
      const e = VERDICT_EVENT[fresh.verdict];
      events.push({ type: e.type, reason: e.reason, message: `step ${stepIndex + 1} of ${stepCount}: ${fresh.message}` });
    }
    lastVerdict = fresh;
    lastLookAt = now;
    history = recordLook(history, fresh, now);
  }

  const verdict = analysis ? (fresh ?? verdictOfCurrentAnalysis(prev)) : undefined;
  const promoteRequested = input.annotations?.[PROMOTE_ANNOTATION] === String(stepIndex);
  const abortRequested = input.annotations?.[ABORT_ANNOTATION] === 'true';
  // A started step counts as applied: after this reconcile's write the routes already carry the
  // weight of the step it promotes to, and the second run must decide exactly as the first.
  const plannedWeight = stepStartedAt !== null ? steps[stepIndex].weight : applied;
  const action = planNext({
    steps,
    state: { stepIndex, stepStartedAt, appliedWeight: plannedWeight, phase, promoteRequested, abortRequested },
    now,
    verdict: verdict === undefined ? undefined : (verdict ?? null),
  });

  let waitUntil: number | null = null;
  const enterStep = (to: number) => {
    stepIndex = to;
    stepStartedAt = null;
    analysisStartedAt = null;
    if (phase === 'awaiting-decision') phase = input.paused ? 'paused' : 'running';
    markStarted();
  };
  switch (action.type) {
    case 'set-weight':
      message = input.candidateReady ? `${action.reason}: applying` : `${action.reason} once it has ready pods`;
      break;
    case 'wait':
      message = action.reason;
      if (action.until !== undefined) waitUntil = action.until;
      if (action.restartAnalysis && fresh) {
        analysisStartedAt = now;
        decide(stepIndex, 'restart', action.reason);
      }
      break;
    case 'promote':
      decide(stepIndex, 'promote', action.reason);
      events.push({ type: 'Normal', reason: 'StepPromoted', message: `step ${action.toStep + 1} of ${stepCount}: ${action.weight}% to the candidate (${action.reason})` });
      message = `promoted to step ${action.toStep + 1} of ${stepCount} (${action.weight}%): ${action.reason}`;
      enterStep(action.toStep);
      break;
    case 'take-over':
      decide(stepIndex, 'take-over', action.reason);
      events.push({ type: 'Normal', reason: 'StepPromoted', message: `step ${stepCount} of ${stepCount}: the candidate takes over all traffic (${action.reason})` });
      stepIndex = stepCount - 1;
      phase = 'completed';
      message = `taken over: ${action.reason}`;
      break;
    case 'rollback':
      decide(stepIndex, abortRequested ? 'abort' : 'rollback', action.reason);
      events.push(
        abortRequested
          ? { type: 'Warning', reason: 'Aborted', message: `aborted at step ${stepIndex + 1} of ${stepCount}: all traffic back to the baseline, the candidate is kept for inspection` }
          : { type: 'Warning', reason: 'RolledBack', message: `rolled back at step ${stepIndex + 1} of ${stepCount}: ${action.reason}` },
      );
      phase = 'rolled-back';
      message = abortRequested ? 'aborted by a person: all traffic on the baseline' : `rolled back: ${action.reason}`;
      break;
    case 'hand-to-person':
      decide(stepIndex, 'hand-to-person', action.reason);
      events.push({ type: 'Normal', reason: 'HandedToPerson', message: `step ${stepIndex + 1} of ${stepCount}: ${action.reason}` });
      phase = 'awaiting-decision';
      message = `waiting for a person to promote or abort: ${action.reason}`;
      break;
    case 'done':
      break;
  }
  if (phase === 'completed' && input.specTakenOver) handedOver = true;

  const final = isFinal(phase);
  let nextLookAt: number | null = null;
  if (analysis && !final && analysisStartedAt !== null) {
    const base = lastLookAt !== null && lastLookAt > analysisStartedAt ? lastLookAt : analysisStartedAt;
    nextLookAt = base + intervalMs(analysis);
  }
  const times = [nextLookAt, waitUntil].filter((t): t is number => t !== null);
  const requeueAfterMs = final ? null : times.length > 0 ? Math.max(0, Math.min(...times) - now) : null;

  const progress: ReleaseProgress = withoutNulls({
    step: `${stepIndex + 1}/${stepCount}`,
    stepIndex,
    stepCount,
    phase,
    appliedWeight: applied,
    stepStartedAt: stepStartedAt === null ? null : iso(stepStartedAt),
    analysisStartedAt: analysisStartedAt === null ? null : iso(analysisStartedAt),
    lastLookAt: lastLookAt === null ? null : iso(lastLookAt),
    nextLookAt: nextLookAt === null ? null : iso(nextLookAt),
    message,
    lastVerdict,
    history: history.length > 0 ? history : null,
    decisions: decisions.length > 0 ? decisions : null,
    handedOver: handedOver || null,
  });
  return { progress, events, action, requeueAfterMs };
}
