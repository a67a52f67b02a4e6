import 'server-only';
import { hostname } from 'node:os';
import type { GrayscaleRelease } from '@/lib/release';
import { CHANGED_BY_ANNOTATION } from './decide';
import { EVENTS, resourcePath } from './resources';
import type { KubeRest } from '../kube/rest';

export const CONTROLLER_COMPONENT = 'graylane-controller';
/** Annotations on each Event so the UI's history needs no message parsing. */
export const EVENT_USER_ANNOTATION = 'graylane.io/user';

export interface ReleaseEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

let sequence = 0n;
/**
 * Event names sort in recording order, like Kubernetes' own recorder (`<object>.<hex nanoseconds>`),
 * so a history read by name is chronological.
 */
function eventName(object: string): string {
  const nanos = BigInt(Date.now()) * 1_000_000n + (sequence++ % 1_000_000n);
  return `${object}.${nanos.toString(16)}`;
}

/** Who the change is attributed to: the job's `graylane.io/changed-by` annotation, else the controller. */
export function changedBy(release: GrayscaleRelease): string {
  return release.metadata.annotations?.[CHANGED_BY_ANNOTATION] || 'controller';
}

/**
 * Records a core/v1 Event on the job (reason, message with from → to, and the user); `instance`
 * (the leader's Lease identity) is its reportingInstance, telling which replica made the change.
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export async function recordEvent(rest: KubeRest, release: GrayscaleRelease, event: ReleaseEvent, instance = hostname()): Promise<void> {
  const now = new Date().toISOString();
  const user = changedBy(release);
  const namespace = release.metadata.namespace!;
  await rest.request({
    method: 'POST',
    path: resourcePath(EVENTS, namespace),
    body: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(release.metadata.name), namespace, annotations: { [EVENT_USER_ANNOTATION]: user } },
      involvedObject: {
        apiVersion: release.apiVersion,
        kind: release.kind,
        name: release.metadata.name,
        namespace,
        uid: release.metadata.uid,
        resourceVersion: release.metadata.resourceVersion,
      },
      type: event.type,
      reason: event.reason,
      message: `${event.message} (by ${user})`,
      source: { component: CONTROLLER_COMPONENT },
      reportingComponent: `graylane.io/${CONTROLLER_COMPONENT}`,
      reportingInstance: instance,
      action: event.reason,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    },
  });
}
