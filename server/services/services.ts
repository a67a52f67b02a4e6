import 'server-only';
import type { KubeReleaseRef } from '@/lib/api/kube-shapes';
import type { ListResponse, ServiceView } from '@/lib/api/types';
import { serviceViews } from '@/lib/api/view-models';
import { meshMembership, type MeshWorkload } from '@/lib/mesh/membership';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { orWhenNotFound } from '../kube/not-found';
import { GRAYLANE_GROUP } from '../kube/discovery';
import { requireProject } from '../projects/projects';

/** GrayscaleReleases of a namespace; none when the CRD is not installed yet (404 on the list). */
async function listReleases(ns: string, clients: KubeClients): Promise<KubeReleaseRef[]> {
  const list = await orWhenNotFound(
    kubeCall(clients, (c) =>
      c.custom.listNamespacedCustomObject({ group: GRAYLANE_GROUP, version: 'v1alpha1', namespace: ns, plural: 'grayscalereleases' }),
    ),
    { items: [] },
  );
  return ((list as { items?: KubeReleaseRef[] }).items ?? []);
}

/**
 * Lists a project's Services with their versions (the Deployments each selects, by `version`
 * label), pods and the active release, if any.
 * https://kubernetes.io/docs/concepts/services-networking/service/
 */
export async function listServices(ns: string, clients: KubeClients = getKubeClients()): Promise<ListResponse<ServiceView>> {
  const [namespace, services, deployments, pods, releases] = await Promise.all([
    requireProject(ns, clients),
    kubeCall(clients, (c) => c.core.listNamespacedService({ namespace: ns })),
    kubeCall(clients, (c) => c.apps.listNamespacedDeployment({ namespace: ns })),
    kubeCall(clients, (c) => c.core.listNamespacedPod({ namespace: ns })),
    listReleases(ns, clients),
  ]);
  const labels = namespace.metadata?.labels ?? {};
  const items = serviceViews(services.items, deployments.items, pods.items, releases).map((view) => {
    // The Deployments whose pods the Service selects: each one's template decides its sidecar.
    const selector = Object.entries(view.selector);
    const workloads: MeshWorkload[] = deployments.items
      .filter((d) => selector.length > 0 && selector.every(([k, v]) => d.spec?.template.metadata?.labels?.[k] === v))
      .map((d) => ({ kind: 'Deployment', name: d.metadata?.name ?? '', labels: d.spec?.template.metadata?.labels, annotations: d.spec?.template.metadata?.annotations }));
    const mesh = meshMembership({ namespace: ns, namespaceLabels: labels, service: view.name, workloads });
    return mesh.inMesh ? { ...view, inMesh: true } : { ...view, inMesh: false, notInMeshReason: mesh.reason };
  });
  return { items };
}
