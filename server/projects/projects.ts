import 'server-only';
import type { V1Namespace } from '@kubernetes/client-node';
import { AppError, isAppError } from '@/lib/api/errors';
import type { ListResponse, ProjectView } from '@/lib/api/types';
import { APP_NAME_LABEL, countApplications, projectView, projectViews } from '@/lib/api/view-models';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { systemNamespaces } from '../env';

/**
 * Per-namespace application counts from one cluster-wide list of labelled Services and
 * Deployments; undefined when the console may not list cluster-wide (counts are a nicety).
 */
async function applicationCounts(clients: KubeClients): Promise<Map<string, number> | undefined> {
  try {
    const [services, deployments] = await kubeCall(clients, (c) =>
      Promise.all([
        c.core.listServiceForAllNamespaces({ labelSelector: APP_NAME_LABEL }),
        c.apps.listDeploymentForAllNamespaces({ labelSelector: APP_NAME_LABEL }),
      ]),
    );
    return countApplications([...services.items, ...deployments.items]);
  } catch (err) {
    if (isAppError(err) && (err.code === 'forbidden' || err.code === 'not_found')) return undefined;
    throw err;
  }
}

/**
 * Lists the projects (namespaces other than system ones).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export async function listProjects(clients: KubeClients = getKubeClients()): Promise<ListResponse<ProjectView>> {
  const [namespaces, counts] = await Promise.all([
    kubeCall(clients, (c) => c.core.listNamespace()),
    applicationCounts(clients),
  ]);
  return { items: projectViews(namespaces.items, { systemNamespaces: systemNamespaces(), applicationCounts: counts }) };
}

function projectNotFound(ns: string): AppError {
  return new AppError('not_found', `project ${ns} not found`);
}

/**
 * Reads the namespace behind a project; 404 `project X not found` when it is missing or is a
 * system namespace (those are not managed from the console).
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/
 */
export async function requireProject(ns: string, clients: KubeClients = getKubeClients()): Promise<V1Namespace> {
  if (systemNamespaces().includes(ns)) throw projectNotFound(ns);
  try {
    return await kubeCall(clients, (c) => c.core.readNamespace({ name: ns }));
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') throw projectNotFound(ns);
    throw err;
  }
}

/** One project with its application count. https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ */
export async function getProject(ns: string, clients: KubeClients = getKubeClients()): Promise<ProjectView> {
  const namespace = await requireProject(ns, clients);
  const [services, deployments] = await kubeCall(clients, (c) =>
    Promise.all([
      c.core.listNamespacedService({ namespace: ns, labelSelector: APP_NAME_LABEL }),
      c.apps.listNamespacedDeployment({ namespace: ns, labelSelector: APP_NAME_LABEL }),
    ]),
  );
  const count = countApplications([...services.items, ...deployments.items]).get(ns) ?? 0;
  return projectView(namespace, count);
}
