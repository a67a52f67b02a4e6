import 'server-only';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { AppError, isAppError } from '@/lib/api/errors';
import { RELEASE_GROUP, RELEASE_PLURAL, type GrayscaleRelease } from '@/lib/release/types';
import { kubeCall, type KubeClients } from '../kube/client';
import { isNotFound, orWhenNotFound } from '../kube/not-found';

/** The served version of the GrayscaleRelease API (deploy/crd/grayscalerelease.yaml). */
export const RELEASE_VERSION = 'v1alpha1';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function where(ns: string) {
  return { group: RELEASE_GROUP, version: RELEASE_VERSION, namespace: ns, plural: RELEASE_PLURAL };
}

/** The 404 every release endpoint answers for a missing job. */
export function releaseNotFound(ns: string, name: string): AppError {
  return new AppError('not_found', `release job ${name} not found in project ${ns}`);
}

/** Reads a job; 404 names the job and project. https://kubernetes.io/docs/reference/using-api/api-concepts/ */
export async function readRelease(ns: string, name: string, clients: KubeClients): Promise<GrayscaleRelease> {
  try {
    return (await kubeCall(clients, (c) => c.custom.getNamespacedCustomObject({ ...where(ns), name }))) as GrayscaleRelease;
  } catch (err) {
    if (isNotFound(err)) throw releaseNotFound(ns, name);
    throw err;
  }
}

/** All jobs of a namespace; none when the CRD is not installed (the list 404s). */
export async function listReleaseObjects(ns: string, clients: KubeClients): Promise<GrayscaleRelease[]> {
  const list = await orWhenNotFound(kubeCall(clients, (c) => c.custom.listNamespacedCustomObject(where(ns))), { items: [] });
  return ((list as { items?: GrayscaleRelease[] }).items ?? []).map((r) => ({ ...r, apiVersion: 'graylane.io/v1alpha1', kind: 'GrayscaleRelease' }));
}

/** Creates a job; an existing name is a 409 naming it. */
export async function createReleaseObject(ns: string, release: GrayscaleRelease, clients: KubeClients): Promise<GrayscaleRelease> {
  try {
    return (await kubeCall(clients, (c) => c.custom.createNamespacedCustomObject({ ...where(ns), body: release }))) as GrayscaleRelease;
  } catch (err) {
    if (isAppError(err) && err.code === 'already_exists') {
      throw new AppError('already_exists', `a release job named ${release.metadata.name} already exists in project ${ns}; choose another name`, {
        fields: [{ field: 'name', message: `name: ${release.metadata.name} is already taken` }],
      });
    }
    // The namespace exists (checked before), so a 404 here means the resource type is not served.
    if (isNotFound(err)) {
      throw new AppError('unavailable', 'the GrayscaleRelease API (graylane.io/v1alpha1) is not installed in the cluster: apply deploy/crd/grayscalerelease.yaml');
    }
    throw err;
  }
}

/**
 * Applies a JSON merge patch to a job. A `metadata.resourceVersion` in the patch is a precondition:
 * the API server refuses a stale one with 409, which is reported as "reload".
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#patch-and-apply
 */
export async function mergePatchRelease(ns: string, name: string, patch: Record<string, unknown>, clients: KubeClients): Promise<GrayscaleRelease> {
  try {
    return (await kubeCall(clients, (c) => c.custom.patchNamespacedCustomObject({ ...where(ns), name, body: patch }, MERGE_PATCH))) as GrayscaleRelease;
  } catch (err) {
    if (isNotFound(err)) throw releaseNotFound(ns, name);
    if (isAppError(err) && err.code === 'conflict') throw staleWrite(name);
    throw err;
  }
}

/** The 409 of a write based on an old read of the job. */
export function staleWrite(name: string): AppError {
  return new AppError('conflict', `release job ${name} was changed since you loaded it; reload it and apply your change again`);
}

/** Deletes a job; its finalizer (the controller's) rolls it back before the object goes. */
export async function deleteReleaseObject(ns: string, name: string, clients: KubeClients): Promise<void> {
  try {
    await kubeCall(clients, (c) => c.custom.deleteNamespacedCustomObject({ ...where(ns), name }));
  } catch (err) {
    if (isNotFound(err)) throw releaseNotFound(ns, name);
    throw err;
  }
}
