/**
 * Drift: a manual change to the routes a release manages. The VirtualService carries a hash of the
 * managed routes as last written; when the routes no longer hash to it, someone else edited them.
 * Comparing with the expected routes alone cannot tell a manual edit from a spec change the
 * controller has not applied yet, so the hash decides and the comparison explains.
 */

import { canonicalJson } from './clone';
import { isManagedRoute, ROUTES_ANNOTATION, ROUTES_HASH_ANNOTATION } from './managed';
import type { HTTPRoute, VirtualService } from './types';
import { managedPart, routesHash } from './virtual-service';

export interface DriftReport {
  drifted: boolean;
  details: string[];
}

function managedRoutesOf(vs: VirtualService): { release: string | undefined; routes: HTTPRoute[] } {
  const release = vs.metadata.annotations?.[ROUTES_ANNOTATION];
  return { release, routes: release ? (vs.spec.http ?? []).filter((r) => isManagedRoute(r, release)) : [] };
}

function differences(actual: HTTPRoute[], expected: HTTPRoute[]): string[] {
  const details: string[] = [];
  const actualByName = new Map(actual.map((r) => [r.name as string, r]));
  const expectedNames = expected.map((r) => r.name as string);
  for (const route of expected) {
    const found = actualByName.get(route.name as string);
    if (!found) {
      details.push(`route ${route.name} is missing`);
      continue;
    }
    for (const field of ['match', 'route', 'mirror', 'mirrorPercentage'] as const) {
      if (canonicalJson(found[field]) !== canonicalJson(route[field])) {
        details.push(`route ${route.name}: ${field} is ${canonicalJson(found[field]) ?? 'unset'}, expected ${canonicalJson(route[field]) ?? 'unset'}`);
      }
    }
  }
  for (const route of actual) if (!expectedNames.includes(route.name as string)) details.push(`route ${route.name} is not expected`);
  const order = actual.map((r) => r.name).filter((n) => expectedNames.includes(n as string));
  if (details.length === 0 && canonicalJson(order) !== canonicalJson(expectedNames)) details.push(`routes are in order ${order.join(', ')}, expected ${expectedNames.join(', ')}`);
  return details;
}

/**
 * Reports manual changes to the release's managed routes in `existing`, explained against `expected`.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function detectDrift(existing: VirtualService | null | undefined, expected: VirtualService): DriftReport {
  if (!existing) return { drifted: false, details: [] };
  const ours = managedRoutesOf(expected);
  const theirs = existing.metadata.annotations?.[ROUTES_ANNOTATION] ? managedRoutesOf(existing) : { release: ours.release, routes: (existing.spec.http ?? []).filter((r) => ours.release !== undefined && isManagedRoute(r, ours.release)) };
  const stamp = existing.metadata.annotations?.[ROUTES_HASH_ANNOTATION];
  if (stamp !== undefined) {
    if (routesHash(theirs.routes) === stamp) return { drifted: false, details: [] };
    const details = differences(theirs.routes, ours.routes);
    return { drifted: true, details: details.length > 0 ? details : ['managed routes were edited since the release last wrote them'] };
  }
  // Never written by us (or the annotation was removed): compare with what we would write.
  if (theirs.routes.length === 0) return { drifted: false, details: [] };
  const details = differences(theirs.routes, ours.routes);
  return { drifted: details.length > 0, details };
}

/** Whether two route lists are equal in their managed parts. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function sameManagedRoutes(a: HTTPRoute[], b: HTTPRoute[]): boolean {
  return canonicalJson(a.map(managedPart)) === canonicalJson(b.map(managedPart));
}
