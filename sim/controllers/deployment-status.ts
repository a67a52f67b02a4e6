/**
 * Pure computation of a Deployment's status from its pods, with conditions that keep their
 * timestamps while nothing changes (so an idle resync writes nothing).
 */
import { resolveFenceposts, type PlanPod, type StrategyInput } from './rollout-plan';

type Json = Record<string, unknown>;

interface ConditionState {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

export interface DeploymentCondition extends ConditionState {
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface StatusInput {
  generation: number;
  replicas: number;
  paused: boolean;
  strategy: StrategyInput;
  /** name of the (virtual) new ReplicaSet: `<deployment>-<hash>` */
  newReplicaSetName: string;
  /** active pods (no deletionTimestamp) */
  pods: PlanPod[];
  previous: Json | undefined;
  now: Date;
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Keeps the previous condition (and its times) when nothing but times would change. */
function mergeCondition(prev: DeploymentCondition | undefined, next: ConditionState, now: string): DeploymentCondition {
  if (prev && prev.status === next.status && prev.reason === next.reason && prev.message === next.message) return prev;
  return {
    ...next,
    lastUpdateTime: now,
    lastTransitionTime: prev && prev.status === next.status ? prev.lastTransitionTime : now,
  };
}

/**
 * The Deployment status a real controller would report for these pods. Zero counts are omitted,
 * as the API's `omitempty` does.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */
export function computeDeploymentStatus(input: StatusInput): Json {
  const { pods, replicas, now } = input;
  const at = timestamp(now);
  const updated = pods.filter((p) => p.isNew).length;
  const ready = pods.filter((p) => p.ready).length;
  const available = pods.filter((p) => p.available).length;
  // kube subtracts from the ReplicaSets' desired sizes, which are at least the target while
  // pods are missing: use the larger of target and actual.
  const unavailable = Math.max(0, Math.max(pods.length, replicas) - available);
  const { unavailable: maxUnavailable } = input.strategy.type === 'Recreate' ? { unavailable: 0 } : resolveFenceposts(input.strategy.maxSurge, input.strategy.maxUnavailable, replicas);

  const prevConditions = ((input.previous?.conditions as DeploymentCondition[] | undefined) ?? []);
  const prevOf = (type: string): DeploymentCondition | undefined => prevConditions.find((c) => c.type === type);

  const availableCond = mergeCondition(
    prevOf('Available'),
    available >= replicas - maxUnavailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    at,
  );
  const complete = updated === replicas && pods.length === replicas && available === replicas;
  const rs = input.newReplicaSetName;
  const progressingCond = mergeCondition(
    prevOf('Progressing'),
    input.paused
      ? { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }
      : complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs}" is progressing.` },
    at,
  );

  const status: Json = { observedGeneration: input.generation };
  if (pods.length) status.replicas = pods.length;
  if (updated) status.updatedReplicas = updated;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (unavailable) status.unavailableReplicas = unavailable;
  status.conditions = [availableCond, progressingCond];
  if (input.previous?.collisionCount !== undefined) status.collisionCount = input.previous.collisionCount;
  return status;
}
