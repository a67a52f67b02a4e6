import { describe, expect, it } from 'vitest';
import { analysisSchema, evaluateLook, PROGRESSIVE_PRESETS, recordLook, withoutNulls, type Verdict } from '../analysis';
import {
  analysisView,
  analysisWindow,
  progressActionRefusal,
  progressiveView,
  promoteStepIndex,
  readProgress,
  type ProgressActionState,
  type ReleaseProgressiveView,
} from './release-progress';
import {
  currentRate,
  evidenceProgress,
  formatDuration,
  formatEValue,
  intervalGeometry,
  metricTimeline,
  needMoreText,
  pauseState,
  pauseText,
  progressMarkers,
  scheduleText,
  stepText,
  verdictBadge,
  verdictChanges,
} from './release-progress-format';

const standard = PROGRESSIVE_PRESETS.standard.spec;
const analysis = analysisSchema.parse({ ...standard.analysis, interval: '10s', minSample: 50 });

/** A real verdict of lib/analysis for counts of the standard preset's two metrics. */
function verdictFor(errors: { baseline: [number, number]; canary: [number, number] }, slow: { baseline: [number, number]; canary: [number, number] } = { baseline: [errors.baseline[0], 0], canary: [errors.canary[0], 0] }): Verdict {
  const arm = ([total, bad]: [number, number]) => ({ total, bad });
  return evaluateLook({
    analysis,
    analyzedSteps: 2,
    observation: {
      requests: { baseline: errors.baseline[0], canary: errors.canary[0] },
      metrics: {
        'error-rate': { baseline: arm(errors.baseline), canary: arm(errors.canary) },
        'slow-fraction-250ms': { baseline: arm(slow.baseline), canary: arm(slow.canary), p95: { baseline: 40, canary: 45 } },
      },
    },
    elapsedMs: 60_000,
    expectedCanaryShare: 0.1,
  });
}

const failing = verdictFor({ baseline: [2700, 3], canary: [300, 90] });
const early = verdictFor({ baseline: [90, 0], canary: [10, 0] });

/** A status.progress as the controller writes it (contract in TEAM-NOTES), after two looks. */
function status(over: Record<string, unknown> = {}) {
  let history = recordLook([], early, Date.parse('2026-11-27T10:00:10Z'));
  history = recordLook(history, failing, Date.parse('2026-11-27T10:00:20Z'));
  return {
    stepIndex: 0,
    stepCount: 3,
    phase: 'running',
    appliedWeight: 10,
    stepStartedAt: '2026-11-27T10:00:00Z',
    analysisStartedAt: '2026-11-27T10:00:00Z',
    lastLookAt: '2026-11-27T10:00:50Z',
    nextLookAt: '2026-11-27T10:01:00Z',
    message: failing.message,
    lastVerdict: failing,
    history,
    decisions: [{ at: '2026-11-27T10:00:00Z', stepIndex: 0, action: 'set-weight', reason: 'step 1 of 3: route 10% to the candidate' }],
    ...over,
  };
}

const job = (progress: unknown = status(), specOver: Record<string, unknown> = {}) => ({
  spec: { strategy: 'Canary', steps: standard.steps, analysis: { ...standard.analysis, interval: '10s', minSample: 50 }, ...specOver },
  status: { phase: 'Progressing', progress },
});

function state(view: ReleaseProgressiveView | null, over: Partial<ProgressActionState> = {}): ProgressActionState {
  return { name: 'canary', strategy: 'Canary', phase: 'Progressing', deleting: false, offline: false, takeOver: null, progressive: view, ...over };
}

