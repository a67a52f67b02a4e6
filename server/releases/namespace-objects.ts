import 'server-only';
import type { KubeEvent } from '@/lib/api/release-view-history';
import type { KubePod } from '@/lib/api/kube-shapes';
import { RELEASE_KIND, type Deployment, type DestinationRule, type GrayscaleRelease, type Service, type VirtualService } from '@/lib/release/types';
import { kubeCall, type KubeClients } from '../kube/client';
import { ISTIO_NETWORKING_GROUP, pickVersion, servedGroups } from '../kube/discovery';
import { orWhenNotFound } from '../kube/not-found';
import { listReleaseObjects } from './release-objects';

/** Everything of a namespace the release endpoints reshape or check against, as plain JSON objects. */
export interface NamespaceObjects {
  services: Service[];
  deployments: Deployment[];
  pods: KubePod[];
  releases: GrayscaleRelease[];
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
}

const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_CACHE_MS = 30_000;
const istioVersions = new WeakMap<KubeClients, { version: string | undefined; at: number }>();

/** The Istio networking version the cluster serves (cached briefly), undefined without Istio. */
export async function istioVersion(clients: KubeClients): Promise<string | undefined> {
  const cached = istioVersions.get(clients);
  if (cached && Date.now() - cached.at < ISTIO_CACHE_MS) return cached.version;
  const version = pickVersion(await servedGroups(clients), ISTIO_NETWORKING_GROUP, ISTIO_VERSIONS);
  istioVersions.set(clients, { version, at: Date.now() });
  return version;
}

/**
 * client-node returns typed objects with Dates and without apiVersion/kind on list items; the
 * release library works on wire-format JSON, so convert (Dates become RFC 3339 strings).
 */
export function toPlain<T>(obj: unknown, apiVersion: string, kind: string): T {
  return { ...(JSON.parse(JSON.stringify(obj)) as object), apiVersion, kind } as T;
}

async function listIstio<T>(clients: KubeClients, ns: string, plural: string, kind: string): Promise<T[]> {
  const version = await istioVersion(clients);
  if (!version) return [];
  const list = await orWhenNotFound(
    kubeCall(clients, (c) => c.custom.listNamespacedCustomObject({ group: ISTIO_NETWORKING_GROUP, version, namespace: ns, plural })),
    { items: [] },
  );
  return ((list as { items?: unknown[] }).items ?? []).map((o) => toPlain<T>(o, `${ISTIO_NETWORKING_GROUP}/${version}`, kind));
}

/**
 * Lists the namespace's Services, Deployments, pods, jobs, VirtualServices and DestinationRules in
 * parallel (one round trip each, whatever the number of jobs).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#collections
 */
export async function readNamespaceObjects(ns: string, clients: KubeClients): Promise<NamespaceObjects> {
  const [services, deployments, pods, releases, virtualServices, destinationRules] = await Promise.all([
    kubeCall(clients, (c) => c.core.listNamespacedService({ namespace: ns })),
    kubeCall(clients, (c) => c.apps.listNamespacedDeployment({ namespace: ns })),
    kubeCall(clients, (c) => c.core.listNamespacedPod({ namespace: ns })),
    listReleaseObjects(ns, clients),
    listIstio<VirtualService>(clients, ns, 'virtualservices', 'VirtualService'),
    listIstio<DestinationRule>(clients, ns, 'destinationrules', 'DestinationRule'),
  ]);
  return {
    services: services.items.map((s) => toPlain<Service>(s, 'v1', 'Service')),
    deployments: deployments.items.map((d) => toPlain<Deployment>(d, 'apps/v1', 'Deployment')),
    pods: pods.items.map((p) => toPlain<KubePod>(p, 'v1', 'Pod')),
    releases,
    virtualServices,
    destinationRules,
  };
}

/**
 * Events about jobs: of one job (by name and uid, so a re-created job does not inherit its
 * predecessor's history) or of every job of the namespace.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
 */
export async function listReleaseEvents(ns: string, clients: KubeClients, release?: GrayscaleRelease): Promise<KubeEvent[]> {
  const selectors = [`involvedObject.kind=${RELEASE_KIND}`];
  if (release) {
    selectors.push(`involvedObject.name=${release.metadata.name}`);
    if (release.metadata.uid) selectors.push(`involvedObject.uid=${release.metadata.uid}`);
  }
  const list = await kubeCall(clients, (c) => c.core.listNamespacedEvent({ namespace: ns, fieldSelector: selectors.join(',') }));
  return list.items as KubeEvent[];
}
