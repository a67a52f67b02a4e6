/**
 * `--data-dir` persistence: the whole store as one JSON snapshot, written atomically (temp file +
 * rename) at most every 200 ms after a change, and once more on shutdown.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MemoryStore, SnapshotData } from './store';

const FILE = 'cluster-state.json';

/** Reads a saved snapshot; undefined when there is none or it is unreadable. */
export function readSnapshot(dir: string): SnapshotData | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as SnapshotData;
    if (typeof data?.resourceVersion !== 'number' || typeof data.objects !== 'object') return undefined;
    return data;
  } catch {
    return undefined;
  }
}

function writeSnapshot(dir: string, store: MemoryStore): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(store.snapshot()));
  renameSync(tmp, file);
}

/** Saves after changes (debounced) until `stop()`, which flushes synchronously. */
export function persistStore(dir: string, store: MemoryStore, debounceMs = 150): { stop(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    try {
      writeSnapshot(dir, store);
    } catch (err) {
      console.error('[sim/persistence] save failed:', err);
    }
  };
  const unsubscribe = store.subscribeRaw(() => {
    dirty = true;
    timer ??= setTimeout(flush, debounceMs);
  });
  dirty = true; // write the initial state too, so a fresh dir is usable right away
  timer = setTimeout(flush, debounceMs);
  return {
    flush,
    stop() {
      unsubscribe();
      flush();
    },
  };
}
