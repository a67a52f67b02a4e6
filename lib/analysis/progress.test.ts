import { describe, expect, it } from 'vitest';
import { replacingMergePatch } from '../release/clone';
import type { Verdict } from './evaluate';
import { ABORT_ANNOTATION, advanceProgress, lookDue, observationOf, progressRouting, PROMOTE_ANNOTATION, withoutNulls, type ProgressInput, type ReleaseProgress } from './progress';
import { analysisSchema, type Step } from './spec';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const S = 1000;
const steps: Step[] = [{ weight: 10, pause: '30s' }, { weight: 50, pause: '30s' }, { weight: 100 }];
const analysis = analysisSchema.parse({ interval: '10s', minSample: 50, maxDuration: '5m', metrics: [{ type: 'error-rate', marginPp: 2 }] });

function verdict(kind: Verdict['verdict'], message = `verdict ${kind}`): Verdict {
  return {
    verdict: kind,
    rule: kind === 'pass' ? 'all-non-inferior' : kind === 'fail' ? 'metric-worse' : kind === 'inconclusive' ? 'collecting' : (kind as Verdict['rule']),
    message,
    needMoreRequests: null,
    requests: { baseline: 900, canary: 100 },
    srm: null,
    alpha: { worse: 0.025, nonInferior: 0.05 },
    metrics: [
      {
        id: 'error-rate',
        label: 'error rate (0, 5xx)',
        status: 'inconclusive',
        reason: 'not decided',
        margin: 0.02,
        baseline: { total: 900, bad: 0, rate: 0 },
        canary: { total: 100, bad: 1, rate: 0.01 },
        effect: 0.01,
        interval: null,
        evidence: null,
        detectableEffect: null,
        moreRequests: null,
      },
    ],
  };
}

const base = (over: Partial<ProgressInput> = {}): ProgressInput => ({ steps, analysis, now: T0, paused: false, candidateReady: true, appliedWeight: null, specTakenOver: false, ...over });

/** Runs the schedule to a started step 1 (weight 10 in force at T0). */
function started(): ReleaseProgress {
  return advanceProgress(base({ appliedWeight: 10 })).progress;
}

