/**
 * Pure planning of one reconcile step of a Deployment, ReplicaSet-free: which pods to create and
 * which to delete, following the Deployment controller's rolling-update and recreate algorithms.
 */

export type IntOrPercent = number | string;

/** What the planner needs to know about one active (not terminating) pod of a Deployment. */
export interface PlanPod {
  name: string;
  /** true when its pod-template-hash is the current template's */
  isNew: boolean;
  ready: boolean;
  /** ready for at least minReadySeconds */
  available: boolean;
  /** creation time in ms, for "delete the newest first" */
  createdAt: number;
}

export interface StrategyInput {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

export interface PlanInput {
  replicas: number;
  strategy: StrategyInput;
  /** active pods: no deletionTimestamp */
  pods: PlanPod[];
  /** old-template pods still terminating (Recreate waits for them) */
  terminatingOld: number;
}

export interface RolloutPlan {
  /** how many new-template pods to create */
  create: number;
  /** pods to delete, in order */
  delete: PlanPod[];
}

const DEFAULT_SURGE_OR_UNAVAILABLE = '25%';

/**
 * Resolves an int-or-percent against `total`; percentages round up or down as the caller says.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
 */
export function resolveIntOrPercent(value: IntOrPercent | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return resolveIntOrPercent(DEFAULT_SURGE_OR_UNAVAILABLE, total, roundUp);
  if (typeof value === 'number') return Math.max(0, Math.trunc(value));
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    // A bare numeric string is what some clients send for an int; anything else is invalid input
    // the API should have refused, so treat it as 0 rather than crash the controller.
    const n = Number(value);
    return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down); both zero would deadlock, so
 * maxUnavailable becomes 1 then, as in Kubernetes' `ResolveFenceposts`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export function resolveFenceposts(maxSurge: IntOrPercent | undefined, maxUnavailable: IntOrPercent | undefined, replicas: number): { surge: number; unavailable: number } {
  const surge = resolveIntOrPercent(maxSurge, replicas, true);
  let unavailable = resolveIntOrPercent(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/**
 * Order in which pods are deleted when scaling down: not ready before ready, then newest first
 * (a trimmed version of Kubernetes' `ActivePods` ranking).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#scaling-a-replicaset
 */
export function rankForDeletion(pods: PlanPod[]): PlanPod[] {
  return [...pods].sort((a, b) => {
    if (a.ready !== b.ready) return a.ready ? 1 : -1;
    if (a.available !== b.available) return a.available ? 1 : -1;
    if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
    return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
  });
}

function scaleTo(pods: PlanPod[], replicas: number): RolloutPlan {
  if (pods.length < replicas) return { create: replicas - pods.length, delete: [] };
  return { create: 0, delete: rankForDeletion(pods).slice(0, pods.length - replicas) };
}

/**
 * One step of a rolling update: surge new pods up to replicas+maxSurge, and delete old pods only
 * while at least replicas-maxUnavailable pods stay available (make-before-break with defaults).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
function planRolling(input: PlanInput): RolloutPlan {
  const { replicas, strategy, pods } = input;
  const newPods = pods.filter((p) => p.isNew);
  const oldPods = pods.filter((p) => !p.isNew);
  if (oldPods.length === 0) return scaleTo(newPods, replicas);

  const { surge, unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
  const create = Math.max(0, Math.min(replicas + surge - pods.length, replicas - newPods.length));
  const toDelete: PlanPod[] = [];

  // Scaled down in the middle of a rollout: new pods beyond the target go first.
  if (newPods.length > replicas) toDelete.push(...rankForDeletion(newPods).slice(0, newPods.length - replicas));
  const newKept = newPods.filter((p) => !toDelete.includes(p));

  // Pods about to be created are unavailable and counted on both sides of this budget, so they
  // cancel out; computing from the snapshot gives Kubernetes' maxScaledDown.
  const minAvailable = replicas - unavailable;
  const newUnavailable = newKept.filter((p) => !p.available).length;
  const maxScaledDown = oldPods.length + newKept.length - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { create, delete: toDelete };

  // Old pods that are not available cost no availability: clean them up first.
  const unhealthyOld = rankForDeletion(oldPods.filter((p) => !p.available)).slice(0, maxScaledDown);
  toDelete.push(...unhealthyOld);
  const oldKept = rankForDeletion(oldPods.filter((p) => !unhealthyOld.includes(p)));
  const availableNow = newKept.filter((p) => p.available).length + oldKept.filter((p) => p.available).length;
  const scaleDown = Math.min(availableNow - minAvailable, oldKept.length);
  if (scaleDown > 0) toDelete.push(...oldKept.slice(0, scaleDown));
  return { create, delete: toDelete };
}

/**
 * Recreate: delete every old pod, wait until none is left (terminating included), then create.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
 */
function planRecreate(input: PlanInput): RolloutPlan {
  const oldPods = input.pods.filter((p) => !p.isNew);
  if (oldPods.length > 0) return { create: 0, delete: rankForDeletion(oldPods) };
  if (input.terminatingOld > 0) return { create: 0, delete: [] };
  return scaleTo(input.pods, input.replicas);
}

/**
 * Plans the next step of a Deployment from its pods.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export function planRollout(input: PlanInput): RolloutPlan {
  return input.strategy.type === 'Recreate' ? planRecreate(input) : planRolling(input);
}