describe('progressiveView', () => {
  it('is null for a job without steps (or with steps no schema accepts)', () => {
    expect(progressiveView({ spec: { strategy: 'Canary' } })).toBeNull();
    expect(progressiveView({ spec: { steps: [{ weight: 50 }] } })).toBeNull();
  });

  it('reads the schedule, fills the analysis defaults and reads the controller status', () => {
    const v = progressiveView(job(status(), { analysis: { metrics: [{ type: 'error-rate', marginPp: 0.5 }] } }))!;
    expect(v.steps.map((s) => s.weight)).toEqual([10, 50, 100]);
    expect(v.analysis).toMatchObject({ interval: '1m', alpha: 0.05, minSample: 500, reporter: 'destination', metrics: [{ type: 'error-rate', include4xx: false }] });
    expect(v.paused).toBe(false);
    expect(v.progress).toMatchObject({ stepIndex: 0, stepCount: 3, phase: 'running', appliedWeight: 10, lastVerdict: { verdict: 'fail' } });
    expect(v.progress!.history.map((h) => h.verdict)).toEqual(['inconclusive', 'fail']);
    expect(v.progress!.decisions).toHaveLength(1);
  });

  it('has no progress until the controller writes it, and no analysis when none is set', () => {
    const v = progressiveView({ spec: { steps: standard.steps, paused: true } })!;
    expect(v).toEqual({ steps: standard.steps, analysis: null, paused: true, progress: null });
  });
});

describe('readProgress is defensive', () => {
  it('defaults missing fields, drops malformed entries and unknown phases', () => {
    const p = readProgress({ phase: 'dancing', stepIndex: 1.7, history: [{ at: 'x' }, { at: '2026-11-27T10:00:00Z', verdict: 'pass' }, 3], decisions: [{ action: 'promote' }, null], lastVerdict: { verdict: 'pass' } }, 3)!;
    expect(p).toMatchObject({ phase: 'running', stepIndex: 1, stepCount: 3, appliedWeight: null, stepStartedAt: null, message: '', lastVerdict: null, decisions: [] });
    expect(p.history).toEqual([{ at: '2026-11-27T10:00:00Z', verdict: 'pass', requests: null, metrics: [] }]);
    expect(readProgress('nope', 3)).toBeNull();
  });
});

describe('a status as stored (the controller merge-patches it, so it holds no nulls)', () => {
  it('gets its nulls back, so no NaN reaches the panel', () => {
    // the canary has no requests yet: effect, requests to decide and more are null in the verdict
    const empty = verdictFor({ baseline: [100, 0], canary: [0, 0] });
    expect(empty.metrics[0].effect).toBeNull();
    const stored = withoutNulls(status({ lastVerdict: empty, history: recordLook([], empty, Date.parse('2026-11-27T10:00:10Z')) }));
    expect('effect' in stored.lastVerdict.metrics[0]).toBe(false);
    const v = progressiveView(job(stored))!;
    const m = v.progress!.lastVerdict!.metrics[0];
    expect(m.effect).toBeNull();
    expect(v.progress!.lastVerdict!.needMoreRequests === undefined).toBe(false);
    expect(v.progress!.history[0].metrics[0].effect).toBeNull();
    const g = intervalGeometry(m)!;
    expect(Object.values(g).every((x) => x === null || Number.isFinite(x))).toBe(true);
    expect(metricTimeline(v.progress!.history, 'error-rate')[0].effect).toBeNull();
  });
});

