/**
 * Route selection as an Istio sidecar or gateway does it: the VirtualService for the host, its first
 * matching http rule, a weighted destination, mirrors, fault and timeout. Pure: randomness comes
 * from the injected `random`, so tests are deterministic.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import { parseGoDuration } from '../telemetry/go-duration';
import { hostMatches, resolveHost, stripPort } from './hosts';
import type { Destination, Headers, HTTPRoute, HTTPRouteDestination, Percent } from './istio-types';
import { matchAny, type RouteCaller, type RouteRequest } from './match';
import { isExportedTo, type MeshState, type VirtualServiceView } from './mesh-state';

export type Random = () => number;

export interface ResolvedDestination {
  /** FQDN */
  host: string;
  subset?: string;
  port?: number;
  headers?: Headers;
}

export type RouteDecision =
  | {
      kind: 'forward';
      destination: ResolvedDestination;
      /** mirrors that won their percentage roll for this request */
      mirrors: ResolvedDestination[];
      delayMs?: number;
      abortStatus?: number;
      timeoutMs?: number;
      headers?: Headers;
      rewrite?: HTTPRoute['rewrite'];
      virtualService?: { name: string; namespace: string };
      routeName?: string;
    }
  | { kind: 'direct'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'no-route'; host: string };

function hostScore(vs: VirtualServiceView, fqdn: string, authority: string): number {
  let best = 0;
  for (const h of vs.hosts) {
    if (h === fqdn || h === authority) return 2;
    if (hostMatches(h, fqdn) || hostMatches(h, authority)) best = 1;
  }
  return best;
}

/**
 * The VirtualService a caller applies to a host: bound to the caller's gateway (or `mesh`),
 * exported to its namespace, exact host over wildcard, the caller's namespace first, then oldest.
 * @see https://istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services
 */
export function findVirtualService(state: MeshState, fqdn: string, authority: string, caller: RouteCaller): VirtualServiceView | undefined {
  const binding = caller.gateway ?? 'mesh';
  let best: VirtualServiceView | undefined;
  let bestScore = 0;
  for (const vs of state.virtualServices) {
    if (!vs.gateways.includes(binding)) continue;
    if (!caller.gateway && !isExportedTo(vs.exportTo, vs.namespace, caller.namespace)) continue;
    let score = hostScore(vs, fqdn, authority) * 2;
    if (score === 0) continue;
    if (vs.namespace === caller.namespace) score += 1;
    // strictly greater: the list is sorted oldest first, so ties keep the oldest
    if (score > bestScore) {
      best = vs;
      bestScore = score;
    }
  }
  return best;
}

/** A percentage as Istio reads it (`percentage.value`, else the legacy integer, else 100). @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Percent */
export function percentOf(p: Percent | undefined, legacy?: number): number {
  if (p && typeof p.value === 'number') return p.value;
  if (typeof legacy === 'number') return legacy;
  return 100;
}

function rolls(random: Random, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return random() * 100 < percent;
}

/**
 * Picks one destination by weight. A lone destination without weight gets 100; with several,
 * a missing weight is 0. @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export function pickWeighted(route: HTTPRouteDestination[], random: Random): HTTPRouteDestination | undefined {
  if (route.length === 0) return undefined;
  if (route.length === 1) return route[0];
  let total = 0;
  for (const d of route) total += Math.max(0, d.weight ?? 0);
  if (total <= 0) return route[0];
  let r = random() * total;
  for (const d of route) {
    const w = Math.max(0, d.weight ?? 0);
    if (r < w) return d;
    r -= w;
  }
  return route[route.length - 1];
}

function resolveDestination(d: Destination, namespace: string, headers?: Headers): ResolvedDestination {
  return { host: resolveHost(d.host, namespace), subset: d.subset || undefined, port: d.port?.number, headers };
}

function mirrorsOf(rule: HTTPRoute, namespace: string, random: Random): ResolvedDestination[] {
  const out: ResolvedDestination[] = [];
  if (rule.mirror && rolls(random, percentOf(rule.mirrorPercentage, rule.mirrorPercent))) out.push(resolveDestination(rule.mirror, namespace));
  for (const m of rule.mirrors ?? []) if (rolls(random, percentOf(m.percentage))) out.push(resolveDestination(m.destination, namespace));
  return out;
}

/**
 * Decides where one request goes (before endpoint selection). Without a VirtualService the
 * request goes to the Service named by its host; a VirtualService without a matching rule is a
 * 404 `NR`, as Envoy answers when no route matches.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function routeRequest(state: MeshState, caller: RouteCaller, req: RouteRequest, random: Random): RouteDecision {
  const authority = stripPort(req.authority).toLowerCase();
  const fqdn = resolveHost(authority, caller.namespace);
  const vs = findVirtualService(state, fqdn, authority, caller);
  if (!vs) {
    if (caller.gateway || !state.services.has(fqdn)) return { kind: 'no-route', host: fqdn };
    return { kind: 'forward', destination: { host: fqdn, port: req.port }, mirrors: [] };
  }
  for (const rule of vs.http) {
    if (!matchAny(rule.match, req, caller)) continue;
    if (rule.directResponse) {
      const body = rule.directResponse.body?.string ?? (rule.directResponse.body?.bytes ? Buffer.from(rule.directResponse.body.bytes, 'base64').toString() : '');
      return { kind: 'direct', status: rule.directResponse.status, body, headers: {} };
    }
    if (rule.redirect) {
      const authorityOut = rule.redirect.authority ?? req.authority;
      const location = `${rule.redirect.scheme ?? 'http'}://${authorityOut}${rule.redirect.uri ?? req.path}`;
      return { kind: 'direct', status: rule.redirect.redirectCode ?? 301, body: '', headers: { location } };
    }
    const picked = pickWeighted(rule.route ?? [], random);
    if (!picked) continue;
    const fault = rule.fault;
    const delayMs =
      fault?.delay && rolls(random, percentOf(fault.delay.percentage, fault.delay.percent)) ? parseGoDuration(fault.delay.fixedDelay) : undefined;
    const abortStatus = fault?.abort?.httpStatus && rolls(random, percentOf(fault.abort.percentage)) ? fault.abort.httpStatus : undefined;
    const timeoutMs = parseGoDuration(rule.timeout);
    return {
      kind: 'forward',
      destination: resolveDestination(picked.destination, vs.namespace, picked.headers),
      mirrors: mirrorsOf(rule, vs.namespace, random),
      delayMs,
      abortStatus,
      // 0s means "no timeout" in Istio
      timeoutMs: timeoutMs ? timeoutMs : undefined,
      headers: rule.headers,
      rewrite: rule.rewrite,
      virtualService: { name: vs.name, namespace: vs.namespace },
      routeName: rule.name,
    };
  }
  return { kind: 'no-route', host: fqdn };
}
