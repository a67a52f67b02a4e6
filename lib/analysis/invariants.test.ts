import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateLook } from './evaluate';
import type { Observation } from './queries';
import { analysisSchema, PROGRESSIVE_PRESETS } from './spec';

const analysis = analysisSchema.parse(PROGRESSIVE_PRESETS.standard.spec.analysis);

/** Counts of one arm: bad never above total. */
const arm = fc.integer({ min: 0, max: 200_000 }).chain((total) => fc.record({ total: fc.constant(total), bad: fc.integer({ min: 0, max: total }) }));

const observation = fc.record({ eb: arm, ec: arm, sb: fc.integer({ min: 0, max: 100 }), sc: fc.integer({ min: 0, max: 100 }) }).map(
  ({ eb, ec, sb, sc }): Observation => ({
    requests: { baseline: eb.total, canary: ec.total },
    metrics: {
      'error-rate': { baseline: eb, canary: ec },
      'slow-fraction-250ms': { baseline: { total: eb.total, bad: Math.floor((eb.total * sb) / 100) }, canary: { total: ec.total, bad: Math.floor((ec.total * sc) / 100) } },
    },
  }),
);

describe('verdict invariants over arbitrary counts', () => {
  it('never passes below the minimum sample, fails only on a positive lower bound, explains with finite JSON-safe numbers', () => {
    fc.assert(
      fc.property(observation, fc.option(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { nil: null }), fc.integer({ min: 0, max: 3_600_000 }), (obs, share, elapsedMs) => {
        const v = evaluateLook({ analysis, analyzedSteps: 2, observation: obs, elapsedMs, expectedCanaryShare: share });
        const req = obs.requests!;
        if (v.verdict === 'pass') {
          expect(Math.min(req.baseline, req.canary)).toBeGreaterThanOrEqual(analysis.minSample);
          expect(v.metrics.every((m) => m.status === 'pass')).toBe(true);
        }
        if (v.verdict === 'fail') expect(v.metrics.some((m) => m.interval!.lower > 0)).toBe(true);
        for (const m of v.metrics) {
          if (!m.interval) continue;
          expect(m.interval.lower).toBeGreaterThanOrEqual(-1);
          expect(m.interval.upper).toBeLessThanOrEqual(1);
          expect(m.interval.lower).toBeLessThan(m.interval.upper);
        }
        // every number survives JSON (no NaN or Infinity reaching the UI or the status)
        expect(JSON.parse(JSON.stringify(v))).toEqual(v);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
