/**
 * Builds the HTTP routes a release manages from a routing plan: per HTTP port of the Service
 * (a `port` match when the Service has several HTTP ports, so each port keeps its own traffic),
 * one route per condition group sending matching requests to the candidate, then a default route
 * with the weighted split (or the mirror, or everything to one version).
 */

import { cookieHeaderRegex } from './cookie-match';
import { managedRoutePrefix } from './managed';
import { subsetNameFor } from './names';
import type { RoutingPlan } from './routing-plan';
import { userAgentRegex } from './user-agent-presets';
import type { Destination, GrayscaleReleaseSpec, HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, MatchGroup, ServicePort, StringMatch } from './types';

export interface RouteTarget {
  /** Destination host: the Service's short name (resolved in the VirtualService's namespace). */
  host: string;
  /** HTTP ports to route. */
  ports: ServicePort[];
  /** Whether destinations must name a port (the Service exposes more than one). */
  needsDestinationPort: boolean;
}

/**
 * Compiles one condition group to an Istio match: headers as given, cookies to a `cookie` regex,
 * OS/browser presets to one `user-agent` regex.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export function compileMatchGroup(group: MatchGroup): HTTPMatchRequest {
  const match: HTTPMatchRequest = {};
  if (group.uri) match.uri = { ...group.uri };
  const headers: Record<string, StringMatch> = {};
  for (const [name, value] of Object.entries(group.headers ?? {})) headers[name] = { ...value };
  if (group.cookies?.length) headers.cookie = { regex: cookieHeaderRegex(group.cookies) };
  if (group.os?.length || group.browsers?.length) headers['user-agent'] = { regex: userAgentRegex(group.os ?? [], group.browsers ?? []) };
  if (Object.keys(headers).length > 0) match.headers = headers;
  return match;
}

function destination(target: RouteTarget, version: string, port: ServicePort): Destination {
  const d: Destination = { host: target.host, subset: subsetNameFor(version) };
  if (target.needsDestinationPort) d.port = { number: port.port };
  return d;
}

function defaultRouteDestinations(plan: RoutingPlan, spec: GrayscaleReleaseSpec, target: RouteTarget, port: ServicePort): HTTPRouteDestination[] {
  const base = destination(target, spec.baseline.version, port);
  const cand = destination(target, spec.candidate.version, port);
  if (plan.kind === 'all') return [{ destination: plan.version === spec.candidate.version ? cand : base }];
  if (plan.kind === 'mirror') return [{ destination: base }];
  // Zero-weight destinations are left out: a single destination needs no weight in Istio.
  if (plan.candidateWeight === 0) return [{ destination: base }];
  if (plan.candidateWeight === 100) return [{ destination: cand }];
  return [
    { destination: base, weight: 100 - plan.candidateWeight },
    { destination: cand, weight: plan.candidateWeight },
  ];
}

/**
 * The release's managed routes, in evaluation order, named `graylane-<release>-[p<port>-](match-<i>|default)`.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function buildManagedRoutes(releaseName: string, spec: GrayscaleReleaseSpec, plan: RoutingPlan, target: RouteTarget): HTTPRoute[] {
  const routes: HTTPRoute[] = [];
  const multiPort = target.ports.length > 1;
  for (const port of target.ports) {
    const prefix = `${managedRoutePrefix(releaseName)}${multiPort ? `p${port.port}-` : ''}`;
    const withPort = (m: HTTPMatchRequest): HTTPMatchRequest => (multiPort ? { ...m, port: port.port } : m);
    if (plan.kind === 'split') {
      plan.match.forEach((group, i) => {
        routes.push({
          name: `${prefix}match-${i}`,
          match: [withPort(compileMatchGroup(group))],
          route: [{ destination: destination(target, spec.candidate.version, port) }],
        });
      });
    }
    const route: HTTPRoute = { name: `${prefix}default` };
    if (multiPort) route.match = [{ port: port.port }];
    route.route = defaultRouteDestinations(plan, spec, target, port);
    if (plan.kind === 'mirror') {
      route.mirror = destination(target, spec.candidate.version, port);
      route.mirrorPercentage = { value: plan.percent };
    }
    routes.push(route);
  }
  return routes;
}
