import { describe, expect, it } from 'vitest';
import type { Verdict, VerdictKind } from './evaluate';
import { planNext, type ProgressState } from './planner';
import { PROGRESSIVE_PRESETS, stepsSchema } from './spec';

const steps = stepsSchema.parse(PROGRESSIVE_PRESETS.standard.spec.steps);
const manualSteps = stepsSchema.parse(PROGRESSIVE_PRESETS.manual.spec.steps);
const MIN = 60_000;
const T0 = 1_700_000_000_000;

const verdict = (kind: VerdictKind, message = `verdict ${kind}`): Verdict => ({
  verdict: kind,
  rule: 'collecting',
  message,
  needMoreRequests: null,
  requests: null,
  srm: null,
  alpha: { worse: 0.0125, nonInferior: 0.05 },
  metrics: [],
});

const at = (stepIndex: number, o: Partial<ProgressState> = {}): ProgressState => ({
  stepIndex,
  stepStartedAt: T0,
  appliedWeight: steps[stepIndex].weight,
  phase: 'running',
  ...o,
});

describe('step planner', () => {
  it('applies the step weight first', () => {
    expect(planNext({ steps, state: { stepIndex: 0, stepStartedAt: null, appliedWeight: 0, phase: 'running' }, now: T0, verdict: null })).toEqual({
      type: 'set-weight',
      stepIndex: 0,
      weight: 10,
      reason: 'step 1 of 3: route 10% to the candidate',
    });
  });

  it('waits out the pause even when the analysis already passes', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 2 * MIN, verdict: verdict('pass') })).toEqual({ type: 'wait', until: T0 + 5 * MIN, reason: 'step 1 pauses 5m at 10%' });
  });

  it('promotes after the pause when the analysis passes, and takes over after the last analysed step', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 5 * MIN, verdict: verdict('pass', 'Pass: ...') })).toEqual({ type: 'promote', toStep: 1, weight: 50, reason: 'Pass: ...' });
    expect(planNext({ steps, state: at(1), now: T0 + 6 * MIN, verdict: verdict('pass') }).type).toBe('take-over');
    expect(planNext({ steps, state: at(2, { appliedWeight: 50 }), now: T0, verdict: null }).type).toBe('take-over');
  });

  it('keeps waiting while inconclusive or without data, with the verdict as the reason', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 9 * MIN, verdict: verdict('inconclusive', 'Inconclusive: need 4,000 more requests.') })).toEqual({ type: 'wait', reason: 'Inconclusive: need 4,000 more requests.' });
    expect(planNext({ steps, state: at(0), now: T0 + 9 * MIN, verdict: verdict('no-data') }).type).toBe('wait');
    expect(planNext({ steps, state: at(0), now: T0 + 9 * MIN, verdict: null })).toEqual({ type: 'wait', reason: 'waiting for the first look of the analysis' });
  });

  it('rolls back on fail at any time, even during the pause or while paused by a person', () => {
    expect(planNext({ steps, state: at(0), now: T0 + MIN, verdict: verdict('fail', 'Roll back: error rate') })).toEqual({ type: 'rollback', reason: 'Roll back: error rate' });
    expect(planNext({ steps, state: at(1, { phase: 'paused' }), now: T0 + MIN, verdict: verdict('fail') }).type).toBe('rollback');
  });

  it('hands sample-ratio mismatch and max duration to a person, then waits for them', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 30 * MIN, verdict: verdict('max-duration', 'No decision after 30m') })).toEqual({ type: 'hand-to-person', reason: 'No decision after 30m' });
    expect(planNext({ steps, state: at(0), now: T0 + 3 * MIN, verdict: verdict('sample-ratio-mismatch') }).type).toBe('hand-to-person');
    expect(planNext({ steps, state: at(0, { phase: 'awaiting-decision' }), now: T0 + 40 * MIN, verdict: verdict('max-duration') })).toEqual({ type: 'wait', reason: 'waiting for a person to promote or abort' });
    expect(planNext({ steps, state: at(0, { phase: 'awaiting-decision', promoteRequested: true }), now: T0 + 40 * MIN, verdict: verdict('max-duration') }).type).toBe('promote');
  });

  it('restarts the analysis after a counter reset', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 7 * MIN, verdict: verdict('counter-reset', 'Counts went down') })).toEqual({ type: 'wait', reason: 'Counts went down', restartAnalysis: true });
  });

  it('manual pauses wait for Promote; Promote and Abort act at once', () => {
    const s: ProgressState = { stepIndex: 0, stepStartedAt: T0, appliedWeight: 10, phase: 'running' };
    expect(planNext({ steps: manualSteps, state: s, now: T0 + 60 * MIN, verdict: verdict('pass') })).toEqual({ type: 'wait', reason: 'waiting for Promote (analysis: pass)' });
    expect(planNext({ steps: manualSteps, state: { ...s, promoteRequested: true }, now: T0, verdict: verdict('inconclusive') })).toEqual({ type: 'promote', toStep: 1, weight: 50, reason: 'promoted by a person' });
    expect(planNext({ steps, state: at(1, { abortRequested: true }), now: T0, verdict: verdict('pass') })).toEqual({ type: 'rollback', reason: 'aborted by a person' });
    expect(planNext({ steps, state: at(1, { phase: 'paused' }), now: T0 + 60 * MIN, verdict: verdict('pass') })).toEqual({ type: 'wait', reason: 'paused by a person' });
  });

  it('without analysis, steps advance on their pauses alone', () => {
    expect(planNext({ steps, state: at(0), now: T0 + 5 * MIN })).toEqual({ type: 'promote', toStep: 1, weight: 50, reason: 'pause of 5m elapsed' });
  });

  it('final phases do nothing', () => {
    expect(planNext({ steps, state: at(1, { phase: 'rolled-back' }), now: T0, verdict: verdict('fail') })).toEqual({ type: 'done', reason: 'rolled back' });
    expect(planNext({ steps, state: at(2, { phase: 'completed' }), now: T0, verdict: null })).toEqual({ type: 'done', reason: 'taken over' });
  });
});
