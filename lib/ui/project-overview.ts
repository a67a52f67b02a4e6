/**
 * The project overview's figures, computed from the REST API's view models (GET /services,
 * GET /releases): pure so the counting rules are unit-tested and the page only renders.
 */
import type { ReleaseView } from '@/lib/api/release-types';
import type { ServiceView } from '@/lib/api/types';
import { RELEASE_PHASES } from '@/lib/release/types';

/** React Query key of the overview's cluster facts (GET /api/cluster), apart from the banner's own poll. */
export const overviewClusterKey = ['project-overview', 'cluster'] as const;

export interface ServiceCounts {
  total: number;
  /** Services whose pods get no sidecar (cannot be released) */
  outOfMesh: number;
  /** Services a release job is working on now */
  releasing: number;
}

export interface WorkloadCounts {
  /** distinct Deployments behind the project's Services */
  total: number;
  /** those with every desired replica ready */
  ready: number;
}

/** Counts the project's Services, and how many are outside the mesh or being released. */
export function serviceCounts(services: readonly ServiceView[]): ServiceCounts {
  return {
    total: services.length,
    outOfMesh: services.filter((s) => s.inMesh === false).length,
    releasing: services.filter((s) => Boolean(s.activeRelease)).length,
  };
}

/**
 * Counts the Deployments behind the Services once each (two Services may select the same one);
 * ready means all desired replicas ready and at least one desired.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */
export function workloadCounts(services: readonly ServiceView[]): WorkloadCounts {
  const byName = new Map<string, boolean>();
  for (const s of services) {
    for (const v of s.versions) byName.set(v.deployment, v.replicas > 0 && v.readyReplicas >= v.replicas);
  }
  return { total: byName.size, ready: [...byName.values()].filter(Boolean).length };
}

/** Release jobs per phase, in lifecycle order, phases with no job left out; jobs being deleted count as `Deleting`. */
export function releasesByPhase(releases: readonly Pick<ReleaseView, 'phase' | 'deleting'>[]): { phase: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of releases) {
    const phase = r.deleting ? 'Deleting' : r.phase;
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
  }
  const order: string[] = [...RELEASE_PHASES, 'Deleting'];
  return [...counts.entries()]
    .sort(([a], [b]) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)) || a.localeCompare(b))
    .map(([phase, count]) => ({ phase, count }));
}
