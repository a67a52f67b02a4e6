import 'server-only';
import type { TimeWindow, TopologyView } from '@/lib/api/telemetry-types';
import { topologyQueries, validated, windowSeconds } from '@/lib/telemetry/promql';
import { buildTopology, type InventoryService } from '@/lib/telemetry/topology';
import { loadInventory } from './inventory';
import { prometheusFromEnv, type PrometheusClient } from './prometheus-client';

export interface TopologyDeps {
  prometheus?: PrometheusClient;
  /** the namespace's Services; default: read from the cluster */
  inventory?: (ns: string) => Promise<InventoryService[]>;
  now?: () => number;
}

/**
 * GET /api/projects/{ns}/topology: three instant queries for the whole namespace (requests by edge
 * and code, unreached requests, duration bucket rates by edge) and the Services, in parallel, then
 * joined in memory. The rate range is the window itself, as Kiali's "last N" selector does.
 * @see https://kiali.io/docs/features/topology/
 */
export async function getTopology(ns: string, opts: { window: TimeWindow; app?: string }, deps: TopologyDeps = {}): Promise<TopologyView> {
  validated('ns', ns);
  if (opts.app !== undefined) validated('app', opts.app, 'label-value');
  const prometheus = deps.prometheus ?? prometheusFromEnv();
  const now = (deps.now ?? Date.now)();
  const time = now / 1000;
  const q = topologyQueries(ns, windowSeconds(opts.window));
  // the largest answer first, so its transfer overlaps the smaller ones' parsing
  const [latencyBuckets, requests, unreached, services] = await Promise.all([
    prometheus.query(q.latencyBuckets, time),
    prometheus.query(q.requests, time),
    prometheus.query(q.unreached, time),
    (deps.inventory ?? loadInventory)(ns),
  ]);
  return buildTopology({
    namespace: ns,
    window: opts.window,
    app: opts.app,
    queriedAt: new Date(now).toISOString(),
    services,
    requests,
    unreached,
    latencyBuckets,
  });
}
