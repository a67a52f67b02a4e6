/**
 * A de-duplicating work queue, drained on a later tick: the store calls listeners synchronously
 * during a commit, so controllers must never write from inside a listener.
 */
import { ApiError } from '../api/errors';

export interface WorkQueue {
  /** Queues `key`; adding a key already queued is a no-op (level-based: the latest state wins). */
  add(key: string): void;
  /** Queues `key` after `ms` (e.g. when a pod becomes available after minReadySeconds). */
  addAfter(key: string, ms: number): void;
  /** Number of keys waiting (queued or delayed). */
  pending(): number;
  stop(): void;
}

const MIN_RETRY_MS = 5;
const MAX_RETRY_MS = 1_000;

/** Conflicts and races with other writers are expected and simply retried. */
function isExpected(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 409 || err.code === 404);
}

/**
 * Creates a queue whose `handler` runs once per key per drain, with per-key exponential back-off
 * on failure.
 * @see https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export function createWorkQueue(name: string, handler: (key: string) => void): WorkQueue {
  const queued = new Set<string>();
  const delayed = new Map<string, ReturnType<typeof setTimeout>>();
  const failures = new Map<string, number>();
  let scheduled: ReturnType<typeof setImmediate> | undefined;
  let stopped = false;

  const drain = (): void => {
    scheduled = undefined;
    const keys = [...queued];
    queued.clear();
    for (const key of keys) {
      if (stopped) return;
      try {
        handler(key);
        failures.delete(key);
      } catch (err) {
        const n = (failures.get(key) ?? 0) + 1;
        failures.set(key, n);
        if (!isExpected(err) && n === 3) console.warn(`[sim/controllers] ${name} ${key}: ${(err as Error).message ?? err}`);
        addAfter(key, Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** (n - 1)));
      }
    }
  };

  const add = (key: string): void => {
    if (stopped) return;
    queued.add(key);
    scheduled ??= setImmediate(drain);
  };

  const addAfter = (key: string, ms: number): void => {
    if (stopped || delayed.has(key)) return;
    const t = setTimeout(() => {
      delayed.delete(key);
      add(key);
    }, Math.max(0, ms));
    t.unref?.();
    delayed.set(key, t);
  };

  return {
    add,
    addAfter,
    pending: () => queued.size + delayed.size,
    stop() {
      stopped = true;
      if (scheduled) clearImmediate(scheduled);
      for (const t of delayed.values()) clearTimeout(t);
      delayed.clear();
      queued.clear();
    },
  };
}
