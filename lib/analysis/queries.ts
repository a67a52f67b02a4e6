/**
 * PromQL for the progressive analysis and the parsing of its results into per-version counts.
 * Every query counts events over the analysis window (`increase(...[W])`, W = time since the
 * step's analysis started) split by `destination_canonical_revision`, so baseline and canary come
 * from the same counters in one query. Label values go through lib/telemetry/promql.ts
 * (validation, then escaping).
 * @see https://istio.io/latest/docs/reference/config/metrics/
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#increase
 */
import { matcher, promDuration, promqlString, validated, VERSION_LABEL } from '../telemetry/promql';
import type { InstantSample } from '../telemetry/prometheus-result';
import type { ArmCount } from './stats';
import type { AnalysisSpec, MetricSpec } from './spec';
import { metricId } from './spec';

/** Which proxy's report is counted; `destination` also sees traffic from outside the mesh. */
export type Reporter = 'destination' | 'source';

/** What the analysis compares: one Service, two versions. */
export interface AnalysisTarget {
  namespace: string;
  service: string;
  baseline: string;
  candidate: string;
  reporter?: Reporter;
}

/** The response codes counted as errors: no response (0) and 5xx, optionally 4xx. */
export function errorCodes(include4xx: boolean): string {
  return include4xx ? '0|4..|5..' : '0|5..';
}

/** Requests to the target's Service, restricted to its two versions. */
export function analysisSelector(t: AnalysisTarget): string {
  return [
    matcher('reporter', '=', t.reporter ?? 'destination'),
    matcher('destination_service_namespace', '=', validated('namespace', t.namespace)),
    matcher('destination_service_name', '=', validated('service', t.service)),
    // the regex is built from validated label values: letters, digits, '-', '_' and '.' only; dots escaped
    matcher(VERSION_LABEL, '=~', [validated('baseline', t.baseline, 'label-value'), validated('candidate', t.candidate, 'label-value')].map((v) => v.replace(/\./g, '\\.')).join('|')),
  ].join(',');
}

function countBy(metric: string, selector: string, by: readonly string[], windowS: number): string {
  return `sum by (${by.join(', ')}) (increase(${metric}{${selector}}[${promDuration(windowS)}]))`;
}

/** Requests per version over the window. */
export function requestCountQuery(t: AnalysisTarget, windowS: number): string {
  return countBy('istio_requests_total', analysisSelector(t), [VERSION_LABEL], windowS);
}

/** Failed requests (0 and 5xx, optionally 4xx) per version over the window. */
export function errorCountQuery(t: AnalysisTarget, windowS: number, include4xx = false): string {
  return countBy('istio_requests_total', `${analysisSelector(t)},${matcher('response_code', '=~', errorCodes(include4xx))}`, [VERSION_LABEL], windowS);
}

/** Cumulative `le` bucket counts of the request duration histogram per version over the window. */
export function bucketCountQuery(t: AnalysisTarget, windowS: number): string {
  return countBy('istio_request_duration_milliseconds_bucket', analysisSelector(t), ['le', VERSION_LABEL], windowS);
}

/** Placeholders a custom metric's query may use. */
export const CUSTOM_PLACEHOLDERS = ['namespace', 'service', 'window'] as const;

/**
 * A custom metric's query with its placeholders filled: `{{namespace}}` and `{{service}}` become
 * escaped PromQL strings (write `label={{service}}`, no quotes), `{{window}}` a duration (`[{{window}}]`).
 */
