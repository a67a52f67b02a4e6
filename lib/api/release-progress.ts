/**
 * Progressive jobs (issue 11) as the REST API and the job detail see them: the schedule
 * (`spec.steps`), the analysis (`spec.analysis`, with its defaults), `spec.paused`, and what the
 * controller reports in `status.progress` (TEAM-NOTES "Contract: progressive jobs"), read
 * defensively because the status comes from the cluster, where any tool may have written it.
 * Also the rules of Promote / Pause / Resume / Abort, so the API refuses exactly what the UI
 * disables, and the PromQL of the current window (lib/analysis lookQueries) for the explanation.
 */
import { analysisSchema, lookQueries, stepsSchema, type AnalysisSpec, type LookQueries, type LookRecord, type Step, type Verdict } from '../analysis';

/** The one-shot annotations of Promote (`"<stepIndex>"`) and Abort (`"true"`), read and cleared by the controller. */
export { ABORT_ANNOTATION, PROMOTE_ANNOTATION } from '../analysis/progress';

export const PROGRESS_PHASES = ['running', 'paused', 'awaiting-decision', 'rolled-back', 'completed'] as const;
/** Where the schedule stands: running (automation on), paused (by a person), awaiting-decision (handed to a person), rolled-back and completed (final). */
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];

/** One action of the controller on the schedule (set-weight, promote, take-over, rollback, hand-to-person, restart). */
export interface ProgressDecision {
  at: string;
  stepIndex: number;
  action: string;
  reason: string;
}

/** `status.progress` as written by the controller. */
export interface ReleaseProgressStatus {
  stepIndex: number;
  stepCount: number;
  phase: ProgressPhase;
  /** weight the routes give the candidate now (null: unknown) */
  appliedWeight: number | null;
  stepStartedAt: string | null;
  analysisStartedAt: string | null;
  lastLookAt: string | null;
  nextLookAt: string | null;
  /** the planner's reason for the current state */
  message: string;
  /** the latest look's full verdict (lib/analysis/evaluate.ts) */
  lastVerdict: Verdict | null;
  /** the last looks, oldest first */
  history: LookRecord[];
  /** the last actions, oldest first */
  decisions: ProgressDecision[];
}

/** The progressive part of a job: null for a job without `spec.steps`. */
export interface ReleaseProgressiveView {
  steps: Step[];
  /** `spec.analysis` with its defaults filled; null: steps advance on their pauses alone */
  analysis: AnalysisSpec | null;
  paused: boolean;
  /** null until the controller has written it */
  progress: ReleaseProgressStatus | null;
}

/** GET /api/projects/{ns}/releases/{name}/analysis */
export interface ReleaseAnalysisView extends ReleaseProgressiveView {
  /** the exact PromQL of the window shown (labels resolved); null without analysis */
  queries: LookQueries | null;
  /** the window the queries count over: from the step's analysis start to the last look (or now, before the first) */
  window: { seconds: number; from: string | null; to: string } | null;
}

/** The actions on a progressive job (POST .../releases/{name}/{action}). */
export const PROGRESS_ACTIONS = ['promote', 'pause', 'resume', 'abort'] as const;
export type ProgressAction = (typeof PROGRESS_ACTIONS)[number];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readDecision(v: unknown): ProgressDecision | null {
  if (!isRecord(v)) return null;
  const at = str(v.at);
  const action = str(v.action);
  if (!at || !action) return null;
  return { at, stepIndex: num(v.stepIndex) ?? 0, action, reason: typeof v.reason === 'string' ? v.reason : '' };
}

/** `value` with each of `keys` that is absent set to null: the stored status has no nulls (the controller's merge patch drops them). */
function nullsBack<T>(value: unknown, keys: readonly string[]): T {
  const out: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  for (const k of keys) if (out[k] === undefined) out[k] = null;
  return out as T;
}

const METRIC_NULLABLE = ['baseline', 'canary', 'effect', 'interval', 'evidence', 'detectableEffect', 'moreRequests'] as const;

function readVerdict(v: unknown): Verdict | null {
  // The controller writes evaluate.ts's Verdict as is; a value without its core fields is not one.
  if (!isRecord(v) || typeof v.verdict !== 'string' || typeof v.message !== 'string' || !Array.isArray(v.metrics)) return null;
  const verdict = nullsBack<Verdict>(v, ['needMoreRequests', 'requests', 'srm']);
  verdict.metrics = v.metrics.filter(isRecord).map((m) => {
    const metric = nullsBack<Verdict['metrics'][number]>(m, METRIC_NULLABLE);
    if (metric.p95) metric.p95 = nullsBack(metric.p95, ['baseline', 'canary']);
    return metric;
  });
  if (!isRecord(verdict.alpha)) verdict.alpha = { worse: Number.NaN, nonInferior: Number.NaN };
  return verdict;
}

function readLook(v: unknown): LookRecord | null {
  if (!isRecord(v) || typeof v.at !== 'string' || typeof v.verdict !== 'string') return null;
  const look = nullsBack<LookRecord>(v, ['requests']);
  look.metrics = Array.isArray(v.metrics) ? v.metrics.filter(isRecord).map((m) => nullsBack<LookRecord['metrics'][number]>(m, ['effect', 'lower', 'upper', 'eWorse', 'eNonInferior'])) : [];
  return look;
}

