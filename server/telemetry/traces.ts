import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { TraceDetail, TraceSummary } from '@/lib/api/telemetry-types';
import { parseTraceDetail, parseTraceSummary, touchesVersion } from '@/lib/telemetry/jaeger-parse';
import { validated } from '@/lib/telemetry/promql';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { isNotFound } from '../kube/not-found';
import { jaegerFromEnv, type JaegerClient } from './jaeger-client';

export interface TraceDeps {
  jaeger?: JaegerClient;
  clients?: KubeClients;
  now?: () => number;
}

export interface TraceListOptions {
  service: string;
  version?: string;
  limit: number;
  /** µs since epoch */
  start?: number;
  end?: number;
}

/** Default search span when the caller gives no start: the last hour. */
const DEFAULT_LOOKBACK_US = 3600 * 1e6;

/**
 * The Jaeger service of a Kubernetes Service: Istio names it `<app>.<namespace>` after the pods'
 * `app` label, which the Service's selector usually carries; else the Service name is assumed.
 * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/overview/
 */
async function jaegerServiceName(ns: string, service: string, clients: KubeClients | undefined): Promise<string> {
  let app = service;
  try {
    const svc = await kubeCall(clients ?? getKubeClients(), (c) => c.core.readNamespacedService({ namespace: ns, name: service }));
    app = svc.spec?.selector?.app ?? service;
  } catch (err) {
    // traces of a deleted Service are still worth finding
    if (!isNotFound(err)) throw err;
  }
  return `${app}.${ns}`;
}

/**
 * GET /api/projects/{ns}/traces: recent traces through a Service, newest first. A version filter is
 * passed to Jaeger as the tag `istio.canonical_revision` and checked again here, because a tag
 * search matches a tag on any span of the service and backends differ in how they apply it.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal
 */
export async function listTraces(ns: string, opts: TraceListOptions, deps: TraceDeps = {}): Promise<{ items: TraceSummary[] }> {
  validated('ns', ns);
  validated('service', opts.service);
  if (opts.version !== undefined) validated('version', opts.version, 'label-value');
  const jaeger = deps.jaeger ?? jaegerFromEnv();
  const nowUs = (deps.now ?? Date.now)() * 1000;
  const end = opts.end ?? nowUs;
  const start = opts.start ?? end - DEFAULT_LOOKBACK_US;
  if (start >= end) throw new AppError('bad_request', 'invalid start: must be before end', { fields: [{ field: 'start', message: 'must be before end' }] });
  const serviceName = await jaegerServiceName(ns, opts.service, deps.clients);
  const traces = await jaeger.findTraces({
    service: serviceName,
    limit: opts.limit,
    start,
    end,
    tags: opts.version ? { 'istio.canonical_revision': opts.version } : undefined,
  });
  const short = serviceName.slice(0, -(ns.length + 1));
  let items = traces.map(parseTraceSummary);
  if (opts.version) items = items.filter((t) => touchesVersion(t, short, opts.version!));
  items.sort((a, b) => b.startTime - a.startTime);
  return { items: items.slice(0, opts.limit) };
}

/** GET /api/projects/{ns}/traces/{traceId}: one trace with spans and critical path; 404 when unknown. */
export async function getTrace(ns: string, traceId: string, deps: TraceDeps = {}): Promise<TraceDetail> {
  validated('ns', ns);
  const jaeger = deps.jaeger ?? jaegerFromEnv();
  const trace = await jaeger.getTrace(traceId.toLowerCase());
  if (!trace) throw new AppError('not_found', `trace ${traceId} not found (Jaeger keeps traces for a limited time)`);
  return parseTraceDetail(trace);
}
