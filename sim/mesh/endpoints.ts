/**
 * Endpoint selection for a routed destination: the Service's selector plus the DestinationRule
 * subset's labels pick the pods, ready ones receive requests round-robin. A subset missing from
 * the DestinationRule is an unknown cluster (503 `NC`); no ready pods is 503 `UH`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
import { hostMatches } from './hosts';
import { isExportedTo, type DestinationRuleView, type MeshState, type PodView, type ServiceView } from './mesh-state';
import type { ResolvedDestination } from './router';

export type EndpointResult =
  | { kind: 'ok'; service: ServiceView; pod: PodView; cluster: string; port: number }
  | { kind: 'no-cluster'; service?: ServiceView; cluster: string }
  | { kind: 'no-healthy-upstream'; service: ServiceView; cluster: string; port: number };

/** Envoy's cluster name for a destination. @see https://istio.io/latest/docs/ops/diagnostic-tools/proxy-cmd/ */
export function clusterName(port: number, subset: string | undefined, host: string): string {
  return `outbound|${port}|${subset ?? ''}|${host}`;
}

/**
 * The DestinationRule a caller applies to a host: the caller's namespace first, then the
 * service's namespace, then any other; exact host over wildcard.
 * @see https://istio.io/latest/docs/ops/best-practices/traffic-management/#cross-namespace-configuration
 */
export function findDestinationRule(state: MeshState, host: string, callerNamespace: string, serviceNamespace?: string): DestinationRuleView | undefined {
  let best: DestinationRuleView | undefined;
  let bestScore = 0;
  for (const dr of state.destinationRules) {
    if (!hostMatches(dr.host, host)) continue;
    if (!isExportedTo(dr.exportTo, dr.namespace, callerNamespace)) continue;
    let score = dr.host === host ? 4 : 1;
    if (dr.namespace === callerNamespace) score += 2;
    else if (dr.namespace === serviceNamespace) score += 1;
    if (score > bestScore) {
      best = dr;
      bestScore = score;
    }
  }
  return best;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

// Member lists are derived once per snapshot and cluster: routing then costs a map lookup.
const memberCache = new WeakMap<MeshState, Map<string, PodView[]>>();

function readyMembers(state: MeshState, service: ServiceView, subsetLabels: Record<string, string> | undefined, cluster: string): PodView[] {
  let byCluster = memberCache.get(state);
  if (!byCluster) memberCache.set(state, (byCluster = new Map()));
  let members = byCluster.get(cluster);
  if (!members) {
    const selector = service.selector;
    members = selector
      ? state.pods.filter((p) => p.ready && p.namespace === service.namespace && selects(selector, p.labels) && (!subsetLabels || selects(subsetLabels, p.labels)))
      : [];
    byCluster.set(cluster, members);
  }
  return members;
}

/**
 * Resolves a destination to a ready pod (round-robin through `counters`).
 * @see https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#weighted-round-robin
 */
export function selectEndpoint(state: MeshState, dest: ResolvedDestination, callerNamespace: string, counters: Map<string, number>): EndpointResult {
  const service = state.services.get(dest.host);
  const port = dest.port ?? service?.ports[0] ?? 80;
  const cluster = clusterName(port, dest.subset, dest.host);
  if (!service) return { kind: 'no-cluster', cluster };
  let subsetLabels: Record<string, string> | undefined;
  if (dest.subset) {
    const dr = findDestinationRule(state, dest.host, callerNamespace, service.namespace);
    const subset = dr?.subsets.find((s) => s.name === dest.subset);
    if (!subset) return { kind: 'no-cluster', service, cluster };
    subsetLabels = subset.labels ?? {};
  }
  const members = readyMembers(state, service, subsetLabels, cluster);
  if (members.length === 0) return { kind: 'no-healthy-upstream', service, cluster, port };
  const n = counters.get(cluster) ?? 0;
  counters.set(cluster, n + 1);
  return { kind: 'ok', service, pod: members[n % members.length]!, cluster, port };
}
