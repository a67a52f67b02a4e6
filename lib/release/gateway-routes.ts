/**
 * Ingress traffic: VirtualServices bound only to gateways (spec.gateways without `mesh`).
 *
 * Istio applies such a VirtualService at the gateway only; the job's mesh VirtualService does not
 * govern what the gateway sends. A gateway route to the Service's host without a subset lets the
 * gateway balance over every pod the Service selects, the candidate's included (same selector),
 * so without this module ingress traffic would reach the candidate as soon as its pods are ready,
 * ignoring weights, conditions, mirror and take over.
 *
 * So every gateway route that forwards only to the Service (subset unset, or one of the job's two
 * subsets) is governed by the same routing plan as the mesh routes:
 * - its destinations become the plan's (all to one version, the weighted split, or the baseline
 *   plus a mirror), keeping each destination's host spelling and port;
 * - for a canary by content, one route per condition group is inserted before it, named
 *   `graylane-<job>-gw-r<k>-match-<i>`, whose match is the route's own match AND the group
 *   (every entry of the route's match combined with the group), sending to the candidate. These
 *   copies carry the route's other fields (rewrite, timeout, retries, headers...), so a request
 *   is treated as before apart from where it goes.
 * Routes to other hosts, mixed routes, redirects and direct responses are left alone (with a note
 * when they touch the Service). Level-based like the rest: copies are regenerated on every call and
 * a governed route is recognised again by its destinations, so the result does not depend on
 * what was written before.
 */

import { clone } from './clone';
import { isManagedRoute, managedRoutePrefix, ROUTES_ANNOTATION, ROUTES_HASH_ANNOTATION } from './managed';
import { compileMatchGroup } from './managed-routes';
import { subsetNameFor } from './names';
import type { RoutingPlan } from './routing-plan';
import type { Destination, GrayscaleReleaseSpec, HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, StringMatch, VirtualService } from './types';
import { isServiceHost, routesHash, unmanagedFields } from './virtual-service';

const NON_FORWARDING = ['redirect', 'directResponse', 'delegate'];

/** Whether a VirtualService applies only at gateways (so not to in-mesh traffic). See https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways */
export function isGatewayOnly(vs: VirtualService): boolean {
  const gateways = vs.spec.gateways ?? [];
  return gateways.length > 0 && !gateways.includes('mesh');
}

/** Whether a gateway-only VirtualService has an HTTP route with a destination on the Service. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination */
export function routesToService(vs: VirtualService, serviceName: string, namespace: string | undefined): boolean {
  return (vs.spec.http ?? []).some((r) => (r.route ?? []).some((d) => isServiceHost(d.destination.host, serviceName, vs.metadata.namespace ?? namespace)));
}

/** The name prefix of the condition copies a job inserts into gateway VirtualServices. */
export function gatewayRoutePrefix(releaseName: string): string {
  return `${managedRoutePrefix(releaseName)}gw-`;
}

function fullMatch(regex: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(value);
  } catch {
    return false;
  }
}

type Intersection = { kind: 'ok'; value: StringMatch } | { kind: 'empty' } | { kind: 'unrepresentable' };