describe('progressActionRefusal: what the API answers 422 and the UI disables', () => {
  const view = progressiveView(job())!;

  it('allows every action on a running progressive job (pause/resume are idempotent)', () => {
    for (const a of ['promote', 'pause', 'resume', 'abort'] as const) expect(progressActionRefusal(state(view), a)).toBeNull();
    expect(progressActionRefusal(state({ ...view, paused: true }), 'pause')).toBeNull();
  });

  it('names the reason for a job without steps', () => {
    expect(progressActionRefusal(state(null), 'promote')).toBe('Promote applies to progressive jobs only: release job canary has no step schedule (spec.steps)');
    expect(progressActionRefusal(state(null, { strategy: 'Mirror' }), 'abort')).toMatch(/spec\.steps, a Canary-only field/);
  });

  it('names why a final job refuses', () => {
    const rolledBack = { ...view, progress: { ...view.progress!, phase: 'rolled-back' as const } };
    expect(progressActionRefusal(state(rolledBack, { phase: 'Failed' }), 'abort')).toBe('Abort is not possible: release job canary is final, it was rolled back (phase Failed)');
    const done = { ...view, progress: { ...view.progress!, phase: 'completed' as const, stepIndex: 2 } };
    expect(progressActionRefusal(state(done, { phase: 'TakenOver', takeOver: 'v2' }), 'pause')).toBe('Pause is not possible: release job canary is final, its schedule is complete (v2 took over)');
    expect(progressActionRefusal(state(view, { deleting: true }), 'resume')).toMatch(/is being deleted/);
    expect(progressActionRefusal(state(view, { offline: true }), 'promote')).toMatch(/is offline/);
    expect(progressActionRefusal(state(view, { takeOver: 'v1' }), 'promote')).toMatch(/v1 has taken over all traffic/);
  });

  it('refuses Promote at the last step and points Promote at the current step', () => {
    const last = { ...view, progress: { ...view.progress!, stepIndex: 2 } };
    expect(progressActionRefusal(state(last), 'promote')).toMatch(/already at its last step/);
    expect(promoteStepIndex(view)).toBe(0);
    expect(promoteStepIndex({ ...view, progress: null })).toBe(0);
    expect(promoteStepIndex(last)).toBe(2);
  });
});

describe('analysisView: the exact PromQL of the window shown', () => {
  const target = { namespace: 'demo-project', service: 'reviews', baseline: 'v1', candidate: 'v2' };

  it('counts from the analysis start to the last look, labels resolved', () => {
    const v = analysisView(progressiveView(job())!, target, Date.parse('2026-11-27T10:05:00Z'));
    expect(v.window).toEqual({ seconds: 50, from: '2026-11-27T10:00:00Z', to: '2026-11-27T10:00:50.000Z' });
    expect(v.queries!.requests).toBe(
      'sum by (destination_canonical_revision) (increase(istio_requests_total{reporter="destination",destination_service_namespace="demo-project",destination_service_name="reviews",destination_canonical_revision=~"v1|v2"}[50s]))',
    );
    expect(v.queries!.errors).toContain('response_code=~"0|5.."');
    expect(v.queries!.buckets).toContain('istio_request_duration_milliseconds_bucket');
  });

  it('uses one interval before the first look, and no queries without analysis', () => {
    const p = { ...status(), lastLookAt: null, analysisStartedAt: null };
    expect(analysisWindow(progressiveView(job(p))!, Date.parse('2026-11-27T10:05:00Z'))).toEqual({ seconds: 10, from: null, to: '2026-11-27T10:05:00.000Z' });
    const none = analysisView(progressiveView({ spec: { steps: standard.steps } })!, target, 0);
    expect(none.queries).toBeNull();
    expect(none.window).toBeNull();
  });
});

