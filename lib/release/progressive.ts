/**
 * How a progressive job's schedule (spec.steps, issue 11) turns into the routes the translation
 * writes: the controller, the YAML preview and the job detail all route by `effectiveSpec`, never
 * by spec.traffic.candidateWeight, while the schedule drives the job. Like Argo Rollouts'
 * currentStepIndex, the step lives in the status, so the user's spec is never rewritten for a step.
 */
import { progressRouting, type ReleaseProgress } from '../analysis/progress';
import type { GrayscaleReleaseSpec } from './types';

/** Whether the schedule drives this job's weight (Canary with steps). */
export function isProgressive(spec: Pick<GrayscaleReleaseSpec, 'strategy' | 'steps'>): boolean {
  return spec.strategy === 'Canary' && (spec.steps?.length ?? 0) > 0;
}

/**
 * The spec the routes follow now: the current step's weight (the last step and a completed schedule:
 * take over by the candidate; rolled back or aborted: weight 0). A person's spec.takeOver still wins,
 * and once the final take over is written into spec.takeOver (`handedOver`) the job is an ordinary
 * taken-over job.
 */
export function effectiveSpec(spec: GrayscaleReleaseSpec, progress: ReleaseProgress | undefined): GrayscaleReleaseSpec {
  if (!isProgressive(spec) || (progress?.phase === 'completed' && progress.handedOver)) return spec;
  const r = progressRouting(spec.steps!, progress);
  if (r.takeOver) return { ...spec, takeOver: spec.takeOver || spec.candidate.version };
  return { ...spec, traffic: { ...spec.traffic, candidateWeight: r.candidateWeight } };
}
