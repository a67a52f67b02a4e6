import { describe, expect, it } from 'vitest';
import { bucketQuantile, histogramQuantiles, parseLe, type Buckets } from './histogram';

const h = (byLe: Record<string, number>): Buckets => new Map(Object.entries(byLe).map(([le, v]) => [parseLe(le), v]));

// Expected values follow PromQL's histogram_quantile (promql/quantile.go); the integration test
// (test/telemetry) checks the same function against a real Prometheus.
describe('bucketQuantile', () => {
  it('interpolates linearly inside the bucket holding the rank', () => {
    const b = h({ '0.5': 0, '1': 0, '5': 10, '10': 30, '25': 90, '50': 100, '100': 100, '+Inf': 100 });
    expect(bucketQuantile(0.5, b)).toBeCloseTo(10 + 15 * (20 / 60), 12);
    expect(bucketQuantile(0.95, b)).toBeCloseTo(25 + 25 * 0.5, 12);
    // the first bucket interpolates from 0
    expect(bucketQuantile(0.05, b)).toBeCloseTo(1 + 4 * 0.5, 12);
    expect(bucketQuantile(0.05, h({ '5': 10, '+Inf': 10 }))).toBeCloseTo(0.25, 12);
  });

  it('answers the highest finite bound when the rank lies in +Inf', () => {
    expect(bucketQuantile(0.99, h({ '10': 50, '100': 90, '+Inf': 100 }))).toBe(100);
  });

  it('returns null where PromQL yields NaN and infinities outside [0, 1]', () => {
    expect(bucketQuantile(0.5, h({ '10': 5, '100': 9 }))).toBeNull(); // no +Inf bucket
    expect(bucketQuantile(0.5, h({ '+Inf': 9 }))).toBeNull(); // fewer than two buckets
    expect(bucketQuantile(0.5, h({ '10': 0, '+Inf': 0 }))).toBeNull(); // no observations
    expect(bucketQuantile(Number.NaN, h({ '10': 1, '+Inf': 1 }))).toBeNull();
    expect(bucketQuantile(-0.1, h({ '10': 1, '+Inf': 1 }))).toBe(-Infinity);
    expect(bucketQuantile(1.1, h({ '10': 1, '+Inf': 1 }))).toBe(Infinity);
  });

  it('returns a non-positive first bound as is, and forces counts monotonic', () => {
    expect(bucketQuantile(0.1, h({ '-1': 5, '10': 10, '+Inf': 10 }))).toBe(-1);
    // 25 dropped below 10 (a reset racing the scrape): raised to 8 as Prometheus does
    // (unfixed counts would interpolate from 6 and give 43.75)
    expect(bucketQuantile(0.9, h({ '10': 8, '25': 6, '50': 10, '+Inf': 10 }))).toBeCloseTo(25 + 25 * (1 / 2), 12);
  });

  it('is independent of the order buckets arrive in', () => {
    const a = new Map([[Infinity, 4], [10, 2], [5, 1]]);
    expect(bucketQuantile(0.5, a)).toBeCloseTo(5 + 5 * (1 / 1), 12);
  });

  it('gives p50/p95/p99 with null for unknowns', () => {
    expect(histogramQuantiles(undefined)).toEqual({ p50Ms: null, p95Ms: null, p99Ms: null });
    expect(histogramQuantiles(h({ '10': 0, '+Inf': 0 }))).toEqual({ p50Ms: null, p95Ms: null, p99Ms: null });
    expect(histogramQuantiles(h({ '10': 10, '+Inf': 10 }))).toEqual({ p50Ms: 5, p95Ms: 9.5, p99Ms: expect.closeTo(9.9, 12) });
  });
});

describe('parseLe', () => {
  it('reads Prometheus bucket bounds', () => {
    expect(parseLe('+Inf')).toBe(Infinity);
    expect(parseLe('Inf')).toBe(Infinity);
    expect(parseLe('0.5')).toBe(0.5);
    expect(parseLe('1e+03')).toBe(1000);
    expect(parseLe('')).toBeNaN();
    expect(parseLe('abc')).toBeNaN();
    expect(parseLe(undefined)).toBeNaN();
  });
});

describe('histogramQuantiles with the bounds given', () => {
  it('equals sorting the histogram itself, also for histograms missing some of the bounds or unordered', () => {
    const bounds = [0.5, 1, 5, 10, 25, 50, 100, Infinity];
    const cases: Buckets[] = [
      h({ '+Inf': 100, '10': 30, '5': 10, '25': 90, '1': 0, '50': 100 }),
      h({ '5': 10, '100': 40, '+Inf': 40 }),
      h({ '25': 7, '10': 9, '+Inf': 9 }), // not monotonic: raised to the running maximum either way
      h({ '+Inf': 0 }),
    ];
    for (const b of cases) expect(histogramQuantiles(b, bounds)).toEqual(histogramQuantiles(b));
    expect(histogramQuantiles(cases[0]!, bounds).p50Ms).toBeCloseTo(10 + 15 * (20 / 60), 12);
  });
});
