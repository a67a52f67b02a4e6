import 'server-only';
import { AppError } from '@/lib/api/errors';
import {
  ABORT_ANNOTATION,
  analysisView,
  progressActionRefusal,
  progressiveView,
  PROMOTE_ANNOTATION,
  promoteStepIndex,
  type ProgressAction,
  type ProgressActionState,
  type ReleaseAnalysisView,
} from '@/lib/api/release-progress';
import { releasePhase } from '@/lib/api/release-view';
import type { GrayscaleRelease } from '@/lib/release/types';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import type { ExpectedVersion } from './actions';
import { viewOf } from './get';
import { readRelease } from './release-objects';
import type { ServedReleaseView } from './view-model';
import { writeReleaseChange, type ReleaseChange } from './write';

/** The facts progressActionRefusal decides on, read from the object. */
function actionState(r: GrayscaleRelease): ProgressActionState {
  return {
    name: r.metadata.name,
    strategy: r.spec.strategy,
    phase: releasePhase(r),
    deleting: Boolean(r.metadata.deletionTimestamp),
    offline: r.spec.offline === true,
    takeOver: r.spec.takeOver || null,
    progressive: progressiveView(r),
  };
}

/** The write each action makes (TEAM-NOTES "Contract: progressive jobs"): one-shot annotations for Promote and Abort, spec.paused for Pause and Resume. */
function changeFor(action: ProgressAction, r: GrayscaleRelease): ReleaseChange {
  switch (action) {
    case 'promote':
      return { annotations: { [PROMOTE_ANNOTATION]: String(promoteStepIndex(progressiveView(r)!)) } };
    case 'abort':
      return { annotations: { [ABORT_ANNOTATION]: 'true' } };
    case 'pause':
      return r.spec.paused === true ? {} : { spec: { paused: true } };
    case 'resume':
      return r.spec.paused === true ? { spec: { paused: null } } : {};
  }
}

/**
 * Promote (the current step, now), Pause, Resume or Abort a progressive job, as the controller's
 * contract asks: Promote and Abort are one-shot annotations the controller acts on and clears
 * (kubectl users can set the same ones), Pause/Resume toggle `spec.paused`. 422 naming the reason
 * when the job has no schedule or is final; 409 when `generation` is stale.
 * https://argo-rollouts.readthedocs.io/en/stable/features/canary/ (the same verbs in Argo Rollouts)
 */
export async function progressAction(ns: string, name: string, action: ProgressAction, user: string, expect: ExpectedVersion = {}, clients: KubeClients = getKubeClients()): Promise<ServedReleaseView> {
  const updated = await writeReleaseChange(
    ns,
    name,
    user,
    clients,
    (current) => {
      const refusal = progressActionRefusal(actionState(current), action);
      if (refusal) throw new AppError('invalid', refusal);
      return changeFor(action, current);
    },
    { ...expect, project: () => requireProject(ns, clients) },
  );
  return viewOf(updated, clients, { cached: true });
}

/**
 * GET .../analysis: the schedule, the analysis with its defaults, the controller's progress and
 * the exact PromQL (labels resolved, window of the last look) behind the verdict shown. 422 for a
 * job without a schedule.
 */
export async function getReleaseAnalysis(ns: string, name: string, clients: KubeClients = getKubeClients(), nowMs = Date.now()): Promise<ReleaseAnalysisView> {
  await requireProject(ns, clients);
  const release = await readRelease(ns, name, clients);
  const view = progressiveView(release);
  if (!view) throw new AppError('invalid', `release job ${name} has no progressive schedule (spec.steps): there is no analysis to show`);
  return analysisView(view, { namespace: ns, service: release.spec.service, baseline: release.spec.baseline.version, candidate: release.spec.candidate.version }, nowMs);
}
