/**
 * Writes the release's routes into a VirtualService, adopting an existing one instead of
 * clobbering it:
 * - routes of other releases/hosts, gateways, tcp/tls sections and every other field are kept;
 * - the release's own routes (name prefix `graylane-<release>-`) are regenerated in place, keeping
 *   their unmanaged fields (timeout, retries, fault, headers, corsPolicy, rewrite...);
 * - on first adoption, a catch-all route to this Service (no match, or only a `port` match) is
 *   replaced by the managed routes, which inherit its unmanaged fields, so the Service's timeouts,
 *   retries and fault injection survive the release.
 * Managed fields of a route are its name, match, route, mirror and mirrorPercentage.
 */

import { canonicalJson, clone, fnv1a } from './clone';
import { isManagedRoute, MANAGED_BY_LABEL, MANAGED_BY_VALUE, RELEASE_LABEL, ROUTES_ANNOTATION, ROUTES_HASH_ANNOTATION } from './managed';
import { ISTIO_API_VERSION, type HTTPRoute, type VirtualService } from './types';

/** Fields of an HTTPRoute the release writes; everything else on a route belongs to its author. */
export const MANAGED_ROUTE_FIELDS = ['name', 'match', 'route', 'mirror', 'mirrorPercentage', 'mirror_percent', 'mirrors'] as const;
/** Route kinds that do not forward to destinations and so are never adopted. */
const NON_FORWARDING = ['redirect', 'directResponse', 'delegate'];

/** Whether `host` names the Service (short name, `name.ns`, `name.ns.svc[.<domain>]`). See https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination */
export function isServiceHost(host: string, serviceName: string, namespace: string | undefined): boolean {
  if (host === serviceName) return true;
  if (!namespace) return false;
  return host === `${serviceName}.${namespace}` || host === `${serviceName}.${namespace}.svc` || host.startsWith(`${serviceName}.${namespace}.svc.`);
}

/** The route's unmanaged fields (timeout, retries, fault, headers...). See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function unmanagedFields(route: HTTPRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(route)) if (!(MANAGED_ROUTE_FIELDS as readonly string[]).includes(k)) out[k] = clone(v);
  return out;
}

/** The part of a route the release owns (for drift detection and hashing). See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function managedPart(route: HTTPRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of MANAGED_ROUTE_FIELDS) if (route[k] !== undefined) out[k] = route[k];
  return out;
}

/** Fingerprint of managed routes, stored on the VirtualService to detect manual edits. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function routesHash(routes: HTTPRoute[]): string {
  return fnv1a(canonicalJson(routes.map(managedPart)));
}

/** Which ports a catch-all route to the Service covers, or null when the route is not adoptable. */
function adoptablePorts(route: HTTPRoute, ctx: AdoptContext): 'all' | number[] | null {
  if (NON_FORWARDING.some((k) => route[k] !== undefined)) return null;
  if (!route.route?.length || !route.route.every((d) => isServiceHost(d.destination.host, ctx.serviceName, ctx.namespace))) return null;
  if (!route.match?.length) return 'all';
  const ports: number[] = [];
  for (const m of route.match) {
    const keys = Object.keys(m).filter((k) => k !== 'name');
    if (keys.length !== 1 || keys[0] !== 'port' || typeof m.port !== 'number') return null;
    ports.push(m.port);
  }
  return ports;
}

interface AdoptContext {
  releaseName: string;
  serviceName: string;
  namespace: string | undefined;
  ports: number[];
}

/** Port a managed route is for, from its `port` match (undefined: all ports). */
function routePort(route: HTTPRoute): number | undefined {
  return route.match?.find((m) => typeof m.port === 'number')?.port;
}

export interface MergeInput {
  releaseName: string;
  namespace: string | undefined;
  serviceName: string;
  ports: number[];
  managed: HTTPRoute[];
  existing: VirtualService | null | undefined;
}

