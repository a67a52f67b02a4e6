import 'server-only';

export interface WorkQueueOptions {
  /** parallel workers; one key is never processed by two at once */
  concurrency?: number;
  /** first retry delay after an error, doubled per consecutive failure */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export type Handler = (key: string) => Promise<{ requeueAfterMs?: number } | void>;

export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, ms: number): void;
  /** Resolves once every in-flight handler has returned; queued keys are dropped. */
  shutdown(): Promise<void>;
  /** keys waiting or running, for tests */
  size(): number;
}

/**
 * A deduplicating work queue with per-key serialization and exponential backoff, like client-go's
 * rate-limited workqueue: a key added while queued is merged; a key added while being processed is
 * marked dirty and processed again afterwards, so no event is ever lost and no key runs twice at once.
 * https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export function createWorkQueue(handler: Handler, opts: WorkQueueOptions = {}, onError?: (key: string, err: unknown) => void): WorkQueue {
  const concurrency = opts.concurrency ?? 4;
  const baseBackoff = opts.baseBackoffMs ?? 50;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const dirty = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  function add(key: string): void {
    if (closed) return;
    if (running.has(key)) {
      dirty.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    queue.push(key);
    pump();
  }

  function addAfter(key: string, ms: number): void {
    if (closed) return;
    if (ms <= 0) return add(key);
    const existing = timers.get(key);
    if (existing) clearTimeout(existing);
    const t = setTimeout(() => {
      timers.delete(key);
      add(key);
    }, ms);
    timers.set(key, t);
  }

  function pump(): void {
    while (!closed && running.size < concurrency && queue.length > 0) {
      const key = queue.shift()!;
      queued.delete(key);
      running.add(key);
      const p = run(key).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }

  async function run(key: string): Promise<void> {
    let retryIn: number | undefined;
    try {
      const result = await handler(key);
      failures.delete(key);
      retryIn = result?.requeueAfterMs;
    } catch (err) {
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      retryIn = Math.min(maxBackoff, baseBackoff * 2 ** (n - 1));
      onError?.(key, err);
    } finally {
      running.delete(key);
    }
    if (dirty.delete(key)) add(key);
    else if (retryIn !== undefined) addAfter(key, retryIn);
    pump();
  }

  return {
    add,
    addAfter,
    size: () => queue.length + running.size,
    async shutdown() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      queue.length = 0;
      queued.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
