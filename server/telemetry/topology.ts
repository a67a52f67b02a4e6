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
 * GET /api/projects/{ns}/topology: four instant queries for the whole namespace (requests by edge
 * and code, unreached requests, edge latency, node latency) and the Services, in parallel, then
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
  const [services, requests, unreached, edgeLatency, nodeLatency] = await Promise.all([
    (deps.inventory ?? loadInventory)(ns),
    prometheus.query(q.requests, time),
    prometheus.query(q.unreached, time),
    prometheus.query(q.edgeLatency, time),
    prometheus.query(q.nodeLatency, time),
  ]);
  return buildTopology({
    namespace: ns,
    window: opts.window,
    app: opts.app,
    queriedAt: new Date(now).toISOString(),
    services,
    requests,
    unreached,
    edgeLatency,
    nodeLatency,
  });
}
