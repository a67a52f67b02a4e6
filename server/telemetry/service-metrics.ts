import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { ServiceMetricsView, TimeWindow } from '@/lib/api/telemetry-types';
import {
  chartRateSeconds,
  defaultStepSeconds,
  errorRateByVersion,
  latencyByVersion,
  MAX_POINTS,
  queryRange,
  requestRateByVersion,
  requestRateByVersionAndCode,
  validated,
  windowSeconds,
} from '@/lib/telemetry/promql';
import { buildServiceMetrics } from '@/lib/telemetry/service-metrics';
import { canonicalRevision } from '@/lib/telemetry/topology';
import { deploymentsOfService } from '@/lib/api/view-models';
import type { KubeDeployment, KubeService } from '@/lib/api/kube-shapes';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { isNotFound } from '../kube/not-found';
import { cachedWorkloads } from './inventory';
import { prometheusFromEnv, type PrometheusClient } from './prometheus-client';

export interface ServiceMetricsDeps {
  prometheus?: PrometheusClient;
  clients?: KubeClients;
  now?: () => number;
}

/**
 * The Service's versions as canonical revisions; 404 when the Service does not exist. Read from the
 * in-process controller's watch caches when they hold the Service (every job card asks every 10 s;
 * see inventory.ts), else from the API (which also answers the 404).
 */
export async function knownVersions(ns: string, service: string, clients: KubeClients): Promise<string[]> {
  const cached = cachedWorkloads(ns);
  const cachedService = cached?.services.find((s) => s.metadata?.name === service);
  const [svc, deployments] = cached && cachedService ? [cachedService, cached.deployments] : await serviceWithDeployments(ns, service, clients);
  return deploymentsOfService(svc, deployments).map((d) => canonicalRevision(d.spec?.template?.metadata?.labels));
}

/** The Service and the namespace's Deployments from the API; 404 when the Service does not exist. */
async function serviceWithDeployments(ns: string, service: string, clients: KubeClients): Promise<[KubeService, KubeDeployment[]]> {
  try {
    const [svc, deployments] = await Promise.all([
      kubeCall(clients, (c) => c.core.readNamespacedService({ namespace: ns, name: service })),
      kubeCall(clients, (c) => c.apps.listNamespacedDeployment({ namespace: ns })),
    ]);
    return [svc, deployments.items];
  } catch (err) {
    if (isNotFound(err)) throw new AppError('not_found', `service ${service} not found in project ${ns}`);
    throw err;
  }
}

/**
 * GET /api/projects/{ns}/metrics: per-version request rate, success rate and p50/p95/p99 over the
 * window (three range queries), plus summary figures over the whole window (two instant
 * queries). Chart points use a rate interval of max(30 s, step) so a point always spans two
 * scrapes; summaries use the window itself.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries
 */
export async function getServiceMetrics(
  ns: string,
  opts: { service: string; window: TimeWindow; step?: number },
  deps: ServiceMetricsDeps = {},
): Promise<ServiceMetricsView> {
  validated('ns', ns);
  validated('service', opts.service);
  const step = opts.step ?? defaultStepSeconds(opts.window);
  if (windowSeconds(opts.window) / step > MAX_POINTS) {
    throw new AppError('bad_request', `invalid step: at most ${MAX_POINTS} points per series (window ${opts.window})`, { fields: [{ field: 'step', message: `too small for window ${opts.window}` }] });
  }
  const prometheus = deps.prometheus ?? prometheusFromEnv();
  const now = (deps.now ?? Date.now)();
  const range = queryRange(opts.window, step, now);
  const rateS = chartRateSeconds(step);
  const winS = windowSeconds(opts.window);
  const q = {
    requests: requestRateByVersion(ns, opts.service, rateS),
    errors: errorRateByVersion(ns, opts.service, rateS),
    latency: latencyByVersion(ns, opts.service, rateS),
    summary: requestRateByVersionAndCode(ns, opts.service, winS),
    summaryLatency: latencyByVersion(ns, opts.service, winS),
  };
  const [versions, requestSeries, errorSeries, latencySeries, summaryByCode, summaryLatency] = await Promise.all([
    knownVersions(ns, opts.service, deps.clients ?? getKubeClients()),
    prometheus.queryRange(q.requests, range.start, range.end, range.step),
    prometheus.queryRange(q.errors, range.start, range.end, range.step),
    prometheus.queryRange(q.latency, range.start, range.end, range.step),
    prometheus.query(q.summary, now / 1000),
    prometheus.query(q.summaryLatency, now / 1000),
  ]);
  return buildServiceMetrics({
    namespace: ns,
    service: opts.service,
    window: opts.window,
    range,
    knownVersions: versions,
    queries: Object.values(q),
    requestSeries,
    errorSeries,
    latencySeries,
    summaryByCode,
    summaryLatency,
  });
}
