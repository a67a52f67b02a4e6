import 'server-only';
import type { KubeDeployment, KubeService } from '@/lib/api/kube-shapes';
import { inventoryOf, type InventoryService } from '@/lib/telemetry/topology';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';

interface KubeList<T> {
  items?: T[];
}

/**
 * A namespace's Services with the versions (Deployments) each selects, keyed as telemetry keys
 * them (canonical revision), so versions without traffic still appear as idle nodes. Lists go
 * through the raw JSON client: client-node's ObjectSerializer walks every field of every object,
 * which at 1,000 Services cost more than the queries the topology waits for.
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision
 */
export async function loadInventory(ns: string, clients: KubeClients = getKubeClients()): Promise<InventoryService[]> {
  const [, services, deployments] = await Promise.all([
    requireProject(ns, clients),
    clients.rest.request<KubeList<KubeService>>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(ns)}/services` }),
    clients.rest.request<KubeList<KubeDeployment>>({ method: 'GET', path: `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments` }),
  ]);
  return inventoryOf(services.items ?? [], deployments.items ?? []);
}
