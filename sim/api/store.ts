/**
 * The one storage of the embedded cluster: objects by resource/namespace/name with the metadata
 * semantics of the real API server (global monotonic resourceVersion, uid, generation,
 * generateName, finalizers and deletionTimestamp, status subresource, namespace termination).
 * Stored objects are never mutated in place: every write stores a fresh copy, so watch history
 * and cached serialisations can share them without copying.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
import { randomUUID } from 'node:crypto';
import { alreadyExists, ApiError, badRequest, conflict, notFound } from './errors';
import { deepEqual, isObject } from './json-util';
import type { Registry } from './registry';
import type { ClusterStore, DeleteOptions, KubeObject, ResourceKey, ResourceType, StoreEvent } from './types';

/** One stored object plus its lazily computed JSON (reused by list and watch responses). */
export interface Entry {
  readonly obj: KubeObject;
  json?: string;
  /** UTF-8 of `json`, cached for list responses (concatenating buffers beats joining strings) */
  buf?: Buffer;
  /** JSON of the object rewritten to other served versions (conversion strategy None) */
  alt?: Map<string, string>;
}

/** A committed change as seen by in-package consumers (watch hub, persistence): no copies. */
export interface RawEvent {
  type: StoreEvent['type'];
  resource: ResourceKey;
  rv: number;
  entry: Entry;
  old?: Entry;
}

export function entryJson(e: Entry): string {
  if (e.json === undefined) e.json = JSON.stringify(e.obj);
  return e.json;
}

export function entryBuffer(e: Entry): Buffer {
  if (e.buf === undefined) e.buf = Buffer.from(entryJson(e));
  return e.buf;
}

/** Kubernetes timestamps have second precision. */
export function kubeTime(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAME_SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_SUFFIX_CHARS[Math.floor(Math.random() * NAME_SUFFIX_CHARS.length)];
  return s;
}

function notServed(resource: string): ApiError {
  return new ApiError(404, 'NotFound', `the server could not find the requested resource (${resource})`);
}

/** Everything but metadata and status: what `generation` tracks. */
function specPart(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

/** Key order of real API responses (apiVersion, kind, metadata, ...): readable `-o yaml` and stable JSON. */
function ordered(o: KubeObject): KubeObject {
  const meta: Record<string, unknown> = {};
  for (const k of META_ORDER) if (o.metadata[k] !== undefined) meta[k] = o.metadata[k];
  for (const [k, v] of Object.entries(o.metadata)) if (!(k in meta) && v !== undefined) meta[k] = v;
  const { apiVersion, kind, metadata: _m, ...rest } = o;
  return { apiVersion, kind, metadata: meta as KubeObject['metadata'], ...rest };
}

/** Metadata fields a client cannot change through update. */
const SYSTEM_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'name', 'namespace'] as const;

export interface SnapshotData {
  resourceVersion: number;
  objects: Record<ResourceKey, KubeObject[]>;
}

export class MemoryStore implements ClusterStore {
  /** resource -> namespace ('' for cluster-scoped) -> name -> entry */
  private readonly data = new Map<ResourceKey, Map<string, Map<string, Entry>>>();
  private rv = 0;
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  private readonly rawListeners = new Set<(ev: RawEvent) => void>();
  private readonly queue: RawEvent[] = [];
  private draining = false;

  constructor(readonly registry: Registry) {}

  // ---- typing helpers -------------------------------------------------------------------------

  typeOf(resource: ResourceKey): ResourceType {
    const t = this.registry.get(resource);
    if (!t) throw notServed(resource);
    return t;
  }

  private bucket(resource: ResourceKey, ns: string, create: boolean): Map<string, Entry> | undefined {
    let byNs = this.data.get(resource);
    if (!byNs) {
      if (!create) return undefined;
      this.data.set(resource, (byNs = new Map()));
    }
    let b = byNs.get(ns);
    if (!b && create) byNs.set(ns, (b = new Map()));
    return b;
  }

