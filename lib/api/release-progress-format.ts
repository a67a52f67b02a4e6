/**
 * Wording and numbers of the job detail's Analysis panel (issue 11), as pure functions so every
 * sentence and figure is unit-tested: step and pause, "need N more requests (~T at the current
 * rate)", e-values, the always-valid interval drawn against 0 and the margin, the timeline of
 * looks and the chart markers of analysis Events.
 */
import { formatPp, parseDuration, type LookRecord, type MetricExplanation, type Step, type Verdict, type VerdictKind } from '../analysis';
import type { ReleaseHistoryEntry } from './release-types';
import type { ProgressPhase, ReleaseProgressiveView, ReleaseProgressStatus } from './release-progress';

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

/** A verdict's badge: short title and colour. */
export function verdictBadge(kind: VerdictKind): { title: string; tone: Tone } {
  switch (kind) {
    case 'pass':
      return { title: 'Pass', tone: 'success' };
    case 'fail':
      return { title: 'Fail', tone: 'danger' };
    case 'sample-ratio-mismatch':
      return { title: 'Sample-ratio mismatch', tone: 'danger' };
    case 'max-duration':
      return { title: 'Max duration: your decision', tone: 'warning' };
    case 'counter-reset':
      return { title: 'Counter reset', tone: 'warning' };
    case 'no-data':
      return { title: 'No data', tone: 'neutral' };
    default:
      return { title: 'Inconclusive', tone: 'info' };
  }
}

/** The schedule's state in words and colour. */
export function progressPhaseBadge(phase: ProgressPhase): { title: string; tone: Tone } {
  switch (phase) {
    case 'paused':
      return { title: 'Paused', tone: 'warning' };
    case 'awaiting-decision':
      return { title: 'Awaiting your decision', tone: 'warning' };
    case 'rolled-back':
      return { title: 'Rolled back', tone: 'danger' };
    case 'completed':
      return { title: 'Completed', tone: 'success' };
    default:
      return { title: 'Running', tone: 'info' };
  }
}

/** `10% (5m) → 50% (manual) → 100% (take over)`. */
export function scheduleText(steps: readonly Step[]): string {
  return steps.map((s) => (s.weight === 100 ? '100% (take over)' : `${s.weight}% (${s.pause === 'manual' ? 'manual' : (s.pause ?? 'no pause')})`)).join(' → ');
}

/** "Step 2 of 3 · 50%" (the current step, the first before the controller started). */
export function stepText(view: ReleaseProgressiveView): string {
  const i = Math.min(view.progress?.stepIndex ?? 0, view.steps.length - 1);
  const step = view.steps[i];
  return `Step ${i + 1} of ${view.steps.length} · ${step.weight === 100 ? 'take over (100%)' : `${step.weight}%`}`;
}

/** `4m 05s`, `1h 02m`, `12s`; `0s` for anything not positive. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The current step's pause: manual (waits for Promote), timed (with what is left at `nowMs`), or none (take over). */
export type PauseState = { kind: 'manual' } | { kind: 'timed'; label: string; totalMs: number; remainingMs: number | null; until: string | null } | { kind: 'none' };

/** Where the current step's pause stands at `nowMs` (remaining null until the step has started). */
export function pauseState(view: ReleaseProgressiveView, nowMs: number): PauseState {
  const step = view.steps[view.progress?.stepIndex ?? 0];
  if (!step || step.pause === undefined) return { kind: 'none' };
  if (step.pause === 'manual') return { kind: 'manual' };
  const totalMs = parseDuration(step.pause) ?? 0;
  const started = view.progress?.stepStartedAt ? Date.parse(view.progress.stepStartedAt) : NaN;
  if (!Number.isFinite(started)) return { kind: 'timed', label: step.pause, totalMs, remainingMs: null, until: null };
  return { kind: 'timed', label: step.pause, totalMs, remainingMs: Math.max(0, started + totalMs - nowMs), until: new Date(started + totalMs).toISOString() };
}

/** The pause in one sentence: "pause 5m: 3m 12s left", "pause 5m: over", "waits for Promote". */
export function pauseText(p: PauseState): string | null {
  if (p.kind === 'none') return null;
  if (p.kind === 'manual') return 'waits for Promote (manual step)';
  const total = p.label;
  if (p.remainingMs === null) return `pause ${total}, starts when the step's weight is applied`;
  return p.remainingMs > 0 ? `pause ${total}: ${formatDuration(p.remainingMs)} left` : `pause ${total}: over, promotes on a pass`;
}

