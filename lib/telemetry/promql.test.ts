import { describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { classifyHealth, trafficFigures } from './health';
import {
  alternation,
  chartRateSeconds,
  latencyBucketRates,
  latencyShardCount,
  MAX_SHARDS,
  serviceShards,
  SERVICES_PER_SHARD,
  defaultStepSeconds,
  errorRateByVersion,
  latencyByVersion,
  promDuration,
  promqlString,
  queryRange,
  requestRateByVersion,
  topologyQueries,
  validated,
} from './promql';

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('did not throw');
}

describe('promql', () => {
  it('builds the DESIGN.md queries', () => {
    expect(requestRateByVersion('demo', 'reviews', 60)).toBe(
      'sum by (destination_canonical_revision) (rate(istio_requests_total{reporter="destination",destination_service_namespace="demo",destination_service_name="reviews"}[1m]))',
    );
    expect(errorRateByVersion('demo', 'reviews', 30)).toContain('response_code=~"0|4..|5.."}[30s]');
    const lat = latencyByVersion('demo', 'reviews', 300);
    expect(lat).toContain('histogram_quantile(0.95, sum by (le, destination_canonical_revision) (rate(istio_request_duration_milliseconds_bucket{');
    expect(lat.split(' or ')).toHaveLength(3);
    const t = topologyQueries('demo', 60);
    expect(t.unreached).toContain('reporter="source"');
    expect(t.unreached).toContain('destination_workload="unknown"');
    expect(t.requests).toContain('sum by (source_workload_namespace, source_workload, destination_service_name, destination_canonical_revision, destination_workload, response_code)');
    expect(t.latencyBuckets).toEqual([
      'sum by (le, source_workload_namespace, source_workload, destination_service_name, destination_canonical_revision) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="demo"}[1m]))',
    ]);
    expect(Object.keys(t)).toHaveLength(3);
  });

  it('shards the bucket query by Service, with the complement of every shard', () => {
    expect(topologyQueries('demo', 60, [['a', 'b']]).latencyBuckets).toEqual(topologyQueries('demo', 60).latencyBuckets);
    expect(topologyQueries('demo', 60, [[], ['a']]).latencyBuckets).toHaveLength(1);
    const q = topologyQueries('demo', 60, [['a', 'b'], ['c']]).latencyBuckets;
    expect(q).toHaveLength(3);
    expect(q[0]).toContain('{reporter="destination",destination_service_namespace="demo",destination_service_name=~"a|b"}[1m]');
    expect(q[1]).toContain('destination_service_name=~"c"}');
    expect(q[2]).toContain('destination_service_name!~"a|b|c"}');
    for (const x of q) expect(x).toMatch(/^sum by \(le, source_workload_namespace, source_workload, destination_service_name, destination_canonical_revision\) \(rate\(istio_request_duration_milliseconds_bucket\{/);
    // requests and unreached are not sharded
    expect(topologyQueries('demo', 60, [['a'], ['b']]).requests).toBe(topologyQueries('demo', 60).requests);
  });

  it('escapes regex metacharacters in shard names, then the PromQL string', () => {
    expect(alternation(['a.b', 'c+d', 'x|y', '(z)', 'back\\slash'])).toBe('a\\.b|c\\+d|x\\|y|\\(z\\)|back\\\\slash');
    expect(topologyQueries('demo', 60, [['a.b'], ['c']]).latencyBuckets[0]).toContain('destination_service_name=~"a\\\\.b"');
  });

  it('splits names into balanced, disjoint, order-independent shards', () => {
    const names = Array.from({ length: 1001 }, (_, i) => `svc-${i}`);
    const shards = serviceShards(names, 4);
    expect(shards).toHaveLength(4);
    expect(shards.flat().sort()).toEqual([...names].sort());
    expect(new Set(shards.flat()).size).toBe(names.length);
    expect(Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length))).toBeLessThanOrEqual(1);
    expect(serviceShards([...names].reverse(), 4)).toEqual(shards);
    expect(serviceShards(['a', 'a', 'b'], 4)).toEqual([['a'], ['b']]);
    expect(serviceShards([], 3)).toEqual([]);
    expect(serviceShards(['a'], 0)).toEqual([['a']]);
  });

  it('shards only large namespaces, at most maxShards (default MAX_SHARDS)', () => {
    expect(latencyShardCount(0, SERVICES_PER_SHARD, 4)).toBe(1);
    expect(latencyShardCount(SERVICES_PER_SHARD * 2 - 1, SERVICES_PER_SHARD, 4)).toBe(1);
    expect(latencyShardCount(SERVICES_PER_SHARD * 2, SERVICES_PER_SHARD, 4)).toBe(2);
    expect(latencyShardCount(100_000, SERVICES_PER_SHARD, 4)).toBe(4);
    expect(latencyShardCount(9, 1, 4)).toBe(4);
    expect(latencyShardCount(100_000)).toBe(MAX_SHARDS);
  });

  it('rejects names with quotes, braces and newlines with a 400 naming the field', () => {
    for (const bad of ['a"b', 'x"}or vector(1)', 'svc{a="b"}', 'line\nbreak', 'back\\slash', 'Upper', '']) {
      const err = caught(() => requestRateByVersion('demo', bad, 60));
      expect(err).toBeInstanceOf(AppError);
      expect(err.status).toBe(400);
      expect(err.fields?.[0]?.field).toBe('service');
    }
    expect(caught(() => requestRateByVersion('de"mo', 'x', 60)).fields?.[0]?.field).toBe('ns');
    expect(caught(() => validated('version', 'v1"}', 'label-value')).fields).toEqual([{ field: 'version', message: expect.stringContaining('letters') }]);
    expect(validated('version', 'v1.2_beta', 'label-value')).toBe('v1.2_beta');
  });

  it('escapes string literals so a value cannot close the literal', () => {
    expect(promqlString('plain')).toBe('"plain"');
    expect(promqlString('a"b')).toBe('"a\\"b"');
    expect(promqlString('a\\b')).toBe('"a\\\\b"');
    expect(promqlString('x"}\nor vector(1)')).toBe('"x\\"}\\nor vector(1)"');
    expect(promqlString('\\"')).toBe('"\\\\\\""');
    expect(promqlString('tab\tcr\r\u0001')).toBe('"tab\\tcr\\r\\u0001"');
    // the escaped text has no unescaped quote inside
    expect(promqlString('"{}"\n').slice(1, -1)).not.toMatch(/(^|[^\\])"/);
  });

  it('narrows the bucket query to `le` values as Prometheus spelled them, escaped for the regex and the string', () => {
    expect(latencyBucketRates('demo', 60, { op: '=~', values: ['5', '10', '+Inf'] })).toContain(String.raw`le=~"5|10|\\+Inf"`);
    expect(latencyBucketRates('demo', 60, { op: '!~', values: ['0.5'] })).toContain(String.raw`le!~"0\\.5"`);
    // label values come from Prometheus: one with a quote, braces or a newline stays inside its literal
    const q = latencyBucketRates('demo', 60, { op: '=~', values: ['1"} or vector(1) #\n{'] });
    const literal = q.slice(q.indexOf('le=~') + 4, q.indexOf('}[1m]'));
    expect(literal.slice(1, -1)).not.toMatch(/(^|[^\\])"/);
    expect(q).not.toContain('\n{');
    expect(topologyQueries('demo', 60, [], { op: '=~', values: ['5'] }).latencyBuckets[0]).toBe(latencyBucketRates('demo', 60, { op: '=~', values: ['5'] }));
  });

  it('derives durations, steps and ranges', () => {
    expect(promDuration(60)).toBe('1m');
    expect(promDuration(3600)).toBe('1h');
    expect(promDuration(90)).toBe('90s');
    expect(defaultStepSeconds('1m')).toBe(1);
    expect(defaultStepSeconds('1h')).toBe(60);
    expect(chartRateSeconds(1)).toBe(30);
    expect(chartRateSeconds(60)).toBe(60);
    expect(queryRange('5m', 5, 1_000_003_000)).toEqual({ start: 999_700, end: 1_000_000, step: 5 });
  });
});

describe('health', () => {
  it('uses Kiali thresholds', () => {
    expect(classifyHealth(0, null, null)).toBe('idle');
    expect(classifyHealth(10, 0, 0)).toBe('healthy');
    expect(classifyHealth(10, 0.001, 0)).toBe('degraded');
    expect(classifyHealth(10, 0.0999, 0)).toBe('degraded');
    expect(classifyHealth(10, 0.1, 0)).toBe('failing');
    expect(classifyHealth(10, 0, 0.099)).toBe('healthy');
    expect(classifyHealth(10, 0, 0.1)).toBe('degraded');
    expect(classifyHealth(10, 0, 0.2)).toBe('failing');
  });

  it('figures are null without traffic, never NaN', () => {
    expect(trafficFigures({ total: 0, e5xx: 0, e4xx: 0 })).toEqual({ requestRate: 0, successRate: null, errorRate5xx: null, errorRate4xx: null, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(trafficFigures({ total: 10, e5xx: 3, e4xx: 1 }, { p50Ms: 1, p95Ms: 2, p99Ms: 3 })).toMatchObject({ requestRate: 10, successRate: 0.6, errorRate5xx: 0.3, errorRate4xx: 0.1, p95Ms: 2 });
  });
});
