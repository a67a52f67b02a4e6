/**
 * Istio's standard request metrics (`istio_requests_total`, `istio_request_duration_milliseconds`,
 * `istio_request_bytes`, `istio_response_bytes`) with their standard labels, so PromQL written for a
 * real mesh works unchanged against the embedded cluster.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
import {
  createCounter,
  createHistogram,
  incCounter,
  observeHistogram,
  renderFamilies,
  seriesKey,
  type CounterFamily,
  type HistogramFamily,
} from './prometheus-registry';

/** One side of a request as Istio's peer metadata describes it. */
export interface PeerLabels {
  workload: string;
  workloadNamespace: string;
  principal: string;
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  cluster: string;
}

/** What Envoy knows about an unidentified peer. */
export const UNKNOWN_PEER: Readonly<PeerLabels> = {
  workload: 'unknown',
  workloadNamespace: 'unknown',
  principal: 'unknown',
  app: 'unknown',
  version: 'unknown',
  canonicalService: 'unknown',
  canonicalRevision: 'latest',
  cluster: 'unknown',
};

/** One request as reported by one proxy (the source or the destination sidecar). */
export interface RequestReport {
  reporter: 'source' | 'destination';
  source: PeerLabels;
  destination: PeerLabels;
  /** FQDN, e.g. `reviews.demo.svc.cluster.local` */
  destinationService: string;
  destinationServiceName: string;
  destinationServiceNamespace: string;
  responseCode: number;
  /** Envoy response flags, `-` when none */
  responseFlags: string;
  connectionSecurityPolicy: 'mutual_tls' | 'unknown' | 'none';
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
}

/** Standard label names, in exposition order. */
export const ISTIO_LABEL_NAMES: readonly string[] = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
];

export interface IstioMetrics {
  requests: CounterFamily;
  duration: HistogramFamily;
  requestBytes: HistogramFamily;
  responseBytes: HistogramFamily;
}

/** Creates empty Istio standard metric families. @see https://istio.io/latest/docs/reference/config/metrics/#metrics */
export function createIstioMetrics(): IstioMetrics {
  return {
    requests: createCounter('istio_requests_total', 'Total requests.', ISTIO_LABEL_NAMES),
    duration: createHistogram('istio_request_duration_milliseconds', 'Duration of requests in milliseconds.', ISTIO_LABEL_NAMES),
    requestBytes: createHistogram('istio_request_bytes', 'Sizes of requests in bytes.', ISTIO_LABEL_NAMES),
    responseBytes: createHistogram('istio_response_bytes', 'Sizes of responses in bytes.', ISTIO_LABEL_NAMES),
  };
}

/** The label values of a report, in `ISTIO_LABEL_NAMES` order. @see https://istio.io/latest/docs/reference/config/metrics/#labels */
export function reportLabelValues(r: RequestReport): string[] {
  const s = r.source;
  const d = r.destination;
  return [
    r.reporter,
    s.workload,
    s.workloadNamespace,
    s.principal,
    s.app,
    s.version,
    s.canonicalService,
    s.canonicalRevision,
    s.cluster,
    d.workload,
    d.workloadNamespace,
    d.principal,
    d.app,
    d.version,
    r.destinationService,
    r.destinationServiceName,
    r.destinationServiceNamespace,
    d.canonicalService,
    d.canonicalRevision,
    d.cluster,
    'http',
    String(r.responseCode),
    // Istio leaves it empty for plain HTTP
    '',
    r.responseFlags || '-',
    r.connectionSecurityPolicy,
  ];
}

/** Records one report into all four families. @see https://istio.io/latest/docs/reference/config/metrics/#labels */
export function recordRequest(m: IstioMetrics, r: RequestReport): void {
  const values = reportLabelValues(r);
  const key = seriesKey(values);
  incCounter(m.requests, values, 1, key);
  observeHistogram(m.duration, values, r.durationMs, key);
  observeHistogram(m.requestBytes, values, r.requestBytes, key);
  observeHistogram(m.responseBytes, values, r.responseBytes, key);
}

/** The `/metrics` body. @see https://prometheus.io/docs/instrumenting/exposition_formats/ */
export function renderIstioMetrics(m: IstioMetrics): string {
  return renderFamilies([m.requests, m.duration, m.requestBytes, m.responseBytes]);
}
