/**
 * The step planner: given the schedule, where the job stands, the time and the latest verdict,
 * the one next action. Pure and level-based (DESIGN.md house rule 5): the controller calls it on
 * every reconcile with what it reads from the job's status, performs the action, records it as an
 * Event, and calls it again; calling it twice with the same input gives the same answer.
 */
import type { Verdict } from './evaluate';
import { parseDuration, type Step } from './spec';

/** Where a progressive job stands (kept in `status.progress` by the controller). */
export interface ProgressState {
  /** index into `spec.steps` of the current step */
  stepIndex: number;
  /** when the current step's weight was applied (ms since epoch); null until it is */
  stepStartedAt: number | null;
  /** weight the routes currently give the candidate (status), null if unknown */
  appliedWeight: number | null;
  /**
   * running: automation on; paused: a person paused it (analysis may still roll back);
   * awaiting-decision: automation stopped (max duration, sample-ratio mismatch) until Promote or
   * Abort; rolled-back and completed are final.
   */
  phase: 'running' | 'paused' | 'awaiting-decision' | 'rolled-back' | 'completed';
  /** a person clicked Promote for this step */
  promoteRequested?: boolean;
  /** a person clicked Abort */
  abortRequested?: boolean;
}

export type PlannerAction =
  | { type: 'set-weight'; stepIndex: number; weight: number; reason: string }
  | { type: 'wait'; reason: string; until?: number; restartAnalysis?: boolean }
  | { type: 'promote'; toStep: number; weight: number; reason: string }
  | { type: 'take-over'; reason: string }
  | { type: 'rollback'; reason: string }
  | { type: 'hand-to-person'; reason: string }
  | { type: 'done'; reason: string };

export interface PlanInput {
  steps: readonly Step[];
  state: ProgressState;
  now: number;
  /** latest verdict of the current step's analysis; null if there is none yet; undefined when the job has no analysis */
  verdict?: Verdict | null;
}

function advance(steps: readonly Step[], from: number, why: string): PlannerAction {
  const next = from + 1;
  if (next >= steps.length || steps[next].weight === 100) return { type: 'take-over', reason: why };
  return { type: 'promote', toStep: next, weight: steps[next].weight, reason: why };
}

/** The next action of a progressive job. */
export function planNext({ steps, state, now, verdict }: PlanInput): PlannerAction {
  if (state.phase === 'rolled-back') return { type: 'done', reason: 'rolled back' };
  if (state.phase === 'completed') return { type: 'done', reason: 'taken over' };
  if (state.abortRequested) return { type: 'rollback', reason: 'aborted by a person' };
  const step = steps[state.stepIndex];
  if (!step) return { type: 'take-over', reason: 'past the last step' };
  if (step.weight === 100) return { type: 'take-over', reason: `step ${state.stepIndex + 1} is the take over` };
  if (state.appliedWeight !== step.weight || state.stepStartedAt === null) {
    return { type: 'set-weight', stepIndex: state.stepIndex, weight: step.weight, reason: `step ${state.stepIndex + 1} of ${steps.length}: route ${step.weight}% to the candidate` };
  }

  // a shown regression rolls back whatever else is going on, even while paused: safety first
  if (verdict?.verdict === 'fail') return { type: 'rollback', reason: verdict.message };
  if (state.promoteRequested) return advance(steps, state.stepIndex, 'promoted by a person');
  if (state.phase === 'awaiting-decision') return { type: 'wait', reason: 'waiting for a person to promote or abort' };
  if (verdict?.verdict === 'sample-ratio-mismatch' || verdict?.verdict === 'max-duration') return { type: 'hand-to-person', reason: verdict.message };
  if (verdict?.verdict === 'counter-reset') return { type: 'wait', reason: verdict.message, restartAnalysis: true };
  if (state.phase === 'paused') return { type: 'wait', reason: 'paused by a person' };

  if (step.pause === 'manual') {
    const status = verdict ? ` (analysis: ${verdict.verdict})` : '';
    return { type: 'wait', reason: `waiting for Promote${status}` };
  }
  const pauseMs = step.pause ? (parseDuration(step.pause) ?? 0) : 0;
  const until = state.stepStartedAt + pauseMs;
  if (now < until) return { type: 'wait', until, reason: `step ${state.stepIndex + 1} pauses ${step.pause} at ${step.weight}%` };
  if (verdict === undefined) return advance(steps, state.stepIndex, `pause of ${step.pause} elapsed`);
  if (verdict?.verdict === 'pass') return advance(steps, state.stepIndex, verdict.message);
  return { type: 'wait', reason: verdict ? verdict.message : 'waiting for the first look of the analysis' };
}
