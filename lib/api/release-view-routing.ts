/**
 * Which VirtualService and DestinationRule carry a job's routes, by the same rule the controller
 * uses (server/controller/world.ts findVirtualService/findDestinationRule; keep them in step):
 * among those for the Service's host (VirtualServices bound to gateways other than `mesh` do not
 * route mesh traffic), the one already marked as the job's, else the one named after the Service,
 * else the first by name.
 */
import { ROUTES_ANNOTATION } from '../release/managed';
import type { DestinationRule, VirtualService } from '../release/types';
import { isServiceHost } from '../release/virtual-service';

export interface RoutingTarget {
  releaseName: string;
  serviceName: string;
  namespace: string;
}

function byName<T extends { metadata: { name: string } }>(a: T, b: T): number {
  return a.metadata.name.localeCompare(b.metadata.name);
}

/** The VirtualService routing a job's Service in the mesh. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways */
export function pickVirtualService(list: VirtualService[], t: RoutingTarget): VirtualService | null {
  const candidates = list
    .filter((vs) => (vs.spec.hosts ?? []).some((h) => isServiceHost(h, t.serviceName, t.namespace)))
    .filter((vs) => !vs.spec.gateways?.length || vs.spec.gateways.includes('mesh'))
    .sort(byName);
  return (
    candidates.find((vs) => vs.metadata.annotations?.[ROUTES_ANNOTATION] === t.releaseName) ??
    candidates.find((vs) => vs.metadata.name === t.serviceName) ??
    candidates[0] ??
    null
  );
}

/** The DestinationRule for the Service's host, preferring one named after it. See https://istio.io/latest/docs/reference/config/networking/destination-rule/ */
export function pickDestinationRule(list: DestinationRule[], t: RoutingTarget): DestinationRule | null {
  const candidates = list.filter((dr) => isServiceHost(dr.spec.host, t.serviceName, t.namespace)).sort(byName);
  return candidates.find((dr) => dr.metadata.name === t.serviceName) ?? candidates[0] ?? null;
}
