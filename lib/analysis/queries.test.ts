import { describe, expect, it } from 'vitest';
import { parseVector } from '../telemetry/prometheus-result';
import { AppError } from '../api/errors';
import {
  bucketCountQuery,
  bucketQuantile,
  bucketsByVersion,
  countsByVersion,
  errorCountQuery,
  lookQueries,
  observe,
  renderCustomQuery,
  requestCountQuery,
  slowCount,
  type AnalysisTarget,
} from './queries';
import { analysisSchema, PROGRESSIVE_PRESETS } from './spec';

const target: AnalysisTarget = { namespace: 'demo-project', service: 'reviews', baseline: 'v1', candidate: 'v2' };
const SEL = 'reporter="destination",destination_service_namespace="demo-project",destination_service_name="reviews",destination_canonical_revision=~"v1|v2"';

/** An instant-query `data` object as Prometheus returns it. @see https://prometheus.io/docs/prometheus/latest/querying/api/#instant-vectors */
function vector(rows: [Record<string, string>, string][]) {
  return parseVector({ resultType: 'vector', result: rows.map(([metric, v]) => ({ metric, value: [1700000000.123, v] })) });
}

describe('PromQL builders', () => {
  it('counts requests, errors and buckets per revision over the window', () => {
    expect(requestCountQuery(target, 300)).toBe(`sum by (destination_canonical_revision) (increase(istio_requests_total{${SEL}}[5m]))`);
    expect(errorCountQuery(target, 90)).toBe(`sum by (destination_canonical_revision) (increase(istio_requests_total{${SEL},response_code=~"0|5.."}[90s]))`);
    expect(errorCountQuery(target, 90, true)).toContain('response_code=~"0|4..|5.."');
    expect(bucketCountQuery(target, 3600)).toBe(`sum by (le, destination_canonical_revision) (increase(istio_request_duration_milliseconds_bucket{${SEL}}[1h]))`);
    expect(requestCountQuery({ ...target, reporter: 'source' }, 60)).toContain('reporter="source"');
  });

  it('validates names first (400 naming the field) and escapes dots in versions', () => {
    expect(() => requestCountQuery({ ...target, namespace: 'Bad"}' }, 60)).toThrow(AppError);
    expect(() => requestCountQuery({ ...target, candidate: 'v2"|.*' }, 60)).toThrow(/invalid candidate/);
    expect(requestCountQuery({ ...target, candidate: '1.2.0' }, 60)).toContain('destination_canonical_revision=~"v1|1\\\\.2\\\\.0"');
  });

  it('renders custom queries with escaped values and refuses unknown placeholders', () => {
    const q = renderCustomQuery('sum by (destination_canonical_revision) (increase(m{ns={{namespace}},svc={{ service }}}[{{window}}]))', target, 120);
    expect(q).toBe('sum by (destination_canonical_revision) (increase(m{ns="demo-project",svc="reviews"}[2m]))');
    expect(() => renderCustomQuery('x{a={{pod}}}', target, 60)).toThrow(/unknown placeholder/);
  });

  it('builds the queries of a look from the spec', () => {
    const q = lookQueries(analysisSchema.parse(PROGRESSIVE_PRESETS.standard.spec.analysis), target, 240);
    expect(Object.keys(q).sort()).toEqual(['buckets', 'custom', 'errors', 'requests']);
    expect(q.requests).toContain('[4m]');
  });
});

describe('parsing results into counts', () => {
  it('sums per version, ignores other revisions, rounds increase() extrapolation', () => {
    const s = vector([
      [{ destination_canonical_revision: 'v1' }, '1200.6'],
      [{ destination_canonical_revision: 'v2' }, '133.4'],
      [{ destination_canonical_revision: 'v3' }, '99'],
    ]);
    expect(countsByVersion(s, target)).toEqual({ baseline: 1201, canary: 133 });
    expect(countsByVersion([], target)).toBeNull();
  });

  it('reads exact slow counts from le buckets, only at a bucket edge', () => {
    const s = vector([
      [{ destination_canonical_revision: 'v1', le: '100' }, '900'],
      [{ destination_canonical_revision: 'v1', le: '250.0' }, '970'], // Prometheus 3 may normalise le to floats
      [{ destination_canonical_revision: 'v1', le: '+Inf' }, '1000'],
      [{ destination_canonical_revision: 'v2', le: '100' }, '50'],
      [{ destination_canonical_revision: 'v2', le: '250' }, '80'],
      [{ destination_canonical_revision: 'v2', le: '+Inf' }, '100'],
    ]);
    const b = bucketsByVersion(s, target);
    expect(b.baseline.map((x) => x.le)).toEqual([100, 250, Infinity]);
    expect(slowCount(b.baseline, 250)).toEqual({ total: 1000, bad: 30 });
    expect(slowCount(b.canary, 250)).toEqual({ total: 100, bad: 20 });
    expect(slowCount(b.canary, 100)).toEqual({ total: 100, bad: 50 });
    expect(slowCount(b.canary, 300)).toEqual({ missing: '300 ms is not a bucket edge of istio_request_duration_milliseconds (edges: 100, 250)' });
    // p95 for reading, as histogram_quantile interpolates: rank 95 of 100 in (100, 250] holding 50..80 -> +Inf bucket -> 250;
    // baseline rank 950 of 1000 in (100, 250] holding 900..970: 100 + 150 * 50/70
    expect(bucketQuantile(0.95, b.canary)).toBe(250);
    expect(bucketQuantile(0.95, b.baseline)).toBeCloseTo(100 + (150 * 50) / 70, 9);
    expect(bucketQuantile(0.5, b.canary)).toBe(100);
    expect(bucketQuantile(0.95, [])).toBeNull();
    expect(slowCount([], 250)).toEqual({ missing: 'the request duration histogram has no series for this version' });
  });

  it('observes every metric of a look; no error series means zero errors', () => {
    const spec = analysisSchema.parse({
      metrics: [
        { type: 'error-rate', marginPp: 0.5 },
        { type: 'slow-fraction', thresholdMs: 250, marginPp: 1 },
        {
          type: 'custom',
          name: 'checkout',
          direction: 'higher-is-better',
          marginPp: 2,
          eventsQuery: 'sum by (destination_canonical_revision) (increase(ok[{{window}}]))',
          totalQuery: 'sum by (destination_canonical_revision) (increase(all[{{window}}]))',
        },
      ],
    });
    const obs = observe(spec, target, {
      requests: vector([
        [{ destination_canonical_revision: 'v1' }, '900'],
        [{ destination_canonical_revision: 'v2' }, '100'],
      ]),
      errors: [],
      buckets: [],
      custom: {
        checkout: {
          events: vector([
            [{ destination_canonical_revision: 'v1' }, '85'],
            [{ destination_canonical_revision: 'v2' }, '8'],
          ]),
          total: vector([
            [{ destination_canonical_revision: 'v1' }, '90'],
            [{ destination_canonical_revision: 'v2' }, '10'],
          ]),
        },
      },
    });
    expect(obs.requests).toEqual({ baseline: 900, canary: 100 });
    expect(obs.metrics['error-rate']).toEqual({ baseline: { total: 900, bad: 0 }, canary: { total: 100, bad: 0 } });
    expect(obs.metrics['slow-fraction-250ms']).toEqual({ missing: 'baseline: the request duration histogram has no series for this version' });
    // higher-is-better: the shortfall (total − good) is compared
    expect(obs.metrics['custom-checkout']).toEqual({ baseline: { total: 90, bad: 5 }, canary: { total: 10, bad: 2 } });
  });
});