describe('advanceProgress', () => {
  it('waits for the candidate, then starts step 1 when its weight is in force', () => {
    const waiting = advanceProgress(base({ candidateReady: false, appliedWeight: 0 }));
    expect(waiting.action.type).toBe('set-weight');
    expect(waiting.progress).toMatchObject({ step: '1/3', stepIndex: 0, stepCount: 3, phase: 'running', appliedWeight: 0 });
    expect(waiting.progress.stepStartedAt).toBeUndefined();
    expect(waiting.requeueAfterMs).toBeNull();
    expect(progressRouting(steps, waiting.progress)).toEqual({ candidateWeight: 10, takeOver: false });

    const r = advanceProgress(base({ previous: waiting.progress, appliedWeight: 10 }));
    expect(r.progress.stepStartedAt).toBe(new Date(T0).toISOString());
    expect(r.progress.analysisStartedAt).toBe(new Date(T0).toISOString());
    expect(r.progress.nextLookAt).toBe(new Date(T0 + 10 * S).toISOString());
    expect(r.progress.decisions).toEqual([{ at: new Date(T0).toISOString(), stepIndex: 0, action: 'set-weight', reason: 'step 1 of 3: 10% of traffic on the candidate' }]);
    expect(r.requeueAfterMs).toBe(10 * S);
    expect(r.progress.message).toBe('step 1 pauses 30s at 10%');
  });

  it('is level-based: the same input gives the same progress (it runs before and after the one write)', () => {
    const p = started();
    const input = base({ previous: p, now: T0 + 31 * S, appliedWeight: 10, look: verdict('pass') });
    expect(advanceProgress(input)).toEqual(advanceProgress(structuredClone(input)));
  });

  it('records looks, and an Event only when the verdict changes', () => {
    const first = advanceProgress(base({ previous: started(), now: T0 + 10 * S, appliedWeight: 10, look: verdict('no-data', 'No data: no requests') }));
    expect(first.events).toEqual([{ type: 'Normal', reason: 'AnalysisNoData', message: 'step 1 of 3: No data: no requests' }]);
    expect(first.progress.lastVerdict?.verdict).toBe('no-data');
    expect(first.progress.history).toHaveLength(1);
    expect(first.progress.nextLookAt).toBe(new Date(T0 + 20 * S).toISOString());
    const again = advanceProgress(base({ previous: first.progress, now: T0 + 20 * S, appliedWeight: 10, look: verdict('no-data') }));
    expect(again.events).toEqual([]);
    expect(again.progress.history).toHaveLength(2);
    // no-data never passes: past the pause the step still waits
    const later = advanceProgress(base({ previous: again.progress, now: T0 + 40 * S, appliedWeight: 10, look: verdict('no-data') }));
    expect(later.action.type).toBe('wait');
    expect(later.progress.stepIndex).toBe(0);
  });

  it('promotes after the pause on a pass, and starts the next step when its weight is in force', () => {
    const looked = advanceProgress(base({ previous: started(), now: T0 + 20 * S, appliedWeight: 10, look: verdict('pass') })).progress;
    const inPause = advanceProgress(base({ previous: looked, now: T0 + 25 * S, appliedWeight: 10 }));
    expect(inPause.action.type).toBe('wait');
    expect(inPause.requeueAfterMs).toBe(5 * S); // the end of the pause comes before the next look
    const before = advanceProgress(base({ previous: looked, now: T0 + 30 * S, appliedWeight: 10 }));
    expect(before.action).toMatchObject({ type: 'promote', toStep: 1, weight: 50 });
    expect(before.events.map((e) => e.reason)).toEqual(['StepPromoted']);
    expect(before.progress).toMatchObject({ step: '2/3', stepIndex: 1, phase: 'running' });
    expect(before.progress.stepStartedAt).toBeUndefined();
    expect(progressRouting(steps, before.progress).candidateWeight).toBe(50);
    // after the VirtualService write, in the same reconcile
    const after = advanceProgress(base({ previous: looked, now: T0 + 30 * S, appliedWeight: 50 }));
    expect(after.progress.stepStartedAt).toBe(new Date(T0 + 30 * S).toISOString());
    expect(after.progress.decisions!.map((d) => d.action)).toEqual(['set-weight', 'promote', 'set-weight']);
    // the previous step's verdict is not this step's: the next look compares nothing with it
    expect(lookDue(after.progress, analysis, T0 + 40 * S)).toEqual({ windowS: 10, elapsedMs: 10 * S, previous: null });
  });

  it('does not compare the next step\'s first look with the look that promoted it', () => {
    const promoted = advanceProgress(base({ previous: started(), now: T0 + 30 * S, appliedWeight: 50, look: verdict('pass') }));
    expect(promoted.progress).toMatchObject({ stepIndex: 1, stepStartedAt: new Date(T0 + 30 * S).toISOString(), lastLookAt: new Date(T0 + 30 * S).toISOString() });
    expect(promoted.progress.nextLookAt).toBe(new Date(T0 + 40 * S).toISOString());
    expect(lookDue(promoted.progress, analysis, T0 + 40 * S)).toEqual({ windowS: 10, elapsedMs: 10 * S, previous: null });
    const next = advanceProgress(base({ previous: promoted.progress, now: T0 + 35 * S, appliedWeight: 50 }));
    expect(next.progress.message).toBe('step 2 pauses 30s at 50%');
  });

  it('takes over at the last step and hands over once spec.takeOver says so', () => {
    const atStep2 = { ...started(), step: '2/3', stepIndex: 1, stepStartedAt: new Date(T0).toISOString(), analysisStartedAt: new Date(T0).toISOString() };
    const r = advanceProgress(base({ previous: atStep2, now: T0 + 31 * S, appliedWeight: 50, look: verdict('pass') }));
    expect(r.action.type).toBe('take-over');
    expect(r.progress).toMatchObject({ step: '3/3', stepIndex: 2, phase: 'completed' });
    expect(r.requeueAfterMs).toBeNull();
    expect(progressRouting(steps, r.progress)).toEqual({ candidateWeight: 100, takeOver: true });
    expect(r.events.map((e) => e.reason)).toEqual(['AnalysisPassed', 'StepPromoted']);
    const handed = advanceProgress(base({ previous: r.progress, now: T0 + 40 * S, appliedWeight: 100, specTakenOver: true }));
    expect(handed.progress.handedOver).toBe(true);
    expect(handed.action.type).toBe('done');
  });

  it('rolls back on a fail, even while paused, with a Warning Event; routes 0% from then on', () => {
    const paused = advanceProgress(base({ previous: started(), now: T0 + 5 * S, appliedWeight: 10, paused: true }));
    expect(paused.progress.phase).toBe('paused');
    expect(paused.progress.message).toBe('paused by a person');
    const r = advanceProgress(base({ previous: paused.progress, now: T0 + 10 * S, appliedWeight: 10, paused: true, look: verdict('fail', 'Roll back: error rate worse') }));
    expect(r.progress.phase).toBe('rolled-back');
    expect(r.events).toEqual([
      { type: 'Warning', reason: 'AnalysisFailed', message: 'step 1 of 3: Roll back: error rate worse' },
      { type: 'Warning', reason: 'RolledBack', message: 'rolled back at step 1 of 3: Roll back: error rate worse' },
    ]);
    expect(progressRouting(steps, r.progress)).toEqual({ candidateWeight: 0, takeOver: false });
    expect(lookDue(r.progress, analysis, T0 + 60 * S)).toBeNull();
    const after = advanceProgress(base({ previous: r.progress, now: T0 + 60 * S, appliedWeight: 0 }));
    expect(after.progress.phase).toBe('rolled-back');
    expect(after.events).toEqual([]);
  });

  it('aborts on the annotation and promotes on one naming the current step; a stale index is ignored', () => {
    const p = started();
    const aborted = advanceProgress(base({ previous: p, now: T0 + 2 * S, appliedWeight: 10, annotations: { [ABORT_ANNOTATION]: 'true' } }));
    expect(aborted.progress.phase).toBe('rolled-back');
    expect(aborted.events.map((e) => [e.type, e.reason])).toEqual([['Warning', 'Aborted']]);
    expect(aborted.progress.decisions!.at(-1)!.action).toBe('abort');

    const stale = advanceProgress(base({ previous: p, now: T0 + 2 * S, appliedWeight: 10, annotations: { [PROMOTE_ANNOTATION]: '1' } }));
    expect(stale.action.type).toBe('wait');
    const promoted = advanceProgress(base({ previous: p, now: T0 + 2 * S, appliedWeight: 10, annotations: { [PROMOTE_ANNOTATION]: '0' } }));
    expect(promoted.action).toMatchObject({ type: 'promote', toStep: 1, reason: 'promoted by a person' });
  });

  it('hands a sample-ratio mismatch to a person, who may then promote', () => {
    const r = advanceProgress(base({ previous: started(), now: T0 + 10 * S, appliedWeight: 10, look: verdict('sample-ratio-mismatch') }));
    expect(r.progress.phase).toBe('awaiting-decision');
    expect(r.events.map((e) => e.reason)).toEqual(['SampleRatioMismatch', 'HandedToPerson']);
    const waiting = advanceProgress(base({ previous: r.progress, now: T0 + 60 * S, appliedWeight: 10 }));
    expect(waiting.action.type).toBe('wait');
    expect(waiting.progress.phase).toBe('awaiting-decision');
    const promoted = advanceProgress(base({ previous: r.progress, now: T0 + 60 * S, appliedWeight: 50, annotations: { [PROMOTE_ANNOTATION]: '0' } }));
    expect(promoted.progress).toMatchObject({ stepIndex: 1, phase: 'running', stepStartedAt: new Date(T0 + 60 * S).toISOString() });
  });

  it('restarts the analysis at a counter reset and does not compare the next look with it', () => {
    const r = advanceProgress(base({ previous: started(), now: T0 + 20 * S, appliedWeight: 10, look: verdict('counter-reset') }));
    expect(r.events.map((e) => e.reason)).toEqual(['AnalysisRestarted']);
    expect(r.progress.analysisStartedAt).toBe(new Date(T0 + 20 * S).toISOString());
    expect(r.progress.stepStartedAt).toBe(new Date(T0).toISOString());
    expect(lookDue(r.progress, analysis, T0 + 30 * S)).toEqual({ windowS: 10, elapsedMs: 30 * S, previous: null });
  });

  it('steps on pauses alone without an analysis', () => {
    const p = advanceProgress(base({ analysis: undefined, appliedWeight: 10 })).progress;
    expect(p.nextLookAt).toBeUndefined();
    expect(advanceProgress(base({ analysis: undefined, previous: p, now: T0 + 30 * S, appliedWeight: 10 })).action).toMatchObject({ type: 'promote', reason: 'pause of 30s elapsed' });
  });
});

