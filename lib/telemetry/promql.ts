/**
 * PromQL builders for Istio's standard metrics (DESIGN.md "Telemetry"). Every label value goes
 * through `validated` (Kubernetes name rules, 400 naming the field) and then `promqlString`
 * (escaping), so no user input can change the shape of a query.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
import { AppError } from '../api/errors';

/** Namespace, Service name: RFC 1123 label. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Label values (app, version, workload labels). @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
/** DNS subdomain (workload names may contain dots). @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type NameRule = 'dns-label' | 'dns-subdomain' | 'label-value';

const RULES: Record<NameRule, { re: RegExp; max: number; text: string }> = {
  'dns-label': { re: DNS_LABEL, max: 63, text: 'must consist of lower case letters, digits and "-", and start and end with a letter or digit' },
  'dns-subdomain': { re: DNS_SUBDOMAIN, max: 253, text: 'must consist of lower case letters, digits, "-" and ".", and start and end with a letter or digit' },
  'label-value': { re: LABEL_VALUE, max: 63, text: 'must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit' },
};

/**
 * Checks a value against a Kubernetes name rule; throws a 400 naming `field` otherwise.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
export function validated(field: string, value: string, rule: NameRule = 'dns-label'): string {
  const r = RULES[rule];
  let problem: string | undefined;
  if (value.length === 0 && rule !== 'label-value') problem = 'must not be empty';
  else if (value.length > r.max) problem = `must be at most ${r.max} characters`;
  else if (!r.re.test(value)) problem = r.text;
  if (problem) throw new AppError('bad_request', `invalid ${field}: ${problem}`, { fields: [{ field, message: problem }] });
  return value;
}

/**
 * A PromQL double-quoted string literal. Escapes backslash, double quote and control characters
 * (PromQL strings use Go's escaping), so even an unvalidated value cannot close the literal.
 * @see https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals
 */
export function promqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  // other control characters have no short escape: use \u (Go string escape)
  let out = '';
  for (const c of escaped) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return `"${out}"`;
}

/** One label matcher, value escaped. @see https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors */
export function matcher(label: string, op: '=' | '!=' | '=~' | '!~', value: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new Error(`not a Prometheus label name: ${label}`);
  return `${label}${op}${promqlString(value)}`;
}

// ---- windows -------------------------------------------------------------------------------

/** Window choices of the UI (last 1m/5m/10m/30m/1h). */
export const TIME_WINDOWS = ['1m', '5m', '10m', '30m', '1h'] as const;
export type Window = (typeof TIME_WINDOWS)[number];

const WINDOW_SECONDS: Record<Window, number> = { '1m': 60, '5m': 300, '10m': 600, '30m': 1800, '1h': 3600 };

/** Seconds in a window. */
export function windowSeconds(w: Window): number {
  return WINDOW_SECONDS[w];
}

/** A duration in PromQL syntax (`90s`, `5m`). @see https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations */
export function promDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Default chart step: about 60 points per window (1 s for 1m ... 60 s for 1h). */
export function defaultStepSeconds(w: Window): number {
  return Math.max(1, Math.round(windowSeconds(w) / 60));
}

/** Prometheus refuses range queries of more than 11,000 points per series. @see https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries */
export const MAX_POINTS = 11_000;

/**
 * The rate interval of each point of a chart. It must span at least two scrapes (Istio's default
 * scrape interval is 15 s), so it is never under 30 s; with larger steps it follows the step so
 * that no request falls between two points.
 * @see https://www.robustperception.io/what-range-should-i-use-with-rate/
 */
export function chartRateSeconds(stepSeconds: number): number {
  return Math.max(30, stepSeconds);
}

/** Start, end and step (unix seconds) of a range query ending at `nowMs`, aligned to the step so refreshes reuse the same points. */
export function queryRange(w: Window, stepSeconds: number, nowMs: number): { start: number; end: number; step: number } {
  const end = Math.floor(nowMs / 1000 / stepSeconds) * stepSeconds;
  return { start: end - windowSeconds(w), end, step: stepSeconds };
}

// ---- selectors -------------------------------------------------------------------------------

/** Response codes counted as errors: no response (0), 4xx, 5xx (DESIGN.md). */
export const ERROR_CODES = '0|4..|5..';

/** Destination-reported requests to the Services of a namespace. @see https://istio.io/latest/docs/reference/config/metrics/#labels */
export function namespaceSelector(ns: string): string {
  return `${matcher('reporter', '=', 'destination')},${matcher('destination_service_namespace', '=', validated('ns', ns))}`;
}

