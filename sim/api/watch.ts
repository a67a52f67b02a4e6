/**
 * The watch hub: one subscriber on the store fanning events out to watchers indexed by resource,
 * plus a bounded history so a watch can resume from a resourceVersion (410 Expired when it is
 * older than the window, like the API server's watch cache).
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
import { gone } from './errors';
import type { Predicate } from './selectors';
import type { Entry, MemoryStore, RawEvent } from './store';
import type { ResourceKey } from './types';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchOptions {
  namespace?: string;
  predicate?: Predicate;
  /** '' / undefined / '0': start with synthetic ADDED for current objects; otherwise resume after it. */
  resourceVersion?: string;
}

interface Watcher {
  namespace?: string;
  predicate?: Predicate;
  sink: (type: WatchType, entry: Entry, rv: number) => void;
}

export class WatchHub {
  private readonly history: RawEvent[] = [];
  private head = 0; // index of the oldest retained event in `history` (ring compaction below)
  /** events with rv > floorRv are all retained */
  private floorRv: number;
  private readonly watchers = new Map<ResourceKey, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: MemoryStore,
    private readonly historySize = 10_000,
  ) {
    this.floorRv = store.currentRv();
    this.unsubscribe = store.subscribeRaw((ev) => this.onEvent(ev));
  }

  close(): void {
    this.unsubscribe();
    this.watchers.clear();
  }

  private onEvent(ev: RawEvent): void {
    this.history.push(ev);
    if (this.history.length - this.head > this.historySize) {
      this.floorRv = this.history[this.head].rv;
      this.head++;
      // Compact occasionally instead of shifting per event (shift is O(n)).
      if (this.head > 1024 && this.head > this.history.length / 2) {
        this.history.splice(0, this.head);
        this.head = 0;
      }
    }
    const set = this.watchers.get(ev.resource);
    if (!set) return;
    for (const w of set) deliver(w, ev);
  }

  /**
   * Test control: forgets the retained history, so resuming from any resourceVersion older than
   * the store's current one gets 410 Expired (clients must re-list), as after a watch-cache reset.
   */
  expireHistory(): void {
    this.history.length = 0;
    this.head = 0;
    this.floorRv = this.store.advanceResourceVersion();
  }

  /**
   * Starts a watch. Replays history (or current objects) synchronously through `sink`, then
   * streams live events. Returns the cancel function.
   */
  watch(resource: ResourceKey, opts: WatchOptions, sink: Watcher['sink']): () => void {
    const w: Watcher = { namespace: opts.namespace, predicate: opts.predicate, sink };
    const rvText = opts.resourceVersion ?? '';
    if (rvText === '' || rvText === '0') {
      for (const e of this.store.listEntries(resource, opts.namespace)) {
        if (!w.predicate || w.predicate(e.obj)) sink('ADDED', e, Number(e.obj.metadata.resourceVersion));
      }
    } else {
      const rv = Number(rvText);
      if (!Number.isFinite(rv) || !/^\d+$/.test(rvText)) throw gone(`too old resource version: ${rvText}`);
      if (rv < this.floorRv) throw gone(`too old resource version: ${rv} (${this.floorRv + 1})`);
      for (let i = this.firstAfter(rv); i < this.history.length; i++) {
        const ev = this.history[i];
        if (ev.resource === resource) deliver(w, ev);
      }
    }
    let set = this.watchers.get(resource);
    if (!set) this.watchers.set(resource, (set = new Set()));
    set.add(w);
    return () => {
      set!.delete(w);
      if (set!.size === 0 && this.watchers.get(resource) === set) this.watchers.delete(resource);
    };
  }

  /** Binary search: index of the first retained event with rv > given. */
  private firstAfter(rv: number): number {
    let lo = this.head;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}

/** Maps a store event to what this watcher sees: objects entering/leaving its selector become ADDED/DELETED. */
function deliver(w: Watcher, ev: RawEvent): void {
  const obj = ev.entry.obj;
  if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) return;
  if (!w.predicate) {
    w.sink(ev.type, ev.entry, ev.rv);
    return;
  }
  const now = w.predicate(obj);
  if (ev.type !== 'MODIFIED') {
    if (now) w.sink(ev.type, ev.entry, ev.rv);
    return;
  }
  const before = ev.old ? w.predicate(ev.old.obj) : false;
  if (now && before) w.sink('MODIFIED', ev.entry, ev.rv);
  else if (now) w.sink('ADDED', ev.entry, ev.rv);
  else if (before) w.sink('DELETED', ev.entry, ev.rv);
}
