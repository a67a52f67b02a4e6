import { describe, expect, it } from 'vitest';
import { evaluateLook, findCounterReset, formatPp, recordLook, type LookInput } from './evaluate';
import type { Observation } from './queries';
import { analysisSchema, PROGRESSIVE_PRESETS } from './spec';

const errorsOnly = analysisSchema.parse({ minSample: 500, maxDuration: '30m', metrics: [{ type: 'error-rate', marginPp: 0.5 }] });

/** An observation of request and error counts per version. */
function obs(baseline: [number, number], canary: [number, number]): Observation {
  return {
    requests: { baseline: baseline[0], canary: canary[0] },
    metrics: { 'error-rate': { baseline: { total: baseline[0], bad: baseline[1] }, canary: { total: canary[0], bad: canary[1] } } },
  };
}

const look = (o: Partial<LookInput> & Pick<LookInput, 'observation'>): LookInput => ({
  analysis: errorsOnly,
  analyzedSteps: 2,
  elapsedMs: 5 * 60_000,
  expectedCanaryShare: 0.1,
  ...o,
});

describe('verdicts', () => {
  it('pass: every metric shown within its margin, with the minimum sample', () => {
    const v = evaluateLook(look({ observation: obs([180_000, 1800], [20_000, 200]) }));
    expect(v.verdict).toBe('pass');
    expect(v.rule).toBe('all-non-inferior');
    const m = v.metrics[0];
    expect(m.status).toBe('pass');
    expect(m.interval!.upper).toBeLessThan(0.005);
    expect(m.evidence!.nonInferior.eValue).toBeGreaterThanOrEqual(m.evidence!.nonInferior.threshold);
    expect(v.message).toBe('Pass: every metric is shown within its margin (error rate (0, 5xx) ≤ +0.50 pp).');
  });

  it('fail: a metric shown worse rolls back, with the numbers that decided it', () => {
    const v = evaluateLook(look({ observation: obs([18_000, 180], [2000, 100]) }));
    expect(v.verdict).toBe('fail');
    expect(v.rule).toBe('metric-worse');
    const m = v.metrics[0];
    expect(m).toMatchObject({ status: 'fail', margin: 0.005, baseline: { total: 18_000, bad: 180, rate: 0.01 }, canary: { total: 2000, bad: 100, rate: 0.05 } });
    expect(m.effect).toBeCloseTo(0.04, 12);
    expect(m.interval!.lower).toBeGreaterThan(0);
    // the false-rollback budget 0.05 is split over 1 metric and 2 analysed steps
    expect(v.alpha.worse).toBeCloseTo(0.025, 12);
    expect(m.evidence!.worse.threshold).toBeCloseTo(40, 9);
    expect(m.evidence!.worse.eValue).toBeGreaterThanOrEqual(40);
    expect(m.detectableEffect).toBeGreaterThan(0);
    expect(m.detectableEffect).toBeLessThan(0.04);
    expect(v.message).toMatch(/^Roll back: error rate \(0, 5xx\) — canary is worse than baseline: the always-valid lower bound of the difference is \+\d\.\d\d pp \(> 0\)\.$/);
  });

  it('inconclusive below the minimum sample, never a pass, saying how many more requests', () => {
    const v = evaluateLook(look({ observation: obs([900, 9], [100, 1]) }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.rule).toBe('below-minimum-sample');
    // canary needs 400 more at 10% of the traffic: 4,000 requests to the service
    expect(v.needMoreRequests).toBe(4000);
    expect(v.message).toBe('Inconclusive: each version needs 500 requests (baseline 900, canary 100): need 4,000 more requests.');

    // strong evidence of non-inferiority still waits for the minimum sample
    const wide = analysisSchema.parse({ minSample: 500, metrics: [{ type: 'error-rate', marginPp: 5 }] });
    const w = evaluateLook(look({ analysis: wide, observation: obs([4050, 0], [450, 0]) }));
    expect(w.verdict).toBe('inconclusive');
    expect(w.metrics[0].status).toBe('inconclusive');
    expect(w.metrics[0].reason).toMatch(/^within the margin so far/);
    expect(w.needMoreRequests).toBe(500);
  });

  it('inconclusive while collecting, with the projected requests to a decision', () => {
    const v = evaluateLook(look({ observation: obs([9000, 90], [1000, 10]) }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.rule).toBe('collecting');
    expect(v.needMoreRequests).toBeGreaterThan(1000);
    expect(v.metrics[0].moreRequests).toBe(v.needMoreRequests);
    expect(v.message).toMatch(/^Inconclusive: error rate \(0, 5xx\) not decided yet; at the current rates about [\d,]+ more requests decide\.$/);
    // the interval straddles 0 and reaches the margin
    expect(v.metrics[0].interval!.lower).toBeLessThan(0);
    expect(v.metrics[0].interval!.upper).toBeGreaterThan(0.005);
  });

  it('sample-ratio mismatch stops the analysis with a clear message', () => {
    const v = evaluateLook(look({ expectedCanaryShare: 0.5, observation: obs([6000, 60], [4000, 40]) }));
    expect(v.verdict).toBe('sample-ratio-mismatch');
    expect(v.srm).toMatchObject({ expectedShare: 0.5, observedShare: 0.4, mismatch: true, threshold: 1000 });
    expect(v.message).toMatch(/^Sample-ratio mismatch: the canary received 40\.00% of requests \(4,000 of 10,000\) where 50% was configured/);
    // the same counts with the matching weight are fine, and without a configured share it is not checked
    expect(evaluateLook(look({ expectedCanaryShare: 0.4, observation: obs([6000, 60], [4000, 40]) })).srm!.mismatch).toBe(false);
    expect(evaluateLook(look({ expectedCanaryShare: null, observation: obs([6000, 60], [4000, 40]) })).srm).toBeNull();
  });

  it('a shown regression rolls back even with a sample-ratio mismatch (rolling back is always safe)', () => {
    const v = evaluateLook(look({ expectedCanaryShare: 0.5, observation: obs([6000, 60], [4000, 400]) }));
    expect(v.verdict).toBe('fail');
    expect(v.srm!.mismatch).toBe(true);
  });

  it('no data: no series, no requests, or a metric without counts', () => {
    const none = evaluateLook(look({ observation: { requests: null, metrics: { 'error-rate': { missing: 'istio_requests_total has no series for either version in the window' } } } }));
    expect(none.verdict).toBe('no-data');
    expect(none.message).toMatch(/^No data: no series of istio_requests_total for either version in the window\. .*Never a pass\.$/);
    expect(evaluateLook(look({ observation: obs([0, 0], [0, 0]) })).verdict).toBe('no-data');
    const slow = analysisSchema.parse(PROGRESSIVE_PRESETS.standard.spec.analysis);
    const o = obs([9000, 90], [1000, 10]);
    o.metrics['slow-fraction-250ms'] = { missing: 'canary: the request duration histogram has no series for this version' };
    const v = evaluateLook(look({ analysis: slow, observation: o }));
    expect(v.verdict).toBe('no-data');
    expect(v.message).toBe('No data for slow fraction (> 250 ms): canary: the request duration histogram has no series for this version.');
  });

  it('counter reset: counts that go down between looks restart the evidence', () => {
    const v = evaluateLook(look({ previous: obs([9000, 90], [1000, 10]), observation: obs([5000, 50], [600, 6]) }));
    expect(v.verdict).toBe('counter-reset');
    expect(v.message).toMatch(/^Counts went down between looks \(baseline requests went down from 9,000 to 5,000\)/);
    // increase() extrapolation jitter is tolerated
    expect(findCounterReset(obs([9000, 90], [1000, 10]), obs([8800, 89], [990, 10]))).toBeNull();
    expect(findCounterReset(obs([9000, 90], [1000, 10]), obs([9000, 90], [1000, 2]))).toBe('error-rate canary bad went down from 10 to 2');
  });

  it('max duration hands an undecided step to a person', () => {
    const v = evaluateLook(look({ elapsedMs: 30 * 60_000, observation: obs([9000, 90], [1000, 10]) }));
    expect(v.verdict).toBe('max-duration');
    expect(v.message).toBe('No decision after 30m (the evidence is not yet decisive); the step is handed to a person: promote or abort.');
    expect(evaluateLook(look({ elapsedMs: 31 * 60_000, observation: obs([0, 0], [0, 0]) })).verdict).toBe('max-duration');
    // a decision at the deadline still counts
    expect(evaluateLook(look({ elapsedMs: 30 * 60_000, observation: obs([18_000, 180], [2000, 100]) })).verdict).toBe('fail');
  });
});

describe('evidence timeline', () => {
  it('keeps a compact record of the last looks', () => {
    let h = recordLook([], evaluateLook(look({ observation: obs([900, 9], [100, 1]) })), Date.UTC(2026, 10, 27, 8, 0));
    for (let i = 1; i <= 31; i++) h = recordLook(h, evaluateLook(look({ observation: obs([18_000, 180], [2000, 100]) })), Date.UTC(2026, 10, 27, 8, i));
    expect(h).toHaveLength(30);
    expect(h.at(-1)).toMatchObject({ at: '2026-11-27T08:31:00.000Z', verdict: 'fail', rule: 'metric-worse', requests: { baseline: 18_000, canary: 2000 } });
    expect(h.at(-1)!.metrics[0].lower).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
  });
});

describe('formatting', () => {
  it('writes percentage points with a sign', () => {
    expect(formatPp(0.0042)).toBe('+0.42 pp');
    expect(formatPp(-0.001)).toBe('−0.10 pp');
  });
});
