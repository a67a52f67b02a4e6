import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { PatchReleaseRequest } from '@/lib/api/release-types';
import { isProgressive } from '@/lib/release/progressive';
import { applyReleasePatch, patchChangesSomething, releaseMergePatch } from '@/lib/api/release-view-patch';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { viewOf } from './get';
import { readNamespaceObjects } from './namespace-objects';
import { checkContext, validateSpec } from './validation';
import { assertChangeable, writeRelease } from './write';
import type { ServedReleaseView } from './view-model';

/**
 * Changes a running job's traffic, candidate replicas, conditions or mirror percentage, with the
 * same validation as create on the resulting spec; a stale `resourceVersion` is a 409 "reload".
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#patch-and-apply
 */
export async function patchRelease(ns: string, name: string, request: PatchReleaseRequest, user: string, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  if (!patchChangesSomething(request)) {
    throw new AppError('bad_request', 'nothing to change: send candidateWeight, candidateReplicas, match or mirrorPercent', { fields: [{ field: 'body', message: 'no change requested' }] });
  }
  const updated = await writeRelease(
    ns,
    name,
    user,
    clients,
    async (current) => {
      assertChangeable(current, 'change the job');
      if (request.candidateWeight !== undefined && isProgressive(current.spec) && request.candidateWeight !== current.spec.traffic.candidateWeight) {
        // the schedule routes by its current step (lib/release/progressive.ts): a new weight would be silently ignored
        const message = 'spec.traffic.candidateWeight: the step schedule (spec.steps) sets the weight of a progressive job; use Promote, Pause/Resume or Abort';
        throw new AppError('invalid', message, { fields: [{ field: 'spec.traffic.candidateWeight', message }] });
      }
      const spec = validateSpec(applyReleasePatch(current.spec, request));
      checkContext(ns, name, spec, await readNamespaceObjects(ns, clients));
      return releaseMergePatch(request);
    },
    { resourceVersion: request.resourceVersion, generation: request.generation, project: () => requireProject(ns, clients) },
  );
  return viewOf(updated, clients, { cached: true });
}