/** Requests per second to the two versions together over the analysis window, from the last look; null when unknown. */
export function currentRate(progress: ReleaseProgressStatus | null): number | null {
  const req = progress?.lastVerdict?.requests;
  if (!progress || !req || !progress.analysisStartedAt || !progress.lastLookAt) return null;
  const seconds = (Date.parse(progress.lastLookAt) - Date.parse(progress.analysisStartedAt)) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const total = req.baseline + req.canary;
  return total > 0 ? total / seconds : null;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** "need 1,234 more requests (~1m 02s at 20 req/s)"; null when the verdict needs none or cannot say. */
export function needMoreText(verdict: Pick<Verdict, 'needMoreRequests'> | null, rate: number | null): string | null {
  const n = verdict?.needMoreRequests;
  if (n === null || n === undefined || n <= 0) return null;
  const eta = rate && rate > 0 ? ` (~${formatDuration((n / rate) * 1000)} at ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} req/s)` : ' (no rate measured yet)';
  return `need ${int(n)} more requests${eta}`;
}

/** A proportion as a percentage for the tables: `1.25%`, `—` when unknown. */
export function formatRatePct(rate: number | null | undefined, digits = 2): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** A difference in percentage points with its sign, `—` when unknown. */
export function formatEffect(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : formatPp(x, digits);
}

/** An e-value: `0.42`, `37`, `1.2e+5`, `≥ 1e+12` at the cap. */
export function formatEValue(e: number | null | undefined): string {
  if (e === null || e === undefined || !Number.isFinite(e)) return '—';
  if (e >= 1e12) return '≥ 1e+12';
  if (e >= 10_000) return e.toExponential(1);
  if (e >= 100) return e.toFixed(0);
  if (e >= 10) return e.toFixed(1);
  return e.toFixed(2);
}

/** How far an e-value is toward its threshold, 0..1 on a log scale (1 = threshold reached). */
export function evidenceProgress(e: number, threshold: number): number {
  if (!(e > 0) || !(threshold > 1)) return 0;
  return Math.max(0, Math.min(1, Math.log(Math.max(1, e)) / Math.log(threshold)));
}

/** Positions (0..100 %) of the interval drawing: the axis spans 0, the margin and the interval with some room. */
export interface IntervalGeometry {
  /** axis bounds as proportions */
  min: number;
  max: number;
  zero: number;
  margin: number;
  lower: number;
  upper: number;
  effect: number | null;
}

/** Where to draw a metric's always-valid interval against 0 and its margin; null without an interval. */
export function intervalGeometry(m: Pick<MetricExplanation, 'interval' | 'margin' | 'effect'>): IntervalGeometry | null {
  if (!m.interval) return null;
  const { lower, upper } = m.interval;
  // the whole interval is drawn: a wide one next to a narrow margin is exactly what there is to see
  const min0 = Math.min(lower, -m.margin);
  const max0 = Math.max(upper, m.margin * 2);
  const pad = (max0 - min0) * 0.06;
  const min = min0 - pad;
  const max = max0 + pad;
  const pos = (x: number) => Math.max(0, Math.min(100, ((x - min) / (max - min)) * 100));
  return { min, max, zero: pos(0), margin: pos(m.margin), lower: pos(lower), upper: pos(upper), effect: m.effect === null || m.effect === undefined ? null : pos(m.effect) };
}

/** One point of a metric's evidence timeline (percentage points), with the look's verdict. */
export interface TimelinePoint {
  t: number;
  at: string;
  verdict: VerdictKind;
  lower: number | null;
  upper: number | null;
  effect: number | null;
  /** the verdict differs from the previous look's */
  changed: boolean;
}

/** A metric's interval bounds over the looks, in pp, oldest first; verdict changes flagged. */
export function metricTimeline(history: readonly LookRecord[], metricId: string): TimelinePoint[] {
  const pp = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 100 * 1000) / 1000);
  const out: TimelinePoint[] = [];
  let previous: VerdictKind | null = null;
  for (const look of history) {
    const t = Date.parse(look.at);
    if (!Number.isFinite(t)) continue;
    const m = look.metrics.find((x) => x.id === metricId);
    out.push({ t, at: look.at, verdict: look.verdict, lower: pp(m?.lower), upper: pp(m?.upper), effect: pp(m?.effect), changed: previous !== null && previous !== look.verdict });
    previous = look.verdict;
  }
  return out;
}

/** The looks whose verdict differs from the one before (the first look counts), oldest first. */
export function verdictChanges(history: readonly LookRecord[]): LookRecord[] {
  return history.filter((l, i) => i === 0 || history[i - 1].verdict !== l.verdict);
}

/** Event reasons of progressive jobs (contract) that the charts mark. */
export const PROGRESS_MARKER_ACTIONS = ['AnalysisPassed', 'AnalysisFailed', 'AnalysisInconclusive', 'SampleRatioMismatch', 'AnalysisNoData', 'AnalysisRestarted', 'StepPromoted', 'RolledBack', 'HandedToPerson', 'Aborted'] as const;

const MARKER_LABEL: Record<(typeof PROGRESS_MARKER_ACTIONS)[number], string> = {
  AnalysisPassed: 'pass',
  AnalysisFailed: 'fail',
  AnalysisInconclusive: 'inconclusive',
  SampleRatioMismatch: 'SRM',
  AnalysisNoData: 'no data',
  AnalysisRestarted: 'restart',
  StepPromoted: 'promoted',
  RolledBack: 'rolled back',
  HandedToPerson: 'to a person',
  Aborted: 'aborted',
};

/** A chart marker (same shape as lib/ui/release-metrics ChangeMarker: unix seconds, action, short label, tooltip). */
export interface ProgressMarker {
  t: number;
  action: string;
  label: string;
  title: string;
}

/** The analysis and step Events of a job's history as chart markers inside [start, end] (unix seconds), oldest first. */
export function progressMarkers(history: readonly ReleaseHistoryEntry[], range?: { start: number; end: number }): ProgressMarker[] {
  const out: ProgressMarker[] = [];
  for (const e of history) {
    const label = MARKER_LABEL[e.action as keyof typeof MARKER_LABEL];
    if (!label) continue;
    const ms = Date.parse(e.time);
    if (!Number.isFinite(ms)) continue;
    const t = Math.round(ms / 1000);
    if (range && (t < range.start || t > range.end)) continue;
    out.push({ t, action: e.action, label, title: `${e.action} at ${e.time}: ${e.message}` });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** A decision's action in words. */
export function decisionLabel(action: string): string {
  const labels: Record<string, string> = {
    'set-weight': 'Set weight',
    promote: 'Promoted',
    'take-over': 'Took over',
    rollback: 'Rolled back',
    'hand-to-person': 'Handed to a person',
    restart: 'Analysis restarted',
    abort: 'Aborted',
    pause: 'Paused',
    resume: 'Resumed',
  };
  return labels[action] ?? action;
}