/**
 * Merges freshly built managed routes into a new or existing VirtualService.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function mergeVirtualService(input: MergeInput): { virtualService: VirtualService; notes: string[] } {
  const { releaseName, serviceName, namespace, existing } = input;
  const notes: string[] = [];
  const ctx: AdoptContext = { releaseName, serviceName, namespace, ports: input.ports };
  const previous = existing ? clone(existing) : null;
  const oldRoutes = previous?.spec.http ?? [];

  // Unmanaged fields per port, from our previous routes first, else from an adopted catch-all.
  const inheritedByName = new Map<string, Record<string, unknown>>();
  const inheritedByPort = new Map<number | 'all', Record<string, unknown>>();
  let insertAt = -1;
  const kept: HTTPRoute[] = [];
  for (const route of oldRoutes) {
    if (isManagedRoute(route, releaseName)) {
      if (insertAt < 0) insertAt = kept.length;
      const fields = unmanagedFields(route);
      inheritedByName.set(route.name as string, fields);
      const key = routePort(route) ?? 'all';
      if (route.name?.endsWith('-default') || !inheritedByPort.has(key)) inheritedByPort.set(key, fields);
      continue;
    }
    const ports = adoptablePorts(route, ctx);
    const coversOurs = ports === 'all' || (ports !== null && ports.some((p) => ctx.ports.includes(p)));
    if (coversOurs && !oldRoutes.some((r) => isManagedRoute(r, releaseName))) {
      if (insertAt < 0) insertAt = kept.length;
      const fields = unmanagedFields(route);
      for (const p of ports === 'all' ? ['all' as const] : ports) if (!inheritedByPort.has(p)) inheritedByPort.set(p, fields);
      notes.push(`adopted route ${route.name ? `"${route.name}"` : `#${oldRoutes.indexOf(route)}`} of VirtualService ${previous?.metadata.name}; its ${Object.keys(fields).join(', ') || 'settings'} are kept on the release's routes`);
      continue;
    }
    kept.push(route);
  }
  if (insertAt < 0) {
    // Before the first unmanaged catch-all, which would otherwise shadow our routes.
    const catchAll = kept.findIndex((r) => !r.match?.length);
    insertAt = catchAll >= 0 ? catchAll : kept.length;
    if (catchAll >= 0) notes.push(`the release's routes are placed before catch-all route #${catchAll} of VirtualService ${previous?.metadata.name}`);
  }

  const managed = input.managed.map((route) => {
    const port = routePort(route);
    const inherited =
      inheritedByName.get(route.name as string) ??
      inheritedByPort.get(port ?? 'all') ??
      inheritedByPort.get('all') ??
      // A single-port Service's routes carry no port match; a port-specific catch-all still applies.
      (ctx.ports.length === 1 ? inheritedByPort.get(ctx.ports[0]) : undefined) ??
      {};
    return { ...route, ...clone(inherited) };
  });
  const http = [...kept.slice(0, insertAt), ...managed, ...kept.slice(insertAt)];

  const annotations = { ...(previous?.metadata.annotations ?? {}), [ROUTES_ANNOTATION]: releaseName, [ROUTES_HASH_ANNOTATION]: routesHash(managed) };
  if (previous) {
    const hosts = previous.spec.hosts ?? [];
    const hasHost = hosts.some((h) => isServiceHost(h, serviceName, namespace));
    const gateways = previous.spec.gateways;
    if (gateways?.length && !gateways.includes('mesh')) {
      notes.push(`VirtualService ${previous.metadata.name} is bound to gateways ${gateways.join(', ')} only: its routes do not apply to in-mesh traffic`);
    }
    return {
      virtualService: {
        ...previous,
        metadata: { ...previous.metadata, annotations },
        spec: { ...previous.spec, hosts: hasHost ? hosts : [...hosts, serviceName], http },
      },
      notes,
    };
  }
  return {
    virtualService: {
      apiVersion: ISTIO_API_VERSION,
      kind: 'VirtualService',
      metadata: {
        name: serviceName,
        ...(namespace ? { namespace } : {}),
        labels: { [RELEASE_LABEL]: releaseName, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
        annotations,
      },
      spec: { hosts: [serviceName], http },
    },
    notes,
  };
}
