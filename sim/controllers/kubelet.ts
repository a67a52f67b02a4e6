/**
 * The single simulated node's kubelet (and scheduler): binds pods to the node, gives them an IP,
 * reports them Pending while "containers are created", then Running and Ready after a delay.
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../api/types';
import { objectKey, splitKey, isTerminating, type Controller } from './controller';
import { createWorkQueue } from './work-queue';
import type { EventRecorder } from './events';
import { IpAllocator } from './ip-allocator';
import { NODE_NAME } from './pod-template';
import { pendingStatus, podIP, podPhase, runningStatus } from './pod-status';

const PODS = 'pods';
const KUBELET = { component: 'kubelet', host: NODE_NAME };
const SCHEDULER = { component: 'default-scheduler' };

type Json = Record<string, unknown>;

function nodeOf(pod: KubeObject): string | undefined {
  return (pod.spec as Json | undefined)?.nodeName as string | undefined;
}

function containersOf(pod: KubeObject): { name: string; image: string }[] {
  return (((pod.spec as Json | undefined)?.containers as Json[] | undefined) ?? []).map((c) => ({ name: String(c.name ?? ''), image: String(c.image ?? '') }));
}

/** The pod still needs something from this node: binding, an IP, or starting. */
function needsWork(pod: KubeObject): boolean {
  if (isTerminating(pod)) return false;
  const node = nodeOf(pod);
  if (node && node !== NODE_NAME) return false;
  return !node || !podIP(pod) || podPhase(pod) === 'Pending' || podPhase(pod) === undefined;
}

/**
 * Creates the kubelet of `graylane-node-1`; pods become Ready `readyDelayMs` after they start.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 */
export function createKubelet(store: ClusterStore, recorder: EventRecorder, readyDelayMs: number): Controller {
  const ips = new IpAllocator();
  // keyed by namespace/name; the uid guards against a same-named pod created after a deletion
  const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; uid: string | undefined }>();

  const clearTimer = (key: string): void => {
    const t = timers.get(key);
    if (t) clearTimeout(t.timer);
    timers.delete(key);
  };

  const scheduleStart = (key: string, pod: KubeObject): void => {
    if (timers.has(key)) return;
    // Counted from when this kubelet first sees the pod Pending (startTime has only second
    // precision; after a restart a pending pod simply waits one more delay).
    const uid = pod.metadata.uid;
    const timer = setTimeout(() => {
      timers.delete(key);
      start(key, uid);
    }, readyDelayMs);
    timer.unref?.();
    timers.set(key, { timer, uid });
  };

  /** Pending -> Running once the start timer fired. */
  const start = (key: string, uid: string | undefined): void => {
    const { namespace, name } = splitKey(key);
    const pod = store.get(PODS, namespace, name);
    if (!pod || pod.metadata.uid !== uid || isTerminating(pod) || podPhase(pod) !== 'Pending' || nodeOf(pod) !== NODE_NAME) return;
    try {
      store.update(PODS, { ...pod, status: runningStatus(pod, new Date()) }, { subresource: 'status' });
    } catch {
      queue.add(key); // raced with another writer: re-evaluate from the store
      return;
    }
    for (const c of containersOf(pod)) {
      recorder.record(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, KUBELET);
      recorder.record(pod, 'Normal', 'Created', `Created container ${c.name}`, KUBELET);
      recorder.record(pod, 'Normal', 'Started', `Started container ${c.name}`, KUBELET);
    }
  };

  const reconcile = (key: string): void => {
    const { namespace, name } = splitKey(key);
    const pod = store.get(PODS, namespace, name);
    if (!pod || !needsWork(pod)) return;
    if (!nodeOf(pod)) {
      // The scheduler's binding: one node, so every pod lands on it.
      store.update(PODS, { ...pod, spec: { ...(pod.spec as Json), nodeName: NODE_NAME } });
      return; // the MODIFIED event brings the pod back here
    }
    if (!podIP(pod) || podPhase(pod) === undefined) {
      const ip = podIP(pod) ?? ips.allocate();
      try {
        store.update(PODS, { ...pod, status: pendingStatus(pod, ip, new Date()) }, { subresource: 'status' });
      } catch (err) {
        if (!podIP(pod)) ips.release(ip);
        throw err;
      }
      recorder.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${NODE_NAME}`, SCHEDULER);
      return;
    }
    if (podPhase(pod) === 'Pending') scheduleStart(key, pod);
  };

  const queue = createWorkQueue('kubelet', reconcile);

  const rebuildIps = (pods: KubeObject[]): void => {
    ips.resetTo(pods.map(podIP).filter((ip): ip is string => Boolean(ip)));
  };
  rebuildIps(store.list(PODS));

  return {
    handle(ev: StoreEvent) {
      if (ev.resource !== PODS) return;
      const key = objectKey(ev.object);
      if (ev.type === 'DELETED') {
        clearTimer(key);
        const ip = podIP(ev.object);
        if (ip) ips.release(ip);
        return;
      }
      const ip = podIP(ev.object);
      if (ip) ips.reserve(ip);
      if (isTerminating(ev.object)) clearTimer(key);
      else if (needsWork(ev.object)) queue.add(key);
    },
    resync() {
      const pods = store.list(PODS);
      rebuildIps(pods);
      for (const p of pods) if (needsWork(p)) queue.add(objectKey(p));
    },
    stop() {
      queue.stop();
      for (const t of timers.values()) clearTimeout(t.timer);
      timers.clear();
    },
  };
}
