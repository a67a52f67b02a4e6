/**
 * Job Offline as an ordered list of remaining steps, computed from what the cluster shows now
 * (so a controller restarted at any point resumes where it stopped): route everything to the kept
 * version, delete the other version's Deployment, drop its subset, complete. The first step is
 * the next one to perform; a finished job plans only `complete`.
 */

import { isManagedRoute, ROUTES_ANNOTATION } from './managed';
import { subsetNameFor } from './names';
import { keptVersion } from './routing-plan';
import type { DestinationRule, GrayscaleReleaseSpec, VirtualService } from './types';

export type OfflineStep =
  | { step: 'wait-ready'; version: string }
  | { step: 'route-all-to'; version: string }
  | { step: 'delete-deployment'; name: string }
  | { step: 'drop-subset'; name: string }
  | { step: 'complete'; version: string };

export interface OfflineFacts {
  /** The version that receives all traffic per the VirtualService now (see `versionReceivingAllTraffic`). */
  allTrafficTo: string | null;
  /** Name of the Deployment of the version being removed, when it still exists. */
  removedDeployment: string | null;
  /** Whether the kept version has ready pods. */
  keptReady: boolean;
  /** The DestinationRule now, if any. */
  destinationRule: DestinationRule | null;
}

export interface OfflinePlan {
  kept: string;
  removed: string;
  steps: OfflineStep[];
}

/**
 * Plans the remaining Job Offline steps in make-before-break order.
 * See https://istio.io/latest/docs/concepts/traffic-management/#destination-rules (subsets are dropped only after nothing routes to them)
 */
export function planOffline(spec: GrayscaleReleaseSpec, facts: OfflineFacts): OfflinePlan {
  const kept = keptVersion(spec);
  const removed = kept === spec.baseline.version ? spec.candidate.version : spec.baseline.version;
  const steps: OfflineStep[] = [];
  if (facts.allTrafficTo !== kept) {
    if (!facts.keptReady) steps.push({ step: 'wait-ready', version: kept });
    steps.push({ step: 'route-all-to', version: kept });
  }
  if (facts.removedDeployment) steps.push({ step: 'delete-deployment', name: facts.removedDeployment });
  const subset = subsetNameFor(removed);
  if (facts.destinationRule?.spec.subsets?.some((s) => s.name === subset)) steps.push({ step: 'drop-subset', name: subset });
  steps.push({ step: 'complete', version: kept });
  return { kept, removed, steps };
}

/**
 * The version that receives 100% of the release's traffic per a VirtualService (every managed route
 * goes to one subset of it, with no mirror), or null when traffic is split, mirrored or unrouted.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export function versionReceivingAllTraffic(vs: VirtualService | null | undefined, releaseName: string, spec: GrayscaleReleaseSpec): string | null {
  if (!vs || vs.metadata.annotations?.[ROUTES_ANNOTATION] !== releaseName) return null;
  const routes = (vs.spec.http ?? []).filter((r) => isManagedRoute(r, releaseName));
  if (routes.length === 0) return null;
  const subsets = new Set<string | undefined>();
  for (const route of routes) {
    if (route.mirror) return null;
    for (const d of route.route ?? []) if (d.weight === undefined || d.weight > 0) subsets.add(d.destination.subset);
  }
  if (subsets.size !== 1) return null;
  const [subset] = [...subsets];
  for (const version of [spec.baseline.version, spec.candidate.version]) if (subsetNameFor(version) === subset) return version;
  return null;
}

/**
 * Percent of unmatched traffic per version on the release's first default route (for status and UI).
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export function routedWeights(vs: VirtualService | null | undefined, releaseName: string, spec: GrayscaleReleaseSpec): Record<string, number> {
  const weights: Record<string, number> = { [spec.baseline.version]: 0, [spec.candidate.version]: 0 };
  const route = (vs?.spec.http ?? []).find((r) => isManagedRoute(r, releaseName) && r.name?.endsWith('-default'));
  const destinations = route?.route ?? [];
  for (const d of destinations) {
    const version = [spec.baseline.version, spec.candidate.version].find((v) => subsetNameFor(v) === d.destination.subset);
    if (version !== undefined) weights[version] += destinations.length === 1 ? (d.weight ?? 100) : (d.weight ?? 0);
  }
  return weights;
}