export function renderCustomQuery(template: string, t: AnalysisTarget, windowS: number): string {
  const values: Record<string, string> = {
    namespace: promqlString(validated('namespace', t.namespace)),
    service: promqlString(validated('service', t.service)),
    window: promDuration(windowS),
  };
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (m, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${m} in custom query`);
    return values[name];
  });
}

/** Every query one look issues, keyed by what it counts (shown verbatim in the explanation). */
export interface LookQueries {
  requests: string;
  errors?: string;
  buckets?: string;
  custom: Record<string, { events: string; total: string }>;
}

/** The queries of one look at `windowS` seconds since the analysis started. */
export function lookQueries(spec: AnalysisSpec, t: AnalysisTarget, windowS: number): LookQueries {
  const err = spec.metrics.find((m) => m.type === 'error-rate');
  const q: LookQueries = { requests: requestCountQuery(t, windowS), custom: {} };
  if (err) q.errors = errorCountQuery(t, windowS, err.include4xx);
  if (spec.metrics.some((m) => m.type === 'slow-fraction')) q.buckets = bucketCountQuery(t, windowS);
  for (const m of spec.metrics) {
    if (m.type === 'custom') q.custom[m.name] = { events: renderCustomQuery(m.eventsQuery, t, windowS), total: renderCustomQuery(m.totalQuery, t, windowS) };
  }
  return q;
}

/** Instant-query results of one look (as parsed by parseVector), keyed like LookQueries. */
export interface LookResults {
  requests: InstantSample[];
  errors?: InstantSample[];
  buckets?: InstantSample[];
  custom?: Record<string, { events: InstantSample[]; total: InstantSample[] }>;
}

/** Counts of one version, or why they are missing; `p95` (ms, slow fraction only) is for reading, never for deciding. */
export type MetricObservation = { baseline: ArmCount; canary: ArmCount; p95?: { baseline: number | null; canary: number | null } } | { missing: string };

/** What one look saw: requests per version (null when no series came back) and each metric's counts. */
export interface Observation {
  requests: { baseline: number; canary: number } | null;
  metrics: Record<string, MetricObservation>;
}

/**
 * Sums samples per version; null when no series names either version. increase() extrapolates to
 * the window's edges, so values are fractional: they are rounded to whole requests.
 */
export function countsByVersion(samples: InstantSample[], t: Pick<AnalysisTarget, 'baseline' | 'candidate'>): { baseline: number; canary: number } | null {
  let seen = false;
  let baseline = 0;
  let canary = 0;
  for (const s of samples) {
    const v = s.metric[VERSION_LABEL];
    if (v !== t.baseline && v !== t.candidate) continue;
    seen = true;
    const n = s.v ?? 0;
    if (v === t.baseline) baseline += n;
    else canary += n;
  }
  return seen ? { baseline: Math.max(0, Math.round(baseline)), canary: Math.max(0, Math.round(canary)) } : null;
}

/** One version's cumulative histogram: (upper bound in ms, count of requests at or under it), ascending; +Inf last. */
export type Buckets = { le: number; count: number }[];

/** The `le` buckets per version from a bucketCountQuery result. */
export function bucketsByVersion(samples: InstantSample[], t: Pick<AnalysisTarget, 'baseline' | 'candidate'>): { baseline: Buckets; canary: Buckets } {
  const out = { baseline: new Map<number, number>(), canary: new Map<number, number>() };
  for (const s of samples) {
    const v = s.metric[VERSION_LABEL];
    const arm = v === t.baseline ? out.baseline : v === t.candidate ? out.canary : undefined;
    const le = Number(s.metric.le === '+Inf' ? Infinity : s.metric.le);
    if (!arm || Number.isNaN(le)) continue;
    arm.set(le, (arm.get(le) ?? 0) + (s.v ?? 0));
  }
  const list = (m: Map<number, number>): Buckets => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count: Math.max(0, Math.round(count)) }));
  return { baseline: list(out.baseline), canary: list(out.canary) };
}

/**
 * Requests slower than `boundMs` from one version's buckets: total (the +Inf bucket) minus the
 * count at `le = boundMs`. The bound must be a bucket edge, because only then is the count exact
 * (anything in between would be interpolated, as histogram_quantile does).
 */
export function slowCount(buckets: Buckets, boundMs: number): ArmCount | { missing: string } {
  if (buckets.length === 0) return { missing: 'the request duration histogram has no series for this version' };
  const inf = buckets.find((b) => b.le === Infinity);
  if (!inf) return { missing: 'the request duration histogram has no +Inf bucket' };
  const edge = buckets.find((b) => Math.abs(b.le - boundMs) < 1e-9 * Math.max(1, boundMs));
  if (!edge) {
    const edges = buckets.filter((b) => b.le !== Infinity).map((b) => b.le);
    return { missing: `${boundMs} ms is not a bucket edge of istio_request_duration_milliseconds (edges: ${edges.join(', ')})` };
  }
  return { total: inf.count, bad: Math.max(0, inf.count - Math.min(edge.count, inf.count)) };
}

/**
 * The q-quantile of one version's buckets, interpolated linearly inside its bucket as Prometheus'
 * histogram_quantile does (the first bucket starts at 0; a quantile in the +Inf bucket is the
 * highest finite edge). Null without requests.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 */
export function bucketQuantile(q: number, buckets: Buckets): number | null {
  const inf = buckets.find((b) => b.le === Infinity);
  if (!inf || inf.count <= 0) return null;
  const rank = q * inf.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      if (b.count === prevCount) return b.le;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / (b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** Turns one look's query results into the counts the analysis compares. */
export function observe(spec: AnalysisSpec, t: Pick<AnalysisTarget, 'baseline' | 'candidate'>, r: LookResults): Observation {
  const requests = countsByVersion(r.requests, t);
  const metrics: Record<string, MetricObservation> = {};
  for (const m of spec.metrics) metrics[metricId(m)] = observeMetric(m, t, r, requests);
  return { requests, metrics };
}

function observeMetric(m: MetricSpec, t: Pick<AnalysisTarget, 'baseline' | 'candidate'>, r: LookResults, requests: Observation['requests']): MetricObservation {
  if (m.type === 'error-rate') {
    if (!requests) return { missing: 'istio_requests_total has no series for either version in the window' };
    // no error series at all is the normal case of a healthy service: zero errors
    const errors = countsByVersion(r.errors ?? [], t) ?? { baseline: 0, canary: 0 };
    return {
      baseline: { total: requests.baseline, bad: Math.min(errors.baseline, requests.baseline) },
      canary: { total: requests.canary, bad: Math.min(errors.canary, requests.canary) },
    };
  }
  if (m.type === 'slow-fraction') {
    const b = bucketsByVersion(r.buckets ?? [], t);
    const baseline = slowCount(b.baseline, m.thresholdMs);
    const canary = slowCount(b.canary, m.thresholdMs);
    if ('missing' in baseline) return { missing: `baseline: ${baseline.missing}` };
    if ('missing' in canary) return { missing: `canary: ${canary.missing}` };
    return { baseline, canary, p95: { baseline: bucketQuantile(0.95, b.baseline), canary: bucketQuantile(0.95, b.canary) } };
  }
  const res = r.custom?.[m.name];
  const total = countsByVersion(res?.total ?? [], t);
  if (!total) return { missing: `the total query of ${m.name} returned no series labelled ${VERSION_LABEL} with either version` };
  const events = countsByVersion(res?.events ?? [], t) ?? { baseline: 0, canary: 0 };
  const bad = (ev: number, tot: number) => (m.direction === 'lower-is-better' ? Math.min(ev, tot) : Math.max(0, tot - ev));
  return {
    baseline: { total: total.baseline, bad: bad(events.baseline, total.baseline) },
    canary: { total: total.canary, bad: bad(events.canary, total.canary) },
  };
}