/**
 * AND of two string matchers as one matcher, when Istio can express it: an exact value combines
 * with anything (it matches it or not), nested prefixes give the longer one, disjoint ones match
 * nothing; a prefix or regex against another regex cannot be expressed without lookaround.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export function intersectStringMatch(a: StringMatch, b: StringMatch): Intersection {
  if (JSON.stringify(a) === JSON.stringify(b)) return { kind: 'ok', value: { ...a } };
  // An exact value either full-matches the regex or not (RE2 patterns run alike in JavaScript).
  if (a.exact !== undefined && b.regex !== undefined) return fullMatch(b.regex, a.exact) ? { kind: 'ok', value: { exact: a.exact } } : { kind: 'empty' };
  if (b.exact !== undefined && a.regex !== undefined) return fullMatch(a.regex, b.exact) ? { kind: 'ok', value: { exact: b.exact } } : { kind: 'empty' };
  if (a.regex !== undefined || b.regex !== undefined) return { kind: 'unrepresentable' };
  if (a.exact !== undefined && b.exact !== undefined) return { kind: 'empty' };
  if (a.exact !== undefined && b.prefix !== undefined) return a.exact.startsWith(b.prefix) ? { kind: 'ok', value: { exact: a.exact } } : { kind: 'empty' };
  if (b.exact !== undefined && a.prefix !== undefined) return b.exact.startsWith(a.prefix) ? { kind: 'ok', value: { exact: b.exact } } : { kind: 'empty' };
  if (a.prefix !== undefined && b.prefix !== undefined) {
    if (a.prefix.startsWith(b.prefix)) return { kind: 'ok', value: { prefix: a.prefix } };
    if (b.prefix.startsWith(a.prefix)) return { kind: 'ok', value: { prefix: b.prefix } };
    return { kind: 'empty' };
  }
  return { kind: 'unrepresentable' };
}

type Conjunction = { kind: 'ok'; value: HTTPMatchRequest } | { kind: 'empty' } | { kind: 'unrepresentable'; field: string };

/** One HTTPMatchRequest meaning "`route` AND `group`" (a group sets only uri and headers). See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest */
export function conjoinMatch(route: HTTPMatchRequest, group: HTTPMatchRequest): Conjunction {
  const out: HTTPMatchRequest = clone(route);
  if (group.uri) {
    if (!out.uri) out.uri = { ...group.uri };
    else {
      const r = intersectStringMatch(out.uri, group.uri);
      if (r.kind !== 'ok') return r.kind === 'empty' ? r : { kind: 'unrepresentable', field: 'uri' };
      out.uri = r.value;
    }
  }
  for (const [name, value] of Object.entries(group.headers ?? {})) {
    const headers: Record<string, StringMatch> = { ...(out.headers ?? {}) };
    const mine = headers[name];
    if (!mine) headers[name] = { ...value };
    else {
      const r = intersectStringMatch(mine, value);
      if (r.kind !== 'ok') return r.kind === 'empty' ? r : { kind: 'unrepresentable', field: `headers.${name}` };
      headers[name] = r.value;
    }
    out.headers = headers;
  }
  return { kind: 'ok', value: out };
}

export interface GatewayRouteContext {
  releaseName: string;
  /** the job's namespace (the Service's) */
  namespace: string | undefined;
  serviceName: string;
  spec: GrayscaleReleaseSpec;
  plan: RoutingPlan;
}

/** Whether every destination of the route is the Service, unpinned or on one of the job's subsets. */
function governable(route: HTTPRoute, ctx: GatewayRouteContext, vsNamespace: string | undefined): 'yes' | 'no' | 'mixed' {
  if (NON_FORWARDING.some((k) => route[k] !== undefined) || !route.route?.length) return 'no';
  const ours = new Set([subsetNameFor(ctx.spec.baseline.version), subsetNameFor(ctx.spec.candidate.version)]);
  const onService = route.route.filter((d) => isServiceHost(d.destination.host, ctx.serviceName, vsNamespace ?? ctx.namespace));
  if (onService.length === 0) return 'no';
  if (onService.length < route.route.length) return 'mixed';
  return onService.every((d) => d.destination.subset === undefined || ours.has(d.destination.subset)) ? 'yes' : 'mixed';
}

function toVersion(template: Destination, version: string): Destination {
  return { host: template.host, subset: subsetNameFor(version), ...(template.port ? { port: { ...template.port } } : {}) };
}

function planDestinations(template: Destination, ctx: GatewayRouteContext): { route: HTTPRouteDestination[]; mirror?: Destination; mirrorPercent?: number } {
  const { plan, spec } = ctx;
  const base = toVersion(template, spec.baseline.version);
  const cand = toVersion(template, spec.candidate.version);
  if (plan.kind === 'all') return { route: [{ destination: plan.version === spec.candidate.version ? cand : base }] };
  if (plan.kind === 'mirror') return { route: [{ destination: base }], mirror: cand, mirrorPercent: plan.percent };
  if (plan.candidateWeight === 0) return { route: [{ destination: base }] };
  if (plan.candidateWeight === 100) return { route: [{ destination: cand }] };
  return {
    route: [
      { destination: base, weight: 100 - plan.candidateWeight },
      { destination: cand, weight: plan.candidateWeight },
    ],
  };
}

