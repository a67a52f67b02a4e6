/**
 * Deployment controller without ReplicaSets: owns pods directly (named and labelled as if a
 * ReplicaSet existed), scales them, rolls them over on template changes and reports status.
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../api/types';
import { ApiError } from '../api/errors';
import { objectKey, splitKey, isTerminating, type Controller } from './controller';
import { createWorkQueue } from './work-queue';
import type { EventRecorder } from './events';
import { podName, podTemplateHash } from './pod-naming';
import { stableStringify } from './stable-json';
import { controllerUid, podFromTemplate, POD_TEMPLATE_HASH_LABEL } from './pod-template';
import { isPodReady, readySince } from './pod-status';
import { planRollout, type PlanPod, type StrategyInput } from './rollout-plan';
import { computeDeploymentStatus } from './deployment-status';

const DEPLOYMENTS = 'apps/deployments';
const PODS = 'pods';
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const SOURCE = { component: 'deployment-controller' };
/** Attempts at a fresh random name before giving up on this sync (the next one retries). */
const NAME_ATTEMPTS = 5;

type Json = Record<string, unknown>;

interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
  minReadySeconds?: number;
  template?: Json;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
}

function specOf(d: KubeObject): DeploymentSpec {
  return (d.spec ?? {}) as DeploymentSpec;
}

/** The Deployment's strategy with Kubernetes' defaults. */
export function strategyOf(d: KubeObject): StrategyInput {
  const s = specOf(d).strategy;
  if (s?.type === 'Recreate') return { type: 'Recreate' };
  return { type: 'RollingUpdate', maxSurge: s?.rollingUpdate?.maxSurge, maxUnavailable: s?.rollingUpdate?.maxUnavailable };
}

/** How the planner sees a pod: new or old template, ready, available after minReadySeconds. */
export function toPlanPod(pod: KubeObject, hash: string, minReadySeconds: number, now: number): PlanPod {
  const ready = isPodReady(pod);
  const since = readySince(pod);
  const available = ready && (minReadySeconds <= 0 || (since !== undefined && since + minReadySeconds * 1000 <= now));
  return {
    name: pod.metadata.name ?? '',
    isNew: pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash,
    ready,
    available,
    createdAt: Date.parse(pod.metadata.creationTimestamp ?? '') || 0,
  };
}

function hashOf(pod: KubeObject): string {
  return pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';
}