/** `status.progress` read defensively (unknown fields dropped, missing ones defaulted); null when absent. */
export function readProgress(raw: unknown, stepCount: number): ReleaseProgressStatus | null {
  if (!isRecord(raw)) return null;
  const phase = (PROGRESS_PHASES as readonly string[]).includes(raw.phase as string) ? (raw.phase as ProgressPhase) : 'running';
  const list = <T>(v: unknown, read: (x: unknown) => T | null): T[] => (Array.isArray(v) ? v.map(read).filter((x): x is T => x !== null) : []);
  return {
    stepIndex: Math.max(0, Math.trunc(num(raw.stepIndex) ?? 0)),
    stepCount: num(raw.stepCount) ?? stepCount,
    phase,
    appliedWeight: num(raw.appliedWeight),
    stepStartedAt: str(raw.stepStartedAt),
    analysisStartedAt: str(raw.analysisStartedAt),
    lastLookAt: str(raw.lastLookAt),
    nextLookAt: str(raw.nextLookAt),
    message: typeof raw.message === 'string' ? raw.message : '',
    lastVerdict: readVerdict(raw.lastVerdict),
    history: list(raw.history, readLook),
    decisions: list(raw.decisions, readDecision),
  };
}

/** What the progressive view is read from: any object with a spec and an optional status (types of lib/release may lag the contract). */
export interface ProgressiveSource {
  spec: object;
  status?: object | null;
}

/** The progressive part of a job, or null when it has no valid `spec.steps`. */
export function progressiveView(release: ProgressiveSource): ReleaseProgressiveView | null {
  const spec = release.spec as { steps?: unknown; analysis?: unknown; paused?: unknown };
  if (spec.steps === undefined || spec.steps === null) return null;
  const steps = stepsSchema.safeParse(spec.steps);
  if (!steps.success) return null;
  const analysis = spec.analysis === undefined || spec.analysis === null ? null : analysisSchema.safeParse(spec.analysis);
  const status = (release.status ?? {}) as { progress?: unknown };
  return {
    steps: steps.data,
    analysis: analysis?.success ? analysis.data : null,
    paused: spec.paused === true,
    progress: readProgress(status.progress, steps.data.length),
  };
}

/** The facts an action's refusal depends on. */
export interface ProgressActionState {
  name: string;
  strategy: string;
  phase: string;
  deleting: boolean;
  offline: boolean;
  takeOver: string | null;
  progressive: ReleaseProgressiveView | null;
}

/** Why the schedule is over (or not running any more) for good, or null while it can still change. */
export function progressFinalReason(s: ProgressActionState): string | null {
  const phase = s.progressive?.progress?.phase;
  if (s.deleting) return 'it is being deleted';
  if (phase === 'rolled-back' || s.phase === 'Failed') return 'it was rolled back (phase Failed)';
  if (phase === 'completed') return `its schedule is complete${s.takeOver ? ` (${s.takeOver} took over)` : ''}`;
  if (s.offline || s.phase === 'Completing' || s.phase === 'Completed') return 'it is offline';
  if (s.takeOver) return `${s.takeOver} has taken over all traffic`;
  return null;
}

/**
 * Why `action` is refused on the job (the API's 422 message, the UI's disabled reason), or null
 * when it is allowed. Pause on a paused job and Resume on a running one are allowed (no change).
 */
export function progressActionRefusal(s: ProgressActionState, action: ProgressAction): string | null {
  const verb = action[0].toUpperCase() + action.slice(1);
  if (!s.progressive) {
    return `${verb} applies to progressive jobs only: release job ${s.name} has no step schedule (spec.steps${s.strategy === 'Canary' ? '' : ', a Canary-only field'})`;
  }
  const final = progressFinalReason(s);
  if (final) return `${verb} is not possible: release job ${s.name} is final, ${final}`;
  if (action === 'promote') {
    const { steps, progress } = s.progressive;
    const index = progress?.stepIndex ?? 0;
    if (index >= steps.length - 1) return `${verb} is not possible: release job ${s.name} is already at its last step (take over)`;
  }
  return null;
}

/** The step index a Promote now refers to (the current step; 0 before the controller has started the schedule). */
export function promoteStepIndex(view: ReleaseProgressiveView): number {
  return view.progress?.stepIndex ?? 0;
}

/** Seconds the window of the queries shown spans: from the step's analysis start to the last look, else to `nowMs`; at least one interval before the first look. */
export function analysisWindow(view: ReleaseProgressiveView, nowMs: number): { seconds: number; from: string | null; to: string } | null {
  if (!view.analysis) return null;
  const p = view.progress;
  const from = p?.analysisStartedAt ?? null;
  const fromMs = from ? Date.parse(from) : NaN;
  const lastMs = p?.lastLookAt ? Date.parse(p.lastLookAt) : NaN;
  const toMs = Number.isFinite(lastMs) && Number.isFinite(fromMs) && lastMs >= fromMs ? lastMs : nowMs;
  const intervalS = intervalSeconds(view.analysis);
  const seconds = Number.isFinite(fromMs) ? Math.max(intervalS, Math.round((toMs - fromMs) / 1000)) : intervalS;
  return { seconds, from, to: new Date(toMs).toISOString() };
}

function intervalSeconds(a: AnalysisSpec): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(a.interval);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 60;
}

/** The analysis view: the progressive part with the exact PromQL of the window shown (GET .../analysis). */
export function analysisView(view: ReleaseProgressiveView, target: { namespace: string; service: string; baseline: string; candidate: string }, nowMs: number): ReleaseAnalysisView {
  const window = analysisWindow(view, nowMs);
  const queries = view.analysis && window ? lookQueries(view.analysis, { ...target, reporter: view.analysis.reporter }, window.seconds) : null;
  return { ...view, queries, window };
}
