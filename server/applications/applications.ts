import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { ApplicationView, ListResponse } from '@/lib/api/types';
import { applicationView, applicationViews } from '@/lib/api/view-models';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';

/** All Services and Deployments of a project: versions are matched across the namespace, not only within labelled objects. */
async function workloads(ns: string, clients: KubeClients) {
  const [, services, deployments] = await Promise.all([
    requireProject(ns, clients),
    kubeCall(clients, (c) => c.core.listNamespacedService({ namespace: ns })),
    kubeCall(clients, (c) => c.apps.listNamespacedDeployment({ namespace: ns })),
  ]);
  return { services: services.items, deployments: deployments.items };
}

/**
 * Lists a project's applications: Services and Deployments grouped by `app.kubernetes.io/name`.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export async function listApplications(ns: string, clients: KubeClients = getKubeClients()): Promise<ListResponse<ApplicationView>> {
  const { services, deployments } = await workloads(ns, clients);
  return { items: applicationViews(services, deployments) };
}

/** One application of a project; 404 when nothing carries its name. https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export async function getApplication(ns: string, name: string, clients: KubeClients = getKubeClients()): Promise<ApplicationView> {
  const { services, deployments } = await workloads(ns, clients);
  const view = applicationView(name, services, deployments);
  if (view.components.length === 0) throw new AppError('not_found', `application ${name} not found in project ${ns}`);
  return view;
}