/**
 * Creates the deployment controller.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export function createDeploymentController(store: ClusterStore, recorder: EventRecorder): Controller {
  const ownedPods = (d: KubeObject): KubeObject[] => store.list(PODS, d.metadata.namespace).filter((p) => controllerUid(p, 'Deployment') === d.metadata.uid);

  const createPod = (d: KubeObject, hash: string): void => {
    const pod = podFromTemplate(d, hash);
    for (let i = 0; ; i++) {
      // Named here rather than by generateName so the `<deploy>-<hash>-<5 safe chars>` shape
      // does not depend on the apiserver's generator.
      pod.metadata.name = podName(d.metadata.name ?? 'pod', hash);
      try {
        store.create(PODS, pod);
        return;
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists') || i >= NAME_ATTEMPTS) throw err;
      }
    }
  };

  const deletePod = (namespace: string | undefined, name: string): void => {
    try {
      store.delete(PODS, namespace, name);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  };

  /** Keeps `deployment.kubernetes.io/revision` moving when a template is rolled out for the first time. */
  const syncRevision = (d: KubeObject, hash: string, pods: KubeObject[]): KubeObject => {
    const current = Number(d.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
    const seen = pods.some((p) => hashOf(p) === hash);
    const next = !current ? 1 : !seen && pods.length > 0 ? current + 1 : current;
    if (next === current) return d;
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: String(next) };
    return store.update(DEPLOYMENTS, d);
  };

  const reconcile = (key: string): void => {
    const { namespace, name } = splitKey(key);
    let d = store.get(DEPLOYMENTS, namespace, name);
    // A deployment being deleted (foreground) gets no new pods; the garbage collector empties it.
    if (!d || isTerminating(d)) return;
    const spec = specOf(d);
    const collisionCount = (d.status as Json | undefined)?.collisionCount as number | undefined;
    const hash = podTemplateHash(spec.template, collisionCount);
    const replicas = spec.replicas ?? 1;
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const strategy = strategyOf(d);
    const rsName = `${name}-${hash}`;

    let pods = ownedPods(d);
    d = syncRevision(d, hash, pods);
    const now = Date.now();
    const active = pods.filter((p) => !isTerminating(p));
    const planPods = active.map((p) => toPlanPod(p, hash, minReadySeconds, now));
    const terminatingOld = pods.filter((p) => isTerminating(p) && hashOf(p) !== hash).length;
    // A paused Deployment does not roll out; it only scales (kube scales the old ReplicaSets
    // proportionally; without ReplicaSets, treating every pod as current is the closest match).
    const plan = planRollout({
      replicas,
      strategy,
      pods: spec.paused ? planPods.map((p) => ({ ...p, isNew: true })) : planPods,
      terminatingOld,
    });

    if (plan.create > 0 || plan.delete.length > 0) {
      const newBefore = planPods.filter((p) => p.isNew).length;
      for (const p of plan.delete) deletePod(namespace, p.name);
      for (let i = 0; i < plan.create; i++) createPod(d, hash);
      recordScaling(d, hash, rsName, active, plan.delete.map((p) => p.name), newBefore, plan.create);
      pods = ownedPods(d);
    }

    // pods becoming available after minReadySeconds produce no event: look again then.
    if (minReadySeconds > 0 && planPods.some((p) => p.ready && !p.available)) queue.addAfter(key, 1000);

    writeStatus(d, hash, rsName, pods, replicas, strategy, minReadySeconds);
  };

  const recordScaling = (d: KubeObject, hash: string, rsName: string, active: KubeObject[], deleted: string[], newBefore: number, created: number): void => {
    const newDeleted = active.filter((p) => deleted.includes(p.metadata.name ?? '') && hashOf(p) === hash).length;
    const newAfter = newBefore + created - newDeleted;
    if (newAfter !== newBefore) {
      const dir = newAfter > newBefore ? 'up' : 'down';
      recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${rsName} to ${newAfter}${newBefore ? ` from ${newBefore}` : ''}`, SOURCE);
    }
    // Old "replica sets" are the other hashes among the pods.
    const oldHashes = new Set(active.map(hashOf).filter((h) => h !== hash));
    for (const h of oldHashes) {
      const before = active.filter((p) => hashOf(p) === h).length;
      const gone = active.filter((p) => hashOf(p) === h && deleted.includes(p.metadata.name ?? '')).length;
      if (gone) recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${d.metadata.name}-${h} to ${before - gone} from ${before}`, SOURCE);
    }
  };

  const writeStatus = (d: KubeObject, hash: string, rsName: string, pods: KubeObject[], replicas: number, strategy: StrategyInput, minReadySeconds: number): void => {
    const now = Date.now();
    const previous = d.status as Json | undefined;
    const status = computeDeploymentStatus({
      generation: d.metadata.generation ?? 1,
      replicas,
      paused: Boolean(specOf(d).paused),
      strategy,
      newReplicaSetName: rsName,
      pods: pods.filter((p) => !isTerminating(p)).map((p) => toPlanPod(p, hash, minReadySeconds, now)),
      previous,
      now: new Date(now),
    });
    if (stableStringify(status) === stableStringify(previous ?? {})) return;
    store.update(DEPLOYMENTS, { ...d, status }, { subresource: 'status' });
  };

  const queue = createWorkQueue('deployment', reconcile);

  const enqueueOwner = (pod: KubeObject | undefined): void => {
    const ref = pod?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    if (pod && ref) queue.add(`${pod.metadata.namespace ?? ''}/${ref.name}`);
  };

  return {
    handle(ev: StoreEvent) {
      if (ev.resource === DEPLOYMENTS) queue.add(objectKey(ev.object));
      else if (ev.resource === PODS) {
        enqueueOwner(ev.object);
        enqueueOwner(ev.old);
      }
    },
    resync() {
      for (const d of store.list(DEPLOYMENTS)) queue.add(objectKey(d));
    },
    stop() {
      queue.stop();
    },
  };
}