/** Destination-reported requests to one Service. */
export function serviceSelector(ns: string, service: string): string {
  return `${namespaceSelector(ns)},${matcher('destination_service_name', '=', validated('service', service))}`;
}

/** The label naming a version (Istio's canonical revision). @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision */
export const VERSION_LABEL = 'destination_canonical_revision';

/** `sum by (...) (rate(metric{sel}[range]))`. */
function sumRate(metric: string, selector: string, by: readonly string[], rangeS: number): string {
  return `sum by (${by.join(', ')}) (rate(${metric}{${selector}}[${promDuration(rangeS)}]))`;
}

/** Requests/s per version of a Service. @see https://istio.io/latest/docs/tasks/observability/metrics/querying-metrics/ */
export function requestRateByVersion(ns: string, service: string, rangeS: number): string {
  return sumRate('istio_requests_total', serviceSelector(ns, service), [VERSION_LABEL], rangeS);
}

/** Failed requests/s (0, 4xx, 5xx) per version of a Service. @see https://istio.io/latest/docs/reference/config/metrics/#labels */
export function errorRateByVersion(ns: string, service: string, rangeS: number): string {
  return sumRate('istio_requests_total', `${serviceSelector(ns, service)},${matcher('response_code', '=~', ERROR_CODES)}`, [VERSION_LABEL], rangeS);
}

/** Requests/s per version and response code (summaries: totals, 4xx, 5xx from one query). */
export function requestRateByVersionAndCode(ns: string, service: string, rangeS: number): string {
  return sumRate('istio_requests_total', serviceSelector(ns, service), [VERSION_LABEL, 'response_code'], rangeS);
}

/** One `histogram_quantile` over Istio's duration histogram. @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile */
export function latencyQuantile(q: number, selector: string, by: readonly string[], rangeS: number): string {
  return `histogram_quantile(${q}, ${sumRate('istio_request_duration_milliseconds_bucket', selector, ['le', ...by], rangeS)})`;
}

/** The quantiles the console shows. */
export const QUANTILES = [0.5, 0.95, 0.99] as const;

/**
 * p50, p95 and p99 in one query: each quantile tagged with a `quantile` label by label_replace and
 * joined with `or`, so one round trip returns all three (series of each carry distinct labels).
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#label_replace
 */
export function latencyQuantiles(selector: string, by: readonly string[], rangeS: number): string {
  return QUANTILES.map((q) => `label_replace(${latencyQuantile(q, selector, by, rangeS)}, "quantile", "${q}", "", "")`).join(' or ');
}

/** p50/p95/p99 per version of a Service. */
export function latencyByVersion(ns: string, service: string, rangeS: number): string {
  return latencyQuantiles(serviceSelector(ns, service), [VERSION_LABEL], rangeS);
}

// ---- topology (whole namespace, three queries) -------------------------------------------

/**
 * The labels identifying an edge of the versioned graph, from the destination's report: the
 * calling workload (which the builder resolves to its version node) and the called Service and
 * version. Nothing more: every extra label multiplies the series Prometheus aggregates and returns
 * (`source_canonical_revision` follows from the workload, `request_protocol` is not shown).
 */
export const EDGE_LABELS = ['source_workload_namespace', 'source_workload', 'destination_service_name', 'destination_canonical_revision'] as const;

/** Edge labels plus the called workload (names version nodes) and the response code (health). */
export const REQUEST_LABELS = [...EDGE_LABELS, 'destination_workload', 'response_code'] as const;

/** Labels of requests that never reached a pod (reported by the source only). */
export const UNREACHED_LABELS = ['source_workload', 'source_workload_namespace', 'destination_service_name', 'response_code', 'response_flags'] as const;