/**
 * Governs one gateway-only VirtualService's routes to the Service by the job's plan (see the file
 * comment). Returns it unchanged (same content) when none of its routes forward to the Service.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function governGatewayVirtualService(existing: VirtualService, ctx: GatewayRouteContext): { virtualService: VirtualService; governed: number; notes: string[] } {
  const vs = clone(existing);
  const notes: string[] = [];
  const label = `gateway VirtualService ${vs.metadata.name}`;
  const prefix = gatewayRoutePrefix(ctx.releaseName);
  const http: HTTPRoute[] = [];
  const managed: HTTPRoute[] = [];
  let governed = 0;
  let k = 0;
  for (const route of vs.spec.http ?? []) {
    if (isManagedRoute(route, ctx.releaseName) && route.name!.startsWith(prefix)) continue; // regenerated below
    const index = k++;
    const kind = governable(route, ctx, vs.metadata.namespace);
    if (kind !== 'yes') {
      if (kind === 'mixed') notes.push(`${label}: route ${route.name ? `"${route.name}"` : `#${index}`} mixes ${ctx.serviceName} with other hosts or subsets and is left as is; ingress traffic through it is not governed by the job`);
      http.push(route);
      continue;
    }
    governed++;
    const template = route.route![0].destination;
    if (ctx.plan.kind === 'split') {
      const rest = unmanagedFields(route);
      const own = route.match?.length ? route.match : [{}];
      ctx.plan.match.forEach((group, i) => {
        const compiled = compileMatchGroup(group);
        const match: HTTPMatchRequest[] = [];
        for (const m of own) {
          const c = conjoinMatch(m, compiled);
          if (c.kind === 'ok') match.push(c.value);
          else if (c.kind === 'unrepresentable') {
            notes.push(`${label}: condition group ${i + 1}'s ${c.field} cannot be combined with the ${c.field} match of route ${route.name ? `"${route.name}"` : `#${index}`}; ingress requests through that route are not checked against it`);
          }
        }
        if (match.length === 0) return; // the route and the group never match the same request
        const copy: HTTPRoute = { name: `${prefix}r${index}-match-${i}`, match, route: [{ destination: toVersion(template, ctx.spec.candidate.version) }], ...clone(rest) };
        http.push(copy);
        managed.push(copy);
      });
    }
    const next: HTTPRoute = { ...route };
    const planned = planDestinations(template, ctx);
    next.route = planned.route;
    if (planned.mirror) {
      next.mirror = planned.mirror;
      next.mirrorPercentage = { value: planned.mirrorPercent! };
    } else if (next.mirror && isServiceHost(next.mirror.host, ctx.serviceName, vs.metadata.namespace ?? ctx.namespace)) {
      // Our mirror from an earlier plan; a user's mirror to another host stays.
      delete next.mirror;
      delete next.mirrorPercentage;
    }
    http.push(next);
    managed.push(next);
  }
  if (governed === 0) return { virtualService: existing, governed, notes };
  vs.spec.http = http;
  vs.metadata.annotations = { ...(vs.metadata.annotations ?? {}), [ROUTES_ANNOTATION]: ctx.releaseName, [ROUTES_HASH_ANNOTATION]: routesHash(managed) };
  notes.push(`${label} (gateways ${(vs.spec.gateways ?? []).join(', ')}): ${governed} route${governed > 1 ? 's' : ''} to ${ctx.serviceName} follow the job, so ingress traffic is split like in-mesh traffic`);
  return { virtualService: vs, governed, notes };
}

/**
 * Manual edits of the routes this job governs in a gateway-only VirtualService since the job last
 * wrote them: the routes it would govern now (its prefixed copies and every route still forwarding
 * only to the Service) no longer hash to the stamp it wrote. A route pointed elsewhere by hand has
 * left the set, which is an edit too. Not written by this job (no stamp of it): no drift.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function detectGatewayDrift(existing: VirtualService, ctx: GatewayRouteContext): { drifted: boolean; details: string[] } {
  const stamp = existing.metadata.annotations?.[ROUTES_HASH_ANNOTATION];
  if (!stamp || existing.metadata.annotations?.[ROUTES_ANNOTATION] !== ctx.releaseName) return { drifted: false, details: [] };
  const prefix = gatewayRoutePrefix(ctx.releaseName);
  const http = existing.spec.http ?? [];
  const governed = http.filter((r) => (isManagedRoute(r, ctx.releaseName) && r.name!.startsWith(prefix)) || governable(r, ctx, existing.metadata.namespace) === 'yes');
  if (routesHash(governed) === stamp) return { drifted: false, details: [] };
  const describe = (r: HTTPRoute) => `${r.name ? `"${r.name}"` : `#${http.indexOf(r)}`} → ${(r.route ?? []).map((d) => `${d.destination.subset ?? d.destination.host}${d.weight !== undefined ? ` ${d.weight}%` : ''}`).join(', ')}`;
  return {
    drifted: true,
    details: [`routes to ${ctx.serviceName} were edited since the job last wrote them (now: ${governed.length > 0 ? governed.map(describe).join('; ') : 'none forwards only to it'})`],
  };
}
