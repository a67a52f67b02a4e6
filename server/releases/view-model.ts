import 'server-only';
import type { KubeDeployment } from '@/lib/api/kube-shapes';
import type { ReleaseOfflineView, ReleaseView } from '@/lib/api/release-types';
import { releaseView } from '@/lib/api/release-view';
import type { KubeEvent } from '@/lib/api/release-view-history';
import { ownedDestinationRule, ownedVirtualService } from '@/lib/release/owned-objects';
import type { DestinationRule, GrayscaleRelease, Service, VirtualService } from '@/lib/release/types';
import type { NamespaceObjects } from './namespace-objects';

/** What every release endpoint returns: the contract's view with the additive offline outcome set. */
export type ServedReleaseView = ReleaseView & { offline: ReleaseOfflineView };

/** The Service, VirtualService and DestinationRule of a job among the namespace's objects. */
export function routingOf(
  release: Pick<GrayscaleRelease, 'metadata' | 'spec'>,
  objects: NamespaceObjects,
): { service: Service | null; virtualService: VirtualService | null; destinationRule: DestinationRule | null } {
  const target = { releaseName: release.metadata.name, serviceName: release.spec.service, namespace: release.metadata.namespace ?? '' };
  return {
    service: objects.services.find((s) => s.metadata.name === release.spec.service) ?? null,
    virtualService: ownedVirtualService(objects.virtualServices, target),
    destinationRule: ownedDestinationRule(objects.destinationRules, target),
  };
}

/** A job's view from the namespace's objects and the job's Events (events of other jobs are ignored). */
export function buildReleaseView(release: GrayscaleRelease, objects: NamespaceObjects, events: KubeEvent[]): ServedReleaseView {
  const { service, virtualService } = routingOf(release, objects);
  const own = events.filter(
    (e) => e.involvedObject?.name === release.metadata.name && (!release.metadata.uid || !e.involvedObject?.uid || e.involvedObject.uid === release.metadata.uid),
  );
  // Same JSON objects: lib/release types matchExpressions as unknown[], the view's shape spells it out.
  const deployments = objects.deployments as unknown as KubeDeployment[];
  return releaseView({ release, service, deployments, pods: objects.pods, virtualService, events: own });
}
