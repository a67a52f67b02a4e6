import 'server-only';
import { APP_NAME_LABEL, deploymentsOfService } from '@/lib/api/view-models';
import { canonicalRevision, type InventoryService } from '@/lib/telemetry/topology';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';

/**
 * A namespace's Services with the versions (Deployments) each selects, keyed as telemetry keys
 * them (canonical revision), so versions without traffic still appear as idle nodes.
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision
 */
export async function loadInventory(ns: string, clients: KubeClients = getKubeClients()): Promise<InventoryService[]> {
  const [, services, deployments] = await Promise.all([
    requireProject(ns, clients),
    kubeCall(clients, (c) => c.core.listNamespacedService({ namespace: ns })),
    kubeCall(clients, (c) => c.apps.listNamespacedDeployment({ namespace: ns })),
  ]);
  return services.items.map((svc) => {
    const labels = svc.metadata?.labels ?? {};
    return {
      name: svc.metadata?.name ?? '',
      app: labels[APP_NAME_LABEL] ?? labels.app ?? null,
      versions: deploymentsOfService(svc, deployments.items).map((d) => ({
        version: canonicalRevision(d.spec?.template?.metadata?.labels),
        workload: d.metadata?.name ?? '',
      })),
    };
  });
}
