/**
 * Turns one proxied request into what Istio's proxies emit: a metric report per reporter and a
 * client or server span with Istio's tags.
 * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/
 */
import { UNKNOWN_PEER, type PeerLabels, type RequestReport } from '../telemetry/istio-metrics';
import { boolTag, stringTag, type KeyValue, type RecordedSpan } from '../telemetry/jaeger-model';
import { CLUSTER_DOMAIN, parseServiceFqdn } from './hosts';
import type { WorkloadIdentity } from './workload';

/** What one hop looked like, from either side. */
export interface HopRecord {
  source: WorkloadIdentity;
  /** undefined when no pod was reached (NC, UH, NR, fault abort) */
  destination?: WorkloadIdentity;
  /** FQDN of the destination service, or the requested host */
  destinationHost: string;
  port: number;
  cluster: string;
  method: string;
  url: string;
  status: number;
  flags: string;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
  userAgent?: string;
  requestId?: string;
}

function peer(id: WorkloadIdentity | undefined): PeerLabels {
  if (!id) return UNKNOWN_PEER;
  return id;
}

/**
 * The metric report one reporter makes for a hop; the destination service labels come from the
 * cluster (so they are known even when no pod answered).
 * @see https://istio.io/latest/docs/reference/config/metrics/#labels
 */
export function hopReport(h: HopRecord, reporter: 'source' | 'destination'): RequestReport {
  const svc = parseServiceFqdn(h.destinationHost);
  return {
    reporter,
    source: peer(h.source),
    destination: peer(h.destination),
    destinationService: h.destinationHost || 'unknown',
    destinationServiceName: svc?.name ?? 'unknown',
    destinationServiceNamespace: svc?.namespace ?? 'unknown',
    responseCode: h.status,
    responseFlags: h.flags || '-',
    // Only the destination proxy terminates mTLS, so only it knows the policy.
    connectionSecurityPolicy: reporter === 'destination' ? 'mutual_tls' : 'unknown',
    durationMs: h.durationMs,
    requestBytes: h.requestBytes,
    responseBytes: h.responseBytes,
  };
}

/** Envoy's node id of a proxy. @see https://istio.io/latest/docs/ops/diagnostic-tools/proxy-cmd/ */
export function nodeId(id: WorkloadIdentity, gateway: boolean): string {
  return `${gateway ? 'router' : 'sidecar'}~${id.ip}~${id.pod}.${id.workloadNamespace}~${id.workloadNamespace}.svc.${CLUSTER_DOMAIN}`;
}

function proxyTags(id: WorkloadIdentity, gateway: boolean): KeyValue[] {
  return [
    stringTag('istio.canonical_revision', id.canonicalRevision),
    stringTag('istio.canonical_service', id.canonicalService),
    stringTag('istio.mesh_id', CLUSTER_DOMAIN),
    stringTag('istio.namespace', id.workloadNamespace),
    stringTag('node_id', nodeId(id, gateway)),
  ];
}

/** Tags common to both sides of a hop, as Envoy's tracer sets them. */
function hopTags(h: HopRecord, kind: 'client' | 'server', peerAddress: string): KeyValue[] {
  const tags: KeyValue[] = [
    stringTag('component', 'proxy'),
    stringTag('downstream_cluster', '-'),
    stringTag('guid:x-request-id', h.requestId ?? ''),
    stringTag('http.method', h.method),
    stringTag('http.protocol', 'HTTP/1.1'),
    // Envoy reports every tag as a string (Zipkin model), the status code included
    stringTag('http.status_code', String(h.status)),
    stringTag('http.url', h.url),
    stringTag('peer.address', peerAddress),
    stringTag('request_size', String(h.requestBytes)),
    stringTag('response_flags', h.flags || '-'),
    stringTag('response_size', String(h.responseBytes)),
    stringTag('span.kind', kind),
    stringTag('upstream_cluster', kind === 'client' ? h.cluster : `inbound|${h.port}||`),
    stringTag('upstream_cluster.name', kind === 'client' ? h.cluster : `inbound|${h.port}||`),
    stringTag('user_agent', h.userAgent ?? '-'),
  ];
  if (h.status >= 500 || h.status === 0) tags.push(boolTag('error', true));
  return tags;
}

/** Operation name Istio gives both spans of a hop. @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/overview/ */
export function operationName(host: string, port: number): string {
  return `${host}:${port}/*`;
}

const processTagCache = new WeakMap<WorkloadIdentity, KeyValue[]>();

function processTags(id: WorkloadIdentity): KeyValue[] {
  let tags = processTagCache.get(id);
  if (!tags) processTagCache.set(id, (tags = [stringTag('hostname', id.pod), stringTag('ip', id.ip)]));
  return tags;
}

/**
 * A finished span for one side of a hop. Tags are derived on read from the hop record: a full
 * trace store holds ~50,000 spans, and twenty tag objects each would make every GC walk a
 * million objects.
 * @see https://www.jaegertracing.io/docs/latest/apis/
 */
export function hopSpan(
  h: HopRecord,
  kind: 'client' | 'server',
  ids: { traceId: string; spanId: string; parentSpanId?: string; startUs: number; gateway: boolean },
): RecordedSpan {
  const self = kind === 'client' ? h.source : h.destination!;
  const gateway = kind === 'client' && ids.gateway;
  return {
    traceId: ids.traceId,
    spanId: ids.spanId,
    parentSpanId: ids.parentSpanId,
    operationName: operationName(h.destinationHost, h.port),
    startTime: ids.startUs,
    duration: Math.max(1, Math.round(h.durationMs * 1000)),
    kind,
    serviceName: self.traceService,
    processTags: processTags(self),
    get tags() {
      const other = kind === 'client' ? h.destination : h.source;
      return [...hopTags(h, kind, other?.ip ?? '-'), ...proxyTags(self, gateway)];
    },
  };
}
