/**
 * View models of the observability REST API (DESIGN.md "REST API" and "Telemetry"):
 *   GET /api/projects/{ns}/topology?app=&window=
 *   GET /api/projects/{ns}/metrics?service=&window=&step=
 *   GET /api/projects/{ns}/traces?service=&version=&limit=&start=&end=
 *   GET /api/projects/{ns}/traces/{traceId}
 * Data comes from Prometheus (Istio standard metrics) and a Jaeger query API; when a backend is not
 * configured or unreachable the endpoints answer 503 with code `metrics_unavailable` /
 * `tracing_unavailable` and a message saying how to fix it.
 */

/** Kiali's default thresholds: 5xx > 0% degraded, >= 10% failing; 4xx >= 10% degraded, >= 20% failing. */
export type Health = 'healthy' | 'degraded' | 'failing' | 'idle' | 'unknown';

export type TimeWindow = '1m' | '5m' | '10m' | '30m' | '1h';

export interface TrafficFigures {
  /** requests per second over the window; 0 = no traffic */
  requestRate: number;
  /** 0..1; null when there was no traffic (show "no traffic", never 0% or NaN) */
  successRate: number | null;
  errorRate5xx: number | null;
  errorRate4xx: number | null;
  /** milliseconds; null without traffic */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface TopologyNode {
  id: string;
  /** ingress: the gateway; service: a Service box; version: one version (workload) inside its service */
  kind: 'ingress' | 'service' | 'version' | 'unknown';
  label: string;
  namespace: string;
  service?: string;
  version?: string;
  workload?: string;
  /** for version nodes: the id of the service node grouping it */
  parent?: string;
  health: Health;
  /** inbound traffic of this node */
  traffic: TrafficFigures;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  health: Health;
  traffic: TrafficFigures;
  /** share of the source's outbound requests going over this edge, 0..1 */
  share: number | null;
}

export interface TopologyView {
  namespace: string;
  app?: string;
  window: TimeWindow;
  /** ISO time of the query */
  queriedAt: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** true when asked with latency=skip: every p50/p95/p99 is null because it was not queried, not for lack of traffic */
  latencyOmitted?: true;
}

export interface SeriesPoint {
  /** unix seconds */
  t: number;
  v: number | null;
}

export interface VersionSeries {
  version: string;
  requestRate: SeriesPoint[];
  successRate: SeriesPoint[];
  p50Ms: SeriesPoint[];
  p95Ms: SeriesPoint[];
  p99Ms: SeriesPoint[];
  /** figures over the whole window */
  summary: TrafficFigures;
}

export interface ServiceMetricsView {
  namespace: string;
  service: string;
  window: TimeWindow;
  stepSeconds: number;
  versions: VersionSeries[];
  /** the PromQL issued, with labels resolved, so users can reproduce the numbers */
  queries: string[];
}

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  operation: string;
  service: string;
  /** istio.canonical_revision */
  version: string | null;
  pod: string | null;
  /** µs since epoch */
  startTime: number;
  /** µs */
  duration: number;
  statusCode: number | null;
  url: string | null;
  kind: 'client' | 'server' | null;
  error: boolean;
  onCriticalPath: boolean;
  tags: { key: string; value: string | number | boolean }[];
}

export interface TraceSummary {
  traceId: string;
  /** µs since epoch */
  startTime: number;
  /** µs */
  duration: number;
  spanCount: number;
  errorCount: number;
  rootService: string;
  rootOperation: string;
  /** `service@version` touched by the trace */
  versions: string[];
}

export interface TraceDetail extends TraceSummary {
  spans: SpanView[];
}
