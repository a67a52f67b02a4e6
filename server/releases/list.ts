import 'server-only';
import { compareNewestFirst } from '@/lib/api/release-view';
import type { ListResponse } from '@/lib/api/types';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { listReleaseEvents, readNamespaceObjects } from './namespace-objects';
import { buildReleaseView, type ServedReleaseView } from './view-model';

/**
 * Lists a project's release jobs, newest first, with versions, pods, weights and history.
 * https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export async function listReleases(ns: string, clients: KubeClients = getKubeClients()): Promise<ListResponse<ServedReleaseView>> {
  const [, objects, events] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients), listReleaseEvents(ns, clients)]);
  return { items: objects.releases.map((r) => buildReleaseView(r, objects, events)).sort(compareNewestFirst) };
}
