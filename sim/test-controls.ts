/**
 * Explicit test controls of the embedded cluster (issue 8): an API outage, injected API latency,
 * a watch-cache reset and pod kills. Off unless `startCluster({ testControls: true })` asks for
 * them; nothing here is reachable over HTTP, only from the process that started the cluster.
 * The shape matches `ClusterControls` in test/reliability/types.ts (sim/ may not import tests).
 */
import type { ApiServer } from './api/server';
import { matchLabels, parseLabelSelector } from './api/selectors';
import type { MemoryStore } from './api/store';
import type { WatchHub } from './api/watch';

/** Hooks to make the embedded cluster misbehave on purpose. */
export interface SimTestControls {
  /** Kubernetes API refuses connections for `ms` (listener closed, reopened on the same port). */
  apiOutage(ms: number): Promise<void>;
  /** Every Kubernetes API response is delayed by `ms` (0 turns it off). */
  setApiLatency(ms: number): void;
  /** Drops the watch history so the next resumed watch gets 410 Expired. */
  expireWatchHistory(): void;
  /** Deletes pods matching a label selector in a namespace (their Deployment recreates them). */
  killPods(namespace: string, labelSelector: string): Promise<number>;
  /** The trace backend (Jaeger query API on the telemetry port) resets connections while `down`; `/metrics` keeps working. */
  setTracesDown(down: boolean): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Builds the controls over the running API server, store and watch hub. */
export function createTestControls(api: ApiServer, store: MemoryStore, hub: WatchHub, mesh: { setTracesDown?(down: boolean): void } = {}): SimTestControls {
  let outage: Promise<void> | undefined;
  return {
    apiOutage(ms: number) {
      // Overlapping outages share one: the listener cannot be closed twice.
      outage ??= (async () => {
        try {
          await api.closeListener();
          await sleep(ms);
        } finally {
          outage = undefined;
          await api.reopenListener();
        }
      })();
      return outage;
    },
    setApiLatency(ms: number) {
      api.setLatency(ms);
    },
    expireWatchHistory() {
      hub.expireHistory();
      // Open watches would never resume otherwise; ending them is what an API server restart does.
      api.endWatches();
    },
    setTracesDown(down: boolean) {
      if (!mesh.setTracesDown) throw new Error('setTracesDown: the cluster runs without its mesh, so there is no trace backend');
      mesh.setTracesDown(down);
    },
    async killPods(namespace: string, labelSelector: string) {
      const reqs = parseLabelSelector(labelSelector);
      let killed = 0;
      for (const pod of store.list('pods', namespace)) {
        if (!matchLabels(reqs, pod.metadata.labels)) continue;
        try {
          store.delete('pods', namespace, pod.metadata.name!);
          killed++;
        } catch {
          // already gone (its Deployment or the garbage collector raced us)
        }
      }
      return killed;
    },
  };
}
