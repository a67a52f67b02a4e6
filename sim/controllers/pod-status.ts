/**
 * Pod status as the kubelet of the single simulated node reports it: Pending with an IP while
 * "containers are being created", then Running and Ready.
 */
import type { KubeObject } from '../api/types';
import { fnv1a32 } from './pod-naming';

/** Address of the simulated node (kind's usual first node address). */
export const HOST_IP = '172.18.0.2';

type Json = Record<string, unknown>;

interface Condition extends Json {
  type: string;
  status: 'True' | 'False' | 'Unknown';
}

function containerNames(pod: KubeObject): { name: string; image: string }[] {
  const containers = ((pod.spec as Json | undefined)?.containers as Json[] | undefined) ?? [];
  return containers.map((c) => ({ name: String(c.name ?? ''), image: String(c.image ?? '') }));
}

function condition(type: string, status: Condition['status'], at: string, extra: Json = {}): Condition {
  return { type, status, lastProbeTime: null, lastTransitionTime: at, ...extra };
}

/** The pod's `Ready` condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = ((pod.status as Json | undefined)?.conditions as Condition[] | undefined) ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** When the pod's Ready condition last became True (ms), or undefined. */
export function readySince(pod: KubeObject): number | undefined {
  const conditions = ((pod.status as Json | undefined)?.conditions as Condition[] | undefined) ?? [];
  const ready = conditions.find((c) => c.type === 'Ready' && c.status === 'True');
  const t = ready ? Date.parse(String(ready.lastTransitionTime ?? '')) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

export function podIP(pod: KubeObject): string | undefined {
  const ip = (pod.status as Json | undefined)?.podIP;
  return typeof ip === 'string' && ip ? ip : undefined;
}

export function podPhase(pod: KubeObject): string | undefined {
  return (pod.status as Json | undefined)?.phase as string | undefined;
}

/** The QoS class the apiserver derives from resources; the sim pods rarely set any. */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = ((pod.spec as Json | undefined)?.containers as Json[] | undefined) ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const r = (c.resources ?? {}) as { limits?: Json; requests?: Json };
    const limits = r.limits ?? {};
    const requests = r.requests ?? {};
    if (Object.keys(limits).length || Object.keys(requests).length) any = true;
    for (const res of ['cpu', 'memory']) {
      if (limits[res] === undefined || (requests[res] !== undefined && requests[res] !== limits[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Status of a pod just bound to the node: Pending, IP assigned, containers `ContainerCreating`.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase
 */
export function pendingStatus(pod: KubeObject, ip: string, now: Date): Json {
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = containerNames(pod);
  return {
    phase: 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', 'False', at),
      condition('Initialized', 'True', at),
      condition('Ready', 'False', at, { reason: 'ContainersNotReady', message: `containers with unready status: [${names.map((c) => c.name).join(' ')}]` }),
      condition('ContainersReady', 'False', at, { reason: 'ContainersNotReady', message: `containers with unready status: [${names.map((c) => c.name).join(' ')}]` }),
      condition('PodScheduled', 'True', at),
    ],
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    containerStatuses: names.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
    qosClass: qosClass(pod),
  };
}

/** 64 stable hex digits derived from `seed`: fake but consistent container ids and digests. */
export function fakeDigest(seed: string): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += fnv1a32(`${i}:${seed}`).toString(16).padStart(8, '0');
  return hex;
}

/**
 * Status of a pod whose containers started: Running, every condition True.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
 */
export function runningStatus(pod: KubeObject, now: Date): Json {
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const prev = (pod.status ?? {}) as Json;
  const ip = String(prev.podIP ?? '');
  const startTime = String(prev.startTime ?? at);
  const scheduledAt = ((prev.conditions as Condition[] | undefined) ?? []).find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? startTime;
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', 'True', at),
      condition('Initialized', 'True', String(scheduledAt)),
      condition('Ready', 'True', at),
      condition('ContainersReady', 'True', at),
      condition('PodScheduled', 'True', String(scheduledAt)),
    ],
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime,
    containerStatuses: containerNames(pod).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: c.image.includes('@') ? c.image : `${c.image}@sha256:${fakeDigest(c.image)}`,
      containerID: `containerd://${fakeDigest(`${pod.metadata.uid ?? ''}/${c.name}`)}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
      lastState: {},
    })),
    qosClass: prev.qosClass ?? qosClass(pod),
  };
}
