import { describe, expect, it } from 'vitest';
import { buildServiceMetrics, successSeries } from './service-metrics';
import { parseMatrix, parseVector, sampleValue } from './prometheus-result';

const series = (version: string, pts: [number, number][], extra: Record<string, string> = {}) => ({
  metric: { destination_canonical_revision: version, ...extra },
  points: pts.map(([t, v]) => ({ t, v })),
});

describe('service metrics', () => {
  it('success rate is null without requests and 1 without error samples', () => {
    expect(successSeries([1, 2, 3], series('v1', [[1, 10], [2, 0]]), series('v1', [[1, 3]]))).toEqual([
      { t: 1, v: 0.7 },
      { t: 2, v: null },
      { t: 3, v: null },
    ]);
    expect(successSeries([1], series('v1', [[1, 4]]), undefined)).toEqual([{ t: 1, v: 1 }]);
  });

  it('joins versions known and seen, aligned to the step, with summaries', () => {
    const view = buildServiceMetrics({
      namespace: 'demo', service: 'reviews', window: '1m', range: { start: 100, end: 102, step: 1 },
      knownVersions: ['v1', 'v10', 'v3'], queries: ['q'],
      requestSeries: [series('v1', [[100, 8], [102, 8]]), series('v2', [[101, 2]])],
      errorSeries: [series('v2', [[101, 0.6]])],
      latencySeries: [series('v2', [[101, 12]], { quantile: '0.95' })],
      summaryByCode: [
        { metric: { destination_canonical_revision: 'v2', response_code: '200' }, t: 102, v: 1.4 },
        { metric: { destination_canonical_revision: 'v2', response_code: '500' }, t: 102, v: 0.6 },
      ],
      summaryLatency: [{ metric: { destination_canonical_revision: 'v2', quantile: '0.99' }, t: 102, v: 40 }],
    });
    expect(view.versions.map((v) => v.version)).toEqual(['v1', 'v2', 'v3', 'v10']);
    const v2 = view.versions[1]!;
    expect(v2.requestRate).toEqual([{ t: 100, v: null }, { t: 101, v: 2 }, { t: 102, v: null }]);
    expect(v2.successRate[1]!.v).toBeCloseTo(0.7, 9);
    expect(v2.p95Ms[1]!.v).toBe(12);
    expect(v2.summary).toMatchObject({ requestRate: 2, errorRate5xx: expect.closeTo(0.3, 9), p99Ms: 40 });
    expect(view.versions[2]!.summary).toMatchObject({ requestRate: 0, successRate: null });
    expect(view.stepSeconds).toBe(1);
  });

  it('parses Prometheus results, NaN and Inf as null', () => {
    expect(sampleValue('NaN')).toBeNull();
    expect(sampleValue('+Inf')).toBeNull();
    expect(parseVector({ resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, '2.5'] }] })).toEqual([{ metric: { a: 'b' }, t: 1, v: 2.5 }]);
    expect(parseVector({ resultType: 'scalar', result: [1, '3'] })).toEqual([{ metric: {}, t: 1, v: 3 }]);
    expect(parseMatrix({ resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, 'NaN']] }] })[0]!.points).toEqual([{ t: 1, v: 1 }, { t: 2, v: null }]);
    expect(() => parseMatrix({ resultType: 'vector', result: [] })).toThrow(/matrix/);
  });
});
