import 'server-only';
import { AppError, isAppError } from '@/lib/api/errors';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import type { GrayscaleRelease } from '@/lib/release/types';
import type { KubeClients } from '../kube/client';
import { inProcessController } from '../controller/in-process';
import { systemNamespaces } from '../env';
import { mergePatchRelease, readRelease, staleWrite } from './release-objects';

/** How often a write based on a fresh read is retried when someone else wrote in between. */
const ATTEMPTS = 3;

export interface WriteOptions {
  /** the caller's resourceVersion: when given, any other one is a 409 "reload", never retried */
  resourceVersion?: string;
  /** the caller's generation: when given, a spec changed since is a 409 "reload" (status updates are not) */
  generation?: number;
  /**
   * the project check (requireProject): run beside the read and awaited before anything is
   * written, its error winning; skipped when the job comes from the controller's cache (a
   * namespaced object proves its namespace exists), except for system namespaces, refused at once
   */
  project?: () => Promise<unknown>;
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
 *
 * When the controller runs in this process (in-process.ts), the first read comes from its warm
 * cache (a stale copy only costs a 409 and a fresh read; a refusal decided on it is re-checked on
 * a fresh read) and the written job is handed to it, so the reconcile starts without waiting for
 * the watch: the take-over hot path is one API round trip before the controller's write.
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
  return writeReleaseChange(ns, name, user, clients, async (current) => ({ spec: await change(current) }), options);
}

/** A change of a job: a merge patch of `spec` and annotations to set (a null value removes one). */
export interface ReleaseChange {
  spec?: Record<string, unknown>;
  annotations?: Record<string, string | null>;
}

/**
 * writeRelease for changes that also set annotations (the one-shot `graylane.io/promote` and
 * `graylane.io/abort` of progressive jobs): same read-validate-write with the read's
 * resourceVersion as precondition and the same 409 on a stale `generation`.
 */
export async function writeReleaseChange(
  ns: string,
  name: string,
  user: string,
  clients: KubeClients,
  change: (current: GrayscaleRelease) => Promise<ReleaseChange> | ReleaseChange,
  options: WriteOptions = {},
): Promise<GrayscaleRelease> {
  const controller = inProcessController();
  const matchesCaller = (r: GrayscaleRelease) =>
    (options.resourceVersion === undefined || options.resourceVersion === r.metadata.resourceVersion) && (options.generation === undefined || options.generation === r.metadata.generation);
  for (let attempt = 1; ; attempt++) {
    const cached = attempt === 1 ? controller?.cachedRelease(ns, name) : undefined;
    // The cache may lag the caller (who saw a newer version): then ask the API server.
    const fromCache = cached && matchesCaller(cached) ? cached : undefined;
    const projectCheck = attempt === 1 && (!fromCache || systemNamespaces().includes(ns)) ? options.project?.() : undefined;
    const [read, ready] = await Promise.allSettled([fromCache ?? readRelease(ns, name, clients), projectCheck]);
    if (ready.status === 'rejected') throw ready.reason;
    if (read.status === 'rejected') throw read.reason;
    let current = read.value;
    let decided: ReleaseChange;
    try {
      if (!matchesCaller(current)) throw staleWrite(name);
      decided = await change(current);
    } catch (err) {
      if (!fromCache) throw err;
      // Refused on a cached copy: decide again on the API server's.
      current = await readRelease(ns, name, clients);
      if (!matchesCaller(current)) throw staleWrite(name);
      decided = await change(current);
    }
    const spec = decided.spec ?? {};
    const patch = {
      metadata: { resourceVersion: current.metadata.resourceVersion, annotations: { ...decided.annotations, [CHANGED_BY_ANNOTATION]: user } },
      ...(Object.keys(spec).length > 0 ? { spec } : {}),
    };
    try {
      const written = await mergePatchRelease(ns, name, patch, clients);
      controller?.written(written);
      return written;
    } catch (err) {
      const retry = isAppError(err) && err.code === 'conflict' && options.resourceVersion === undefined && attempt < ATTEMPTS;
      if (!retry) throw err;
    }
  }
}
