import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { KubeDeployment } from '@/lib/api/kube-shapes';
import type { ReleaseDefaults } from '@/lib/api/release-types';
import { DefaultsProblem, releaseDefaults } from '@/lib/api/release-view-defaults';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { readNamespaceObjects } from './namespace-objects';

/**
 * The Create Job wizard's prefill for a Service: baseline version, Deployment and images, and a
 * candidate with the next version name and images with the version replaced. 404 for an unknown
 * Service, 422 when it has nothing to release from.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export async function getReleaseDefaults(ns: string, service: string, baseline: string | undefined, clients: KubeClients = getKubeClients()): Promise<ReleaseDefaults> {
  const [, objects] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients)]);
  const svc = objects.services.find((s) => s.metadata.name === service);
  if (!svc) {
    const message = `service: Service ${service} was not found in project ${ns}`;
    throw new AppError('not_found', message, { fields: [{ field: 'service', message }] });
  }
  try {
    return releaseDefaults(svc, objects.deployments as unknown as KubeDeployment[], objects.releases, baseline);
  } catch (err) {
    if (err instanceof DefaultsProblem) throw new AppError('invalid', `${err.field}: ${err.message}`, { fields: [{ field: err.field, message: `${err.field}: ${err.message}` }] });
    throw err;
  }
}
