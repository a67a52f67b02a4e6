import 'server-only';
import type { CreateReleaseRequest } from '@/lib/api/release-types';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import { RELEASE_API_VERSION, RELEASE_KIND, type GrayscaleRelease } from '@/lib/release/types';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { readNamespaceObjects } from './namespace-objects';
import { createReleaseObject } from './release-objects';
import { checkContext, checkMesh, validateCreateInput } from './validation';
import { buildReleaseView, type ServedReleaseView } from './view-model';

/** A create request as received: shape unchecked, the shared validation names each bad field. */
export type CreateReleaseInput = { [K in keyof CreateReleaseRequest]: unknown };

/**
 * Creates a release job after checking it (400 bad fields, 409 a Service with an active job, 422
 * facts of the cluster, including a Service not in the mesh). One object is written, so a refused or failed create leaves nothing.
 * https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export async function createRelease(
  ns: string,
  input: CreateReleaseInput,
  user: string,
  clients: KubeClients = getKubeClients(),
  /** extra annotations (e.g. where an imported job came from); the acting user always wins */
  annotations: Record<string, string> = {},
): Promise<ServedReleaseView> {
  const { name, spec } = validateCreateInput(input);
  const [namespace, objects] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients)]);
  checkContext(ns, name, spec, objects);
  checkMesh(ns, spec, objects, namespace.metadata?.labels ?? {});
  const release: GrayscaleRelease = {
    apiVersion: RELEASE_API_VERSION,
    kind: RELEASE_KIND,
    metadata: { name, namespace: ns, annotations: { ...annotations, [CHANGED_BY_ANNOTATION]: user } },
    spec,
  };
  const created = await createReleaseObject(ns, release, clients);
  // A new job has no Events yet; the namespace was just read, so no second round trip.
  return buildReleaseView(created, objects, []);
}
