/**
 * core/v1 Events as the real controllers and kubelet record them, so `kubectl describe` and the
 * console's history show something real. Bounded: repeats are aggregated into `count`, and old or
 * surplus events are pruned.
 */
import type { ClusterStore, KubeObject } from '../api/types';

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventRecorder {
  /** Records `reason`/`message` on `obj`; never throws (an event is not worth failing a sync). */
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource): void;
  /** Deletes events older than the TTL and the oldest beyond the cap; returns how many went. */
  prune(now?: number): number;
}

export interface EventLimits {
  /** events whose last occurrence is older than this are deleted (kube-apiserver's --event-ttl) */
  ttlMs: number;
  /** at most this many events are kept cluster-wide */
  maxEvents: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { ttlMs: 60 * 60 * 1000, maxEvents: 1000 };

/** Repeats of the same event within this window bump `count` instead of adding an object. */
const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
/** Bound on the aggregation cache, so a long demo does not grow memory. */
const MAX_REMEMBERED = 2000;

interface Remembered {
  namespace: string;
  name: string;
  at: number;
}

function seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function eventTime(ev: KubeObject): number {
  const t = Date.parse(String(ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp ?? ''));
  return Number.isNaN(t) ? 0 : t;
}

/**
 * An event recorder writing straight into the store.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export function createEventRecorder(store: ClusterStore, limits: EventLimits = DEFAULT_EVENT_LIMITS): EventRecorder {
  const remembered = new Map<string, Remembered>();
  let seq = 0;

  const remember = (key: string, value: Remembered): void => {
    remembered.delete(key);
    remembered.set(key, value);
    if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  };

  const bump = (prev: Remembered, now: number): boolean => {
    const ev = store.get('events', prev.namespace, prev.name);
    if (!ev) return false;
    ev.count = Number(ev.count ?? 1) + 1;
    ev.lastTimestamp = seconds(now);
    store.update('events', ev);
    return true;
  };

  return {
    record(obj, type, reason, message, source) {
      const namespace = obj.metadata.namespace || 'default';
      const now = Date.now();
      const key = [obj.metadata.uid, type, reason, message, source.component].join('\u0000');
      try {
        const prev = remembered.get(key);
        if (prev && now - prev.at < AGGREGATE_WINDOW_MS && bump(prev, now)) {
          remember(key, { ...prev, at: now });
          return;
        }
        // kube names events `<object>.<unix nanos in hex>`; the sequence keeps names unique
        // when several events land in the same millisecond.
        const nanos = BigInt(now) * 1_000_000n + BigInt(seq++ % 1_000_000);
        const name = `${obj.metadata.name}.${nanos.toString(16)}`;
        const event: KubeObject = {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject: {
            apiVersion: obj.apiVersion,
            kind: obj.kind,
            name: obj.metadata.name,
            namespace: obj.metadata.namespace,
            uid: obj.metadata.uid,
            resourceVersion: obj.metadata.resourceVersion,
          },
          reason,
          message,
          source,
          firstTimestamp: seconds(now),
          lastTimestamp: seconds(now),
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        };
        store.create('events', event);
        remember(key, { namespace, name, at: now });
      } catch {
        // e.g. the namespace is terminating or events are not served: drop it, as kube does.
      }
    },

    prune(now = Date.now()) {
      let events: KubeObject[];
      try {
        events = store.list('events');
      } catch {
        return 0;
      }
      const doomed = events.filter((e) => now - eventTime(e) > limits.ttlMs);
      const kept = events.filter((e) => now - eventTime(e) <= limits.ttlMs);
      if (kept.length > limits.maxEvents) {
        kept.sort((a, b) => eventTime(a) - eventTime(b));
        doomed.push(...kept.slice(0, kept.length - limits.maxEvents));
      }
      let n = 0;
      for (const e of doomed) {
        try {
          store.delete('events', e.metadata.namespace, e.metadata.name ?? '');
          n++;
        } catch {
          // already gone
        }
      }
      return n;
    },
  };
}
