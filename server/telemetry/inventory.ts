import 'server-only';
import type { KubeDeployment, KubeService } from '@/lib/api/kube-shapes';
import { inventoryOf, type InventoryService } from '@/lib/telemetry/topology';
import { inProcessController } from '../controller/in-process';
import { getKubeClients, type KubeClients } from '../kube/client';
import { systemNamespaces } from '../env';
import { requireProject } from '../projects/projects';

interface KubeList<T> {
  items?: T[];
}

/**
 * The namespace's Services and Deployments from the in-process controller's watch caches (not
 * copies: read only), when the console hosts the controller and its caches cover the namespace.
 */
export function cachedWorkloads(ns: string): { services: KubeService[]; deployments: KubeDeployment[] } | undefined {
  const cached = inProcessController()?.namespaceWorkloads?.(ns);
  return cached && { services: cached.services as KubeService[], deployments: cached.deployments as KubeDeployment[] };
}

/**
 * A namespace's Services with the versions (Deployments) each selects, keyed as telemetry keys
 * them (canonical revision), so versions without traffic still appear as idle nodes. Lists go
 * through the raw JSON client: client-node's ObjectSerializer walks every field of every object,
 * which at 1,000 Services cost more than the queries the topology waits for.
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision
 */
export async function loadInventory(ns: string, clients: KubeClients = getKubeClients()): Promise<InventoryService[]> {
  // The console hosts the controller by default, whose watches keep every namespace's Services and
  // Deployments current (as Kiali serves its graph from its informer cache): no listing then, only
  // the project check. Without it (GRAYLANE_CONTROLLER=off, another namespace, not synced) the API.
  const cached = cachedWorkloads(ns);
  if (cached) {
    // Services exist only in an existing namespace: with some cached, only the system-namespace
    // rule of the project check is left to apply (the API round trip cost as much as the rest)
    if (cached.services.length === 0 || systemNamespaces().includes(ns)) await requireProject(ns, clients);
    return inventoryOf(cached.services, cached.deployments);
  }
  const [, services, deployments] = await Promise.all([
    requireProject(ns, clients),
    clients.rest.request<KubeList<KubeService>>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(ns)}/services` }),
    clients.rest.request<KubeList<KubeDeployment>>({ method: 'GET', path: `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments` }),
  ]);
  return inventoryOf(services.items ?? [], deployments.items ?? []);
}