describe('panel wording', () => {
  const view = progressiveView(job())!;

  it('badges every verdict', () => {
    expect(verdictBadge('fail')).toEqual({ title: 'Fail', tone: 'danger' });
    expect(verdictBadge('pass').tone).toBe('success');
    expect(verdictBadge('inconclusive').tone).toBe('info');
    expect(verdictBadge('max-duration').title).toMatch(/decision/);
  });

  it('describes schedule, step and pause', () => {
    expect(scheduleText(PROGRESSIVE_PRESETS.manual.spec.steps)).toBe('10% (manual) → 50% (manual) → 100% (take over)');
    expect(stepText(view)).toBe('Step 1 of 3 · 10%');
    const p = pauseState(view, Date.parse('2026-11-27T10:01:48Z'));
    expect(p).toEqual({ kind: 'timed', label: '5m', totalMs: 300_000, remainingMs: 192_000, until: '2026-11-27T10:05:00.000Z' });
    expect(pauseText(p)).toBe('pause 5m: 3m 12s left');
    expect(pauseText(pauseState(view, Date.parse('2026-11-27T11:00:00Z')))).toBe('pause 5m: over, promotes on a pass');
    expect(pauseText(pauseState({ ...view, progress: null }, 0))).toMatch(/starts when the step's weight is applied/);
    expect(pauseText({ kind: 'manual' })).toMatch(/Promote/);
    expect(formatDuration(3_723_000)).toBe('1h 02m');
    expect(formatDuration(12_000)).toBe('12s');
  });

  it('turns the requests a verdict needs into a time at the measured rate', () => {
    // 3,000 requests over the 50 s from analysis start to the last look: 60 req/s
    expect(currentRate(view.progress)).toBe(60);
    expect(early.needMoreRequests).toBeGreaterThan(0);
    expect(needMoreText({ needMoreRequests: 410 }, 20)).toBe('need 410 more requests (~21s at 20 req/s)');
    expect(needMoreText({ needMoreRequests: 4000 }, 2.5)).toBe('need 4,000 more requests (~26m 40s at 2.5 req/s)');
    expect(needMoreText({ needMoreRequests: 12 }, null)).toBe('need 12 more requests (no rate measured yet)');
    expect(needMoreText({ needMoreRequests: 0 }, 20)).toBeNull();
    expect(needMoreText(failing, 20)).toBeNull();
  });

  it('formats e-values and how far they are toward their threshold', () => {
    expect(formatEValue(0.4213)).toBe('0.42');
    expect(formatEValue(37.2)).toBe('37.2');
    expect(formatEValue(123456)).toBe('1.2e+5');
    expect(formatEValue(1e12)).toBe('≥ 1e+12');
    expect(evidenceProgress(1, 80)).toBe(0);
    expect(evidenceProgress(80, 80)).toBe(1);
    expect(evidenceProgress(1e6, 80)).toBe(1);
    expect(evidenceProgress(Math.sqrt(80), 80)).toBeCloseTo(0.5, 6);
  });

  it('draws the failing interval right of 0 and the margin inside the axis', () => {
    const m = failing.metrics.find((x) => x.id === 'error-rate')!;
    expect(m.status).toBe('fail');
    const g = intervalGeometry(m)!;
    expect(g.lower).toBeGreaterThan(g.zero);
    expect(g.margin).toBeGreaterThan(g.zero);
    expect(g.upper).toBeGreaterThanOrEqual(g.lower);
    for (const x of [g.zero, g.margin, g.lower, g.upper]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(100);
    }
    expect(intervalGeometry({ interval: null, margin: 0.005, effect: null })).toBeNull();
  });

  it('builds each metric timeline in pp with verdict changes flagged', () => {
    const t = metricTimeline(view.progress!.history, 'error-rate');
    expect(t.map((p) => [p.verdict, p.changed])).toEqual([
      ['inconclusive', false],
      ['fail', true],
    ]);
    expect(t[1].lower).toBeGreaterThan(0);
    expect(t[1].effect).toBeCloseTo(30 - 100 / 900, 2);
    expect(verdictChanges(view.progress!.history).map((l) => l.verdict)).toEqual(['inconclusive', 'fail']);
  });

  it('marks analysis and step Events on the charts, oldest first, within the window', () => {
    const history = [
      { time: '2026-11-27T10:00:50Z', user: 'controller', action: 'RolledBack', message: 'Roll back: error rate', warning: true },
      { time: '2026-11-27T10:00:50Z', user: 'controller', action: 'AnalysisFailed', message: failing.message, warning: true },
      { time: '2026-11-27T10:00:00Z', user: 'controller', action: 'TrafficChanged', message: 'x' },
      { time: '2026-11-27T09:00:00Z', user: 'controller', action: 'StepPromoted', message: 'old' },
    ];
    const start = Date.parse('2026-11-27T09:55:00Z') / 1000;
    const markers = progressMarkers(history, { start, end: start + 600 });
    expect(markers.map((m) => [m.action, m.label])).toEqual([
      ['RolledBack', 'rolled back'],
      ['AnalysisFailed', 'fail'],
    ]);
    expect(markers[1].title).toContain('Roll back: error rate');
  });
});