describe('lookDue and observationOf', () => {
  it('is due one interval after the analysis started and after each look, with the previous counts', () => {
    const p = started();
    expect(lookDue(undefined, analysis, T0)).toBeNull();
    expect(lookDue(p, undefined, T0 + 60 * S)).toBeNull();
    expect(lookDue(p, analysis, T0 + 9 * S)).toBeNull();
    expect(lookDue(p, analysis, T0 + 10 * S)).toEqual({ windowS: 10, elapsedMs: 10 * S, previous: null });
    const looked = advanceProgress(base({ previous: p, now: T0 + 10 * S, appliedWeight: 10, look: verdict('inconclusive') })).progress;
    expect(lookDue(looked, analysis, T0 + 15 * S)).toBeNull();
    expect(lookDue(looked, analysis, T0 + 21 * S)).toEqual({
      windowS: 21,
      elapsedMs: 21 * S,
      previous: { requests: { baseline: 900, canary: 100 }, metrics: { 'error-rate': { baseline: { total: 900, bad: 0 }, canary: { total: 100, bad: 1 } } } },
    });
  });

  it('reads counts back from a stored verdict whose nulls were dropped', () => {
    const stored = withoutNulls({ ...verdict('no-data'), requests: null, metrics: [{ ...verdict('no-data').metrics[0], baseline: null, canary: null, reason: 'no counts' }] });
    expect(observationOf(stored)).toEqual({ requests: null, metrics: { 'error-rate': { missing: 'no counts' } } });
  });
});

describe('withoutNulls and replacingMergePatch', () => {
  it('drops nulls deeply, keeps falsy values', () => {
    expect(withoutNulls({ a: null, b: 0, c: '', d: [{ e: null, f: false }], g: { h: undefined } })).toEqual({ b: 0, c: '', d: [{ f: false }], g: {} });
  });

  it('clears keys the new value lacks, recursing into objects and replacing arrays', () => {
    expect(replacingMergePatch({ a: 1, b: { c: 1, d: 2 }, e: [1, 2] }, { b: { c: 3 }, e: [3] })).toEqual({ a: null, b: { c: 3, d: null }, e: [3] });
    expect(replacingMergePatch(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