/** A regular expression matching exactly one of `values` (RE2 syntax, each value's metacharacters escaped; Prometheus anchors it). @see https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors */
export function alternation(values: readonly string[]): string {
  return values.map((v) => v.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')).join('|');
}

/**
 * Splits Service names into `count` disjoint shards of about equal size (sorted, dealt round
 * robin, so the split is the same for the same names whatever order the cluster listed them in).
 * Empty shards are dropped.
 */
export function serviceShards(names: readonly string[], count: number): string[][] {
  const shards: string[][] = Array.from({ length: Math.max(1, Math.floor(count)) }, () => []);
  [...new Set(names)].sort().forEach((n, i) => shards[i % shards.length]!.push(n));
  return shards.filter((s) => s.length > 0);
}

/** Services per shard of the bucket query: below this, one query is cheaper than several. */
export const SERVICES_PER_SHARD = 250;
/**
 * At most this many shards (plus the complement). 1, i.e. sharding off: on the shared 2-core
 * machine (load 5-18) 2-4 parallel shards answered 1,000 services SLOWER than one query (p50
 * 3.0-3.2 s vs 2.7 s, interleaved): with no idle core, each shard only adds its own index lookups.
 * Prometheus' free cores decide the gain; bench/topology-bench.ts prints the 2-shard time beside
 * the unsharded one in the same run, so it can be raised where that shows a gain.
 */
export const MAX_SHARDS = 1;

/** How many shards the bucket query of a namespace with `services` Services is split into. */
export function latencyShardCount(services: number, perShard = SERVICES_PER_SHARD, maxShards = MAX_SHARDS): number {
  return Math.max(1, Math.min(maxShards, Math.floor(services / perShard)));
}

/**
 * Some of the duration buckets: `=~` the `le` label values listed, or `!~` all but them (see
 * lib/telemetry/latency-bounds.ts for why the topology asks for a few).
 */
export interface BucketFilter {
  op: '=~' | '!~';
  values: readonly string[];
}

/** The namespace's destination-reported duration bucket series (the topology's, before `le` or shards narrow them). */
export function latencyBucketSeries(ns: string): string {
  return `istio_request_duration_milliseconds_bucket{${namespaceSelector(ns)}}`;
}

/**
 * Duration bucket rates by edge of the namespace: all buckets, or those `le` picks. `selector`:
 * the namespace's destination-reported series, narrowed further (a shard); default all of them.
 */
export function latencyBucketRates(ns: string, rangeS: number, le?: BucketFilter, selector?: string): string {
  let sel = selector ?? namespaceSelector(ns);
  if (le) sel += `,${matcher('le', le.op, alternation(le.values))}`;
  return sumRate('istio_request_duration_milliseconds_bucket', sel, ['le', ...EDGE_LABELS], rangeS);
}

/**
 * The topology's queries for one namespace: every destination-reported request by edge and
 * code; source-reported requests that reached no pod (Envoy flags NC, UH, NR and the like leave
 * `destination_workload="unknown"`), which only the source reports; and the duration histogram's
 * bucket rates by edge, from which the builder computes p50/p95/p99 of edges, versions and
 * Services (lib/telemetry/histogram.ts) so the bucket series are read once, not once per quantile
 * and grouping. No recording rules: any plain Prometheus scraping Istio answers these.
 *
 * The bucket query reads ~20 series per edge, most of the topology's time, and Prometheus
 * evaluates one query on one core. Given `shards` (disjoint lists of Service names), it is issued
 * as one query per shard (`destination_service_name=~"a|b"`) plus the complement of all of them
 * (`!~`), so requests to a Service nobody listed are never lost. `destination_service_name` is a
 * grouping label, so every output series comes whole from exactly one shard: the union of the
 * answers is the unsharded answer (test/telemetry/topology-queries.test.ts checks it against a real
 * Prometheus). `le` narrows every bucket query to some buckets: those that decide the quantiles
 * (lib/telemetry/latency-bounds.ts), a fraction of the series.
 * @see https://kiali.io/docs/features/topology/
 */
export function topologyQueries(
  ns: string,
  rangeS: number,
  shards: readonly (readonly string[])[] = [],
  le?: BucketFilter,
): { requests: string; unreached: string; latencyBuckets: string[] } {
  const dest = namespaceSelector(ns);
  const unreachedSel = `${matcher('reporter', '=', 'source')},${matcher('destination_service_namespace', '=', ns)},${matcher('destination_workload', '=', 'unknown')}`;
  const buckets = (sel: string) => latencyBucketRates(ns, rangeS, le, sel);
  const parts = shards.filter((s) => s.length > 0);
  const latencyBuckets =
    parts.length < 2
      ? [buckets(dest)]
      : [
          ...parts.map((names) => buckets(`${dest},${matcher('destination_service_name', '=~', alternation(names))}`)),
          buckets(`${dest},${matcher('destination_service_name', '!~', alternation(parts.flat()))}`),
        ];
  return {
    requests: sumRate('istio_requests_total', dest, REQUEST_LABELS, rangeS),
    unreached: sumRate('istio_requests_total', unreachedSel, UNREACHED_LABELS, rangeS),
    latencyBuckets,
  };
}
