import 'server-only';
import { AppError } from '@/lib/api/errors';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import { getKubeClients, type KubeClients } from '../kube/client';
import { isNotFound } from '../kube/not-found';
import { requireProject } from '../projects/projects';
import { viewOf } from './get';
import { deleteReleaseObject, mergePatchRelease, readRelease } from './release-objects';
import type { ServedReleaseView } from './view-model';
import { assertChangeable, writeRelease, type WriteOptions } from './write';

/**
 * What the caller saw when deciding (optional): a job changed since (another `generation` or
 * `resourceVersion`) is a 409 "reload" instead of the action applied to a spec they did not see.
 */
export type ExpectedVersion = Pick<WriteOptions, 'generation' | 'resourceVersion'>;

/**
 * Take Over: `version` (the job's baseline or candidate) receives 100% of traffic; 400 naming
 * `version` for any other. https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
 */
export async function takeOverRelease(ns: string, name: string, version: string, user: string, expect: ExpectedVersion = {}, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  const updated = await writeRelease(ns, name, user, clients, (current) => {
    const { baseline, candidate } = current.spec;
    if (version !== baseline.version && version !== candidate.version) {
      const message = `version: must be ${baseline.version} (baseline) or ${candidate.version} (candidate), not "${version}"`;
      throw new AppError('bad_request', message, { fields: [{ field: 'version', message }] });
    }
    assertChangeable(current, `take over ${version}`);
    return { takeOver: version };
  }, { ...expect, project: () => requireProject(ns, clients) });
  return viewOf(updated, clients, { cached: true });
}

/** Restore: clears Take Over, so the configured split, conditions or mirror apply again. */
export async function restoreRelease(ns: string, name: string, user: string, expect: ExpectedVersion = {}, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  const updated = await writeRelease(
    ns,
    name,
    user,
    clients,
    (current) => {
      assertChangeable(current, 'restore the traffic split');
      return { takeOver: null };
    },
    { ...expect, project: () => requireProject(ns, clients) },
  );
  return viewOf(updated, clients, { cached: true });
}

/**
 * Job Offline: keeps the takeOver version (else the baseline) and has the controller remove the
 * other; 409 with the reason when the outcome is not unambiguous (see ReleaseView.offline).
 * Repeating it on a job already going offline changes nothing.
 */
export async function offlineRelease(ns: string, name: string, user: string, expect: ExpectedVersion = {}, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  await requireProject(ns, clients);
  const current = await readRelease(ns, name, clients);
  if (current.spec.offline && !current.metadata.deletionTimestamp) return viewOf(current, clients);
  // Decided on each (re-)read: the controller's status writes between read and write only cause a retry.
  const updated = await writeRelease(
    ns,
    name,
    user,
    clients,
    async (latest) => {
      const { offline } = await viewOf(latest, clients);
      if (!offline.allowed) throw new AppError('conflict', `cannot take release job ${name} offline: ${offline.reason ?? 'its outcome is ambiguous'}`);
      return { offline: true };
    },
    expect,
  );
  return viewOf(updated, clients, { cached: true });
}

/**
 * Deletes a job (202): an active job's finalizer has the controller roll it back (all traffic to
 * the kept version, the other removed) before the object goes. Returns the job as it is then.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/
 */
export async function deleteRelease(ns: string, name: string, user: string, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  await requireProject(ns, clients);
  let current = await readRelease(ns, name, clients);
  if (!current.metadata.deletionTimestamp) {
    // Recorded first so the controller's rollback Events name who deleted the job.
    current = await mergePatchRelease(ns, name, { metadata: { annotations: { [CHANGED_BY_ANNOTATION]: user } } }, clients);
  }
  const before = await viewOf(current, clients);
  await deleteReleaseObject(ns, name, clients);
  try {
    return await viewOf(await readRelease(ns, name, clients), clients);
  } catch (err) {
    // Gone at once (no finalizer: the controller had not accepted it): report the last state.
    if (isNotFound(err)) return { ...before, deleting: true };
    throw err;
  }
}
