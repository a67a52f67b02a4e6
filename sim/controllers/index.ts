/**
 * The embedded cluster's in-process controllers: deployments (with a simulated kubelet), endpoints,
 * garbage collection and events. Level-based: every store event queues work, and a periodic
 * resync queues everything again so nothing is missed; a resync that finds nothing to do writes
 * nothing.
 */
import type { ClusterStore, ResourceType, StoreEvent } from '../api/types';
import { BUILTIN_TYPES } from '../api/builtin-types';
import type { Controller } from './controller';
import { createDeploymentController } from './deployment-controller';
import { createEndpointsController } from './endpoints-controller';
import { createEventRecorder, DEFAULT_EVENT_LIMITS, type EventLimits } from './events';
import { createGarbageCollector, type TypeCatalog } from './garbage-collector';
import { createKubelet } from './kubelet';

export interface ControllerOptions {
  /** time from a pod's start to Ready (default 300 ms) */
  podReadyDelayMs?: number;
  /** period of the level-based resync (default 1 s) */
  resyncMs?: number;
  /** event retention (default 1 h, 1,000 events) */
  eventLimits?: EventLimits;
}

const DEFAULT_READY_DELAY_MS = 300;
const DEFAULT_RESYNC_MS = 1000;
/** Events are pruned far less often than controllers resync: it lists every event. */
const EVENT_PRUNE_MS = 30_000;

/** Built-in types only: used when the store does not expose its registry (CRD owners then count as present). */
const builtinCatalog: TypeCatalog = {
  all: () => BUILTIN_TYPES,
  byKind: (group, kind) => BUILTIN_TYPES.find((t) => t.group === group && t.kind === kind),
};

/** The store's registry when it exposes one (MemoryStore does), so CRD-typed owners resolve too. */
function catalogOf(store: ClusterStore): TypeCatalog {
  const registry = (store as { registry?: Partial<TypeCatalog> }).registry;
  if (registry && typeof registry.all === 'function' && typeof registry.byKind === 'function') {
    return { all: () => registry.all!() as ResourceType[], byKind: (g, k) => registry.byKind!(g, k) };
  }
  return builtinCatalog;
}

/**
 * Starts every controller against `store`; `stop()` unsubscribes and clears all timers.
 * @see https://kubernetes.io/docs/concepts/architecture/controller/
 */
export function startControllers(store: ClusterStore, opts: ControllerOptions = {}): { stop(): void } {
  const recorder = createEventRecorder(store, opts.eventLimits ?? DEFAULT_EVENT_LIMITS);
  const controllers: Controller[] = [
    createKubelet(store, recorder, opts.podReadyDelayMs ?? DEFAULT_READY_DELAY_MS),
    createDeploymentController(store, recorder),
    createEndpointsController(store),
    createGarbageCollector(store, catalogOf(store)),
  ];

  const unsubscribe = store.subscribe((ev: StoreEvent) => {
    for (const c of controllers) {
      try {
        c.handle(ev);
      } catch (err) {
        console.error('[sim/controllers] event handler failed:', err);
      }
    }
  });

  const resync = (): void => {
    for (const c of controllers) {
      try {
        c.resync();
      } catch (err) {
        console.error('[sim/controllers] resync failed:', err);
      }
    }
  };
  const prune = (): void => {
    recorder.prune();
  };

  resync(); // adopt whatever the store already holds (e.g. restored from --data-dir)
  const resyncTimer = setInterval(resync, opts.resyncMs ?? DEFAULT_RESYNC_MS);
  const pruneTimer = setInterval(prune, EVENT_PRUNE_MS);
  resyncTimer.unref?.();
  pruneTimer.unref?.();

  return {
    stop() {
      unsubscribe();
      clearInterval(resyncTimer);
      clearInterval(pruneTimer);
      for (const c of controllers) c.stop();
    },
  };
}
