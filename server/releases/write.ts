import 'server-only';
import { AppError, isAppError } from '@/lib/api/errors';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import type { GrayscaleRelease } from '@/lib/release/types';
import type { KubeClients } from '../kube/client';
import { mergePatchRelease, readRelease, staleWrite } from './release-objects';

/** How often a write based on a fresh read is retried when someone else wrote in between. */
const ATTEMPTS = 3;

export interface WriteOptions {
  /** the caller's resourceVersion: when given, any other one is a 409 "reload", never retried */
  resourceVersion?: string;
  /** the caller's generation: when given, a spec changed since is a 409 "reload" (status updates are not) */
  generation?: number;
}

/**
 * Refuses changes to a job that is finishing: being deleted (the finalizer is rolling it back) or
 * offline (the controller is completing it); 409 so the UI offers a reload.
 */
export function assertChangeable(release: GrayscaleRelease, what: string): void {
  const { name } = release.metadata;
  if (release.metadata.deletionTimestamp) throw new AppError('conflict', `cannot ${what}: release job ${name} is being deleted`);
  if (release.spec.offline || release.status?.phase === 'Completed') {
    throw new AppError('conflict', `cannot ${what}: release job ${name} is offline${release.status?.phase === 'Completed' ? '' : ' (completing)'}`);
  }
}

/**
 * Read-validate-write of a job's spec: `change` returns the merge patch of `spec` for the current
 * object (or throws). The write carries the read's resourceVersion as a precondition, so a change
 * is always validated against the spec it applies to; the acting user is recorded in
 * `graylane.io/changed-by` for the controller's Events.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
export async function writeRelease(
  ns: string,
  name: string,
  user: string,
  clients: KubeClients,
  change: (current: GrayscaleRelease) => Promise<Record<string, unknown>> | Record<string, unknown>,
  options: WriteOptions = {},
): Promise<GrayscaleRelease> {
  for (let attempt = 1; ; attempt++) {
    const current = await readRelease(ns, name, clients);
    if (options.resourceVersion !== undefined && options.resourceVersion !== current.metadata.resourceVersion) throw staleWrite(name);
    if (options.generation !== undefined && options.generation !== current.metadata.generation) throw staleWrite(name);
    const spec = await change(current);
    const patch = {
      metadata: { resourceVersion: current.metadata.resourceVersion, annotations: { [CHANGED_BY_ANNOTATION]: user } },
      ...(Object.keys(spec).length > 0 ? { spec } : {}),
    };
    try {
      return await mergePatchRelease(ns, name, patch, clients);
    } catch (err) {
      const retry = isAppError(err) && err.code === 'conflict' && options.resourceVersion === undefined && attempt < ATTEMPTS;
      if (!retry) throw err;
    }
  }
}
