import 'server-only';
import type { GrayscaleRelease } from '@/lib/release/types';
import { inProcessController } from '../controller/in-process';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { listReleaseEvents, readNamespaceObjects } from './namespace-objects';
import { readRelease } from './release-objects';
import { buildReleaseView, type ServedReleaseView } from './view-model';

/**
 * The view of a job object just read or written (reads the namespace's objects and the job's
 * Events). `cached`: after a write, take the namespace's objects from the in-process controller's
 * caches when it runs here (in-process.ts): six lists fewer competing with the controller's route
 * write that the write just triggered, on the API server and on this process's event loop.
 */
export async function viewOf(release: GrayscaleRelease, clients: KubeClients, options: { cached?: boolean } = {}): Promise<ServedReleaseView> {
  const ns = release.metadata.namespace ?? '';
  const cached = options.cached ? inProcessController()?.namespaceObjects(ns) : undefined;
  const [objects, events] = await Promise.all([cached ?? readNamespaceObjects(ns, clients), listReleaseEvents(ns, clients, release)]);
  return buildReleaseView(release, objects, events);
}

/**
 * One release job as the detail page shows it; 404 `release job X not found in project NS`.
 * https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export async function getRelease(ns: string, name: string, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  await requireProject(ns, clients);
  return viewOf(await readRelease(ns, name, clients), clients);
}
