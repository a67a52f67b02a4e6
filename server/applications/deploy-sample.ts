import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { AppError, isAppError } from '@/lib/api/errors';
import type { ApplicationView } from '@/lib/api/types';
import { APP_NAME_LABEL } from '@/lib/api/view-models';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { ISTIO_NETWORKING_GROUP, pickVersion, servedGroups } from '../kube/discovery';
import { isNotFound } from '../kube/not-found';
import { requireProject } from '../projects/projects';
import { getApplication } from './applications';
import { bookinfoObjects, parseManifest, SAMPLE_APP_NAME, type ManifestObject } from './bookinfo-sample';

export interface DeploySampleOptions {
  /** the Bookinfo manifest; default `deploy/samples/bookinfo.yaml` under the working directory */
  manifestPath?: string;
  clients?: KubeClients;
}

/** Istio networking versions, newest first; the sample uses the first one the cluster serves. */
const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];

function describe(obj: ManifestObject): string {
  return `${obj.kind} ${obj.metadata.name}`;
}

async function loadManifest(manifestPath: string): Promise<ManifestObject[]> {
  try {
    return parseManifest(await readFile(manifestPath, 'utf8'));
  } catch {
    throw new AppError('internal', `the sample manifest ${path.relative(process.cwd(), manifestPath) || manifestPath} is missing or invalid`);
  }
}

async function refuseIfDeployed(ns: string, clients: KubeClients): Promise<void> {
  const selector = `${APP_NAME_LABEL}=${SAMPLE_APP_NAME}`;
  const [services, deployments] = await kubeCall(clients, (c) =>
    Promise.all([
      c.core.listNamespacedService({ namespace: ns, labelSelector: selector, limit: 1 }),
      c.apps.listNamespacedDeployment({ namespace: ns, labelSelector: selector, limit: 1 }),
    ]),
  );
  if (services.items.length > 0 || deployments.items.length > 0) {
    throw new AppError('already_exists', `the sample application ${SAMPLE_APP_NAME} is already deployed in project ${ns}`);
  }
}

/** Deletes what this call created, newest first; returns the objects it could not delete. */
async function rollBack(created: ManifestObject[], clients: KubeClients): Promise<string[]> {
  const left: string[] = [];
  for (const obj of [...created].reverse()) {
    try {
      // Background propagation: the Deployment's pods go with it.
      await kubeCall(clients, (c) => c.objects.delete(obj as KubernetesObject, undefined, undefined, undefined, undefined, 'Background'));
    } catch (err) {
      if (isNotFound(err)) continue;
      left.push(`${describe(obj)} (${isAppError(err) ? err.message : 'unknown error'})`);
    }
  }
  return left;
}

function failure(err: AppError, failed: ManifestObject, ns: string, created: number, left: string[]): AppError {
  const cause =
    err.code === 'already_exists' ? `${describe(failed)} already exists in project ${ns}` : `${describe(failed)} could not be created: ${err.message}`;
  const undo =
    left.length === 0
      ? created === 0 ? 'nothing was created' : `the ${created} objects created before were deleted again`
      : `these objects could not be deleted again: ${left.join(', ')}`;
  return new AppError(err.code, `could not deploy the sample application ${SAMPLE_APP_NAME}: ${cause}; ${undo}`, { status: err.status, fields: err.fields });
}

/**
 * Deploys Bookinfo (v1 of each service) into a project, all or nothing: if any object cannot be
 * created, the ones this call created are deleted and the cause is reported with its status.
 * https://istio.io/latest/docs/examples/bookinfo/
 */
export async function deploySampleApplication(ns: string, options: DeploySampleOptions = {}): Promise<ApplicationView> {
  const clients = options.clients ?? getKubeClients();
  const manifestPath = options.manifestPath ?? path.join(process.cwd(), 'deploy', 'samples', 'bookinfo.yaml');
  const [, manifest, groups] = await Promise.all([requireProject(ns, clients), loadManifest(manifestPath), servedGroups(clients)]);
  await refuseIfDeployed(ns, clients);

  const objects = bookinfoObjects(manifest, ns, istioApiVersion(groups));
  const created: ManifestObject[] = [];
  for (const obj of objects) {
    try {
      await kubeCall(clients, (c) => c.objects.create(obj as KubernetesObject));
      created.push(obj);
    } catch (err) {
      const appErr = isAppError(err) ? err : new AppError('internal', 'unexpected error');
      const left = await rollBack(created, clients);
      throw failure(appErr, obj, ns, created.length, left);
    }
  }
  return getApplication(ns, SAMPLE_APP_NAME, clients);
}

function istioApiVersion(groups: Map<string, string[]>): string | undefined {
  const version = pickVersion(groups, ISTIO_NETWORKING_GROUP, ISTIO_VERSIONS);
  return version ? `${ISTIO_NETWORKING_GROUP}/${version}` : undefined;
}
