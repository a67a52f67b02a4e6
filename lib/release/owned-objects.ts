/**
 * Which VirtualService and DestinationRule carry a job's routes: the one rule the controller
 * (server/controller/world.ts, what it writes) and the release API (server/releases, what it shows
 * and validates against) share, so the console never describes an object the controller does not
 * manage. Among the objects for the Service's host, the one already marked as the job's
 * (`graylane.io/managed-routes`), else the one named after the Service, else the first by name.
 */
import { isGatewayOnly, routesToService } from './gateway-routes';
import { ROUTES_ANNOTATION } from './managed';
import type { DestinationRule, VirtualService } from './types';
import { isServiceHost } from './virtual-service';

/** The job and the Service whose routes it manages. */
export interface OwnedObjectsTarget {
  releaseName: string;
  serviceName: string;
  namespace: string;
}

const byName = <T extends { metadata: { name: string } }>(a: T, b: T) => a.metadata.name.localeCompare(b.metadata.name);

/**
 * The VirtualService routing the Service inside the mesh. Gateway-only ones (bound to gateways that
 * do not include `mesh`) do not route mesh traffic and are never the job's.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways
 */
export function ownedVirtualService(all: readonly VirtualService[], t: OwnedObjectsTarget): VirtualService | null {
  const candidates = all
    .filter((vs) => (vs.spec?.hosts ?? []).some((h) => isServiceHost(h, t.serviceName, t.namespace)))
    .filter((vs) => !vs.spec.gateways?.length || vs.spec.gateways.includes('mesh'))
    .sort(byName);
  return (
    candidates.find((vs) => vs.metadata.annotations?.[ROUTES_ANNOTATION] === t.releaseName) ??
    candidates.find((vs) => vs.metadata.name === t.serviceName) ??
    candidates[0] ??
    null
  );
}

/**
 * The DestinationRule for the Service's host, preferring one named after the Service.
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export function ownedDestinationRule(all: readonly DestinationRule[], t: Omit<OwnedObjectsTarget, 'releaseName'>): DestinationRule | null {
  const candidates = all.filter((dr) => isServiceHost(dr.spec?.host ?? '', t.serviceName, t.namespace)).sort(byName);
  return candidates.find((dr) => dr.metadata.name === t.serviceName) ?? candidates[0] ?? null;
}

/**
 * The gateway-only VirtualServices whose routes to the Service the job governs (ingress traffic,
 * lib/release/gateway-routes.ts): those routing to the Service or already carrying the job's
 * routes, by name. https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways
 */
export function ownedGatewayVirtualServices(all: readonly VirtualService[], t: OwnedObjectsTarget): VirtualService[] {
  return all
    .filter(isGatewayOnly)
    .filter((vs) => vs.metadata.annotations?.[ROUTES_ANNOTATION] === t.releaseName || routesToService(vs, t.serviceName, t.namespace))
    .sort(byName);
}