  private nsKey(t: ResourceType, namespace: string | undefined): string {
    return t.namespaced ? (namespace ?? '') : '';
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** Stored entry without copying; callers must not mutate `obj`. */
  getEntry(resource: ResourceKey, namespace: string | undefined, name: string): Entry | undefined {
    const t = this.typeOf(resource);
    return this.bucket(resource, this.nsKey(t, namespace), false)?.get(name);
  }

  get(resource: ResourceKey, namespace: string | undefined, name: string): KubeObject | undefined {
    const e = this.getEntry(resource, namespace, name);
    return e ? structuredClone(e.obj) : undefined;
  }

  /** Stored entries sorted by namespace/name (the order real list responses have); no copies. */
  listEntries(resource: ResourceKey, namespace?: string): Entry[] {
    const t = this.typeOf(resource);
    const byNs = this.data.get(resource);
    if (!byNs) return [];
    const out: Entry[] = [];
    if (t.namespaced && namespace !== undefined) {
      const b = byNs.get(namespace);
      if (b) for (const e of b.values()) out.push(e);
      out.sort((a, b) => cmp(a.obj.metadata.name!, b.obj.metadata.name!));
      return out;
    }
    const nss = [...byNs.keys()].sort(cmp);
    for (const ns of nss) {
      const names = [...byNs.get(ns)!.values()];
      names.sort((a, b) => cmp(a.obj.metadata.name!, b.obj.metadata.name!));
      for (const e of names) out.push(e);
    }
    return out;
  }

  list(resource: ResourceKey, namespace?: string): KubeObject[] {
    return this.listEntries(resource, namespace).map((e) => structuredClone(e.obj));
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  currentRv(): number {
    return this.rv;
  }

  /**
   * Moves the resourceVersion on without a change (resourceVersions are opaque to clients; gaps
   * are legal). Test control: lets the watch cache expire everything older than "now".
   */
  advanceResourceVersion(): number {
    return ++this.rv;
  }

  // ---- writes ---------------------------------------------------------------------------------

  create(resource: ResourceKey, input: KubeObject): KubeObject {
    return structuredClone(this.createEntry(resource, input).obj);
  }

  /** create() without the defensive copy of the result (HTTP layer serialises it right away). */
  createEntry(resource: ResourceKey, input: KubeObject, dryRun = false): Entry {
    const t = this.typeOf(resource);
    if (!isObject(input) || !isObject(input.metadata)) throw badRequest('object has no metadata');
    const obj = structuredClone(input);
    const meta = obj.metadata;
    const ns = this.nsKey(t, meta.namespace);
    if (t.namespaced) {
      if (!ns) throw badRequest('the namespace of the object is required');
      this.checkNamespaceWritable(ns);
    } else delete meta.namespace;
    const bucket = this.bucket(resource, ns, true)!;
    if (!meta.name) {
      if (!meta.generateName) throw new ApiError(422, 'Invalid', `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: t.kind, causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }] });
      let name = '';
      for (let i = 0; i < 20; i++) {
        name = meta.generateName + randomSuffix();
        if (!bucket.has(name)) break;
      }
      meta.name = name;
    }
    if (bucket.has(meta.name)) throw alreadyExists(t.group, t.resource, meta.name);
    obj.apiVersion = t.group ? `${t.group}/${t.storageVersion}` : t.storageVersion;
    obj.kind = t.kind;
    meta.uid = randomUUID();
    meta.creationTimestamp = kubeTime();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (dryRun) return { obj: ordered(obj) };
    meta.resourceVersion = String(++this.rv);
    const entry: Entry = { obj: ordered(obj) };
    bucket.set(meta.name, entry);
    this.emit({ type: 'ADDED', resource, rv: this.rv, entry });
    return entry;
  }

  update(resource: ResourceKey, input: KubeObject, opts?: { subresource?: 'status' }): KubeObject {
    return structuredClone(this.updateEntry(resource, input, opts).obj);
  }

  updateEntry(resource: ResourceKey, input: KubeObject, opts?: { subresource?: 'status'; dryRun?: boolean }): Entry {
    const t = this.typeOf(resource);
    if (!isObject(input) || !isObject(input.metadata) || typeof input.metadata.name !== 'string') throw badRequest('object has no metadata.name');
    const ns = this.nsKey(t, input.metadata.namespace);
    const bucket = this.bucket(resource, ns, false);
    const cur = bucket?.get(input.metadata.name);
    if (!cur) throw notFound(t.group, t.resource, input.metadata.name);
    const old = cur.obj;
    const rvIn = input.metadata.resourceVersion;
    if (rvIn !== undefined && rvIn !== '' && rvIn !== old.metadata.resourceVersion) throw conflict(t.group, t.resource, old.metadata.name!);

    let next: KubeObject;
    if (opts?.subresource === 'status') {
      // Status writes change only .status (real servers also drop metadata changes there).
      next = structuredClone(old);
      if (input.status === undefined) delete next.status;
      else next.status = structuredClone(input.status);
    } else {
      next = structuredClone(input);
      if (t.subresources.includes('status')) {
        if (old.status === undefined) delete next.status;
        else next.status = structuredClone(old.status);
      }
    }
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    if (!isObject(next.metadata)) next.metadata = {};
    for (const k of SYSTEM_META) {
      if (old.metadata[k] === undefined) delete next.metadata[k];
      else (next.metadata as Record<string, unknown>)[k] = old.metadata[k];
    }
    if (old.metadata.deletionTimestamp) {
      // Finalizers may only be removed once deletion started, never added.
      const had = new Set(old.metadata.finalizers ?? []);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => had.has(f));
    }
    if (Array.isArray(next.metadata.finalizers) && next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    if (!deepEqual(specPart(old), specPart(next))) next.metadata.generation = (old.metadata.generation ?? 1) + 1;

    // No-op writes neither bump resourceVersion nor produce events, as on a real server.
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    const sameIgnoringManaged = deepEqual({ ...next, metadata: { ...next.metadata, managedFields: undefined } }, { ...old, metadata: { ...old.metadata, managedFields: undefined } });
    if (sameIgnoringManaged) return cur;
    next = ordered(next);
    if (opts?.dryRun) return { obj: next };

    next.metadata.resourceVersion = String(++this.rv);
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      bucket!.delete(next.metadata.name!);
      const entry: Entry = { obj: next };
      this.emit({ type: 'DELETED', resource, rv: this.rv, entry, old: cur });
      this.afterRemoval(t, ns);
      return entry;
    }
    const entry: Entry = { obj: next };
    bucket!.set(next.metadata.name!, entry);
    this.emit({ type: 'MODIFIED', resource, rv: this.rv, entry, old: cur });
    return entry;
  }

  delete(resource: ResourceKey, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject {
    return structuredClone(this.deleteEntry(resource, namespace, name, opts).obj);
  }

  deleteEntry(resource: ResourceKey, namespace: string | undefined, name: string, opts?: DeleteOptions & { dryRun?: boolean }): Entry {
    const t = this.typeOf(resource);
    const ns = this.nsKey(t, namespace);
    const bucket = this.bucket(resource, ns, false);
    const cur = bucket?.get(name);
    if (!cur) throw notFound(t.group, t.resource, name);
    const old = cur.obj;
    if (opts?.uid && opts.uid !== old.metadata.uid) throw conflict(t.group, t.resource, name, `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${old.metadata.uid}`);
    if (opts?.resourceVersion && opts.resourceVersion !== old.metadata.resourceVersion) throw conflict(t.group, t.resource, name, `Precondition failed: ResourceVersion in precondition: ${opts.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);

    if (opts?.dryRun) return cur;
    if (resource === 'namespaces') return this.deleteNamespace(cur);
    if (opts?.propagationPolicy === 'Orphan') this.orphanDependents(old.metadata.uid!);

    if (old.metadata.finalizers?.length) {
      if (old.metadata.deletionTimestamp) return cur;
      const next = structuredClone(old);
      next.metadata.deletionTimestamp = kubeTime();
      next.metadata.deletionGracePeriodSeconds = 0;
      next.metadata.resourceVersion = String(++this.rv);
      const entry: Entry = { obj: next };
      bucket!.set(name, entry);
      this.emit({ type: 'MODIFIED', resource, rv: this.rv, entry, old: cur });
      return entry;
    }
    return this.remove(t, resource, ns, cur);
  }

  private remove(t: ResourceType, resource: ResourceKey, ns: string, cur: Entry): Entry {
    const next = structuredClone(cur.obj);
    next.metadata.resourceVersion = String(++this.rv);
    this.bucket(resource, ns, false)!.delete(next.metadata.name!);
    const entry: Entry = { obj: next };
    this.emit({ type: 'DELETED', resource, rv: this.rv, entry, old: cur });
    this.afterRemoval(t, ns);
    return entry;
  }

  /** Orphan propagation: dependents lose their ownerReference to the deleted owner before it goes. */
  private orphanDependents(uid: string): void {
    for (const [resource, byNs] of this.data) {
      for (const bucket of byNs.values()) {
        for (const e of [...bucket.values()]) {
          const refs = e.obj.metadata.ownerReferences;
          if (!refs?.some((r) => r.uid === uid)) continue;
          const next = structuredClone(e.obj);
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.updateEntry(resource, next);
        }
      }
    }
  }

  // ---- namespaces -----------------------------------------------------------------------------

  private checkNamespaceWritable(ns: string): void {
    const nsEntry = this.bucket('namespaces', '', false)?.get(ns);
    if (!nsEntry) throw notFound('', 'namespaces', ns);
    if (nsEntry.obj.metadata.deletionTimestamp) {
      throw new ApiError(403, 'Forbidden', `unable to create new content in namespace ${ns} because it is being terminated`, { name: ns, kind: 'namespaces' });
    }
  }

  /**
   * Namespace deletion: phase Terminating, contents deleted, then the namespace itself goes once
   * nothing (e.g. objects held by finalizers) is left in it.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   */
  private deleteNamespace(cur: Entry): Entry {
    const name = cur.obj.metadata.name!;
    let entry = cur;
    if (!cur.obj.metadata.deletionTimestamp) {
      const next = structuredClone(cur.obj);
      next.metadata.deletionTimestamp = kubeTime();
      next.metadata.deletionGracePeriodSeconds = 0;
      next.status = { ...(isObject(next.status) ? next.status : {}), phase: 'Terminating' };
      next.metadata.resourceVersion = String(++this.rv);
      entry = { obj: next };
      this.bucket('namespaces', '', false)!.set(name, entry);
      this.emit({ type: 'MODIFIED', resource: 'namespaces', rv: this.rv, entry, old: cur });
    }
    for (const [resource, byNs] of this.data) {
      const t = this.registry.get(resource);
      if (!t?.namespaced) continue;
      const bucket = byNs.get(name);
      if (!bucket) continue;
      for (const e of [...bucket.values()]) {
        if (!bucket.has(e.obj.metadata.name!)) continue;
        try {
          this.deleteEntry(resource, name, e.obj.metadata.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    // Removing the last object may already have finalized the namespace (afterRemoval).
    const now = this.bucket('namespaces', '', false)?.get(name);
    if (!now) return entry;
    return this.tryFinalizeNamespace(name) ?? now;
  }

  private tryFinalizeNamespace(name: string): Entry | undefined {
    const cur = this.bucket('namespaces', '', false)?.get(name);
    if (!cur?.obj.metadata.deletionTimestamp) return undefined;
    for (const [resource, byNs] of this.data) {
      if (!this.registry.get(resource)?.namespaced) continue;
      if ((byNs.get(name)?.size ?? 0) > 0) return undefined;
    }
    return this.remove(this.typeOf('namespaces'), 'namespaces', '', cur);
  }

  private afterRemoval(t: ResourceType, ns: string): void {
    if (t.namespaced && ns) this.tryFinalizeNamespace(ns);
  }

  /** Removes every object of a resource (CRD deletion); emits DELETED for each. */
  dropResource(resource: ResourceKey): void {
    const byNs = this.data.get(resource);
    const t = this.registry.get(resource);
    if (!byNs || !t) return;
    for (const [ns, bucket] of byNs) for (const e of [...bucket.values()]) this.remove(t, resource, ns, e);
    this.data.delete(resource);
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * Listeners run synchronously in commit order. A listener that writes (controllers do) only
   * enqueues its event; the outer drain loop delivers it after the current one, so every listener
   * sees the same order.
   */
  private emit(ev: RawEvent): void {
    this.queue.push(ev);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const e = this.queue.shift()!;
        for (const l of this.rawListeners) safeCall(() => l(e));
        if (this.listeners.size > 0) {
          for (const l of this.listeners) safeCall(() => l(publicEvent(e)));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  subscribe(listener: (ev: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** In-package subscription without copies (watch hub, persistence, registry). */
  subscribeRaw(listener: (ev: RawEvent) => void): () => void {
    this.rawListeners.add(listener);
    return () => this.rawListeners.delete(listener);
  }

  // ---- persistence ----------------------------------------------------------------------------

  snapshot(): SnapshotData {
    const objects: Record<ResourceKey, KubeObject[]> = {};
    for (const [resource, byNs] of this.data) {
      const arr: KubeObject[] = [];
      for (const b of byNs.values()) for (const e of b.values()) arr.push(e.obj);
      if (arr.length) objects[resource] = arr;
    }
    return { resourceVersion: this.rv, objects };
  }

  /** Loads objects as they were saved, without events (types must be registered first). */
  restore(resource: ResourceKey, objs: KubeObject[], rv: number): void {
    const t = this.registry.get(resource);
    if (!t) return;
    for (const o of objs) {
      if (!isObject(o) || !isObject(o.metadata) || typeof o.metadata.name !== 'string') continue;
      this.bucket(resource, this.nsKey(t, o.metadata.namespace), true)!.set(o.metadata.name, { obj: o });
    }
    if (rv > this.rv) this.rv = rv;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // A failing listener must not break the write that triggered it nor starve other listeners.
    console.error('[sim/store] listener failed:', err);
  }
}

/** Each public listener gets its own lazily made copies, so mutating them cannot corrupt the store. */
function publicEvent(e: RawEvent): StoreEvent {
  let obj: KubeObject | undefined;
  let old: KubeObject | undefined;
  const ev = { type: e.type, resource: e.resource } as StoreEvent;
  Object.defineProperty(ev, 'object', { enumerable: true, get: () => (obj ??= structuredClone(e.entry.obj)), set: (v: KubeObject) => (obj = v) });
  if (e.old) Object.defineProperty(ev, 'old', { enumerable: true, get: () => (old ??= structuredClone(e.old!.obj)), set: (v: KubeObject) => (old = v) });
  return ev;
}
