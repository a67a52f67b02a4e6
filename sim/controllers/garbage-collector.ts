/**
 * Garbage collector: deletes dependents whose owners are gone (background), empties owners that
 * wait in foreground deletion, and detaches dependents of owners deleted with `orphan`.
 */
import type { ClusterStore, KubeObject, OwnerReference, ResourceKey, ResourceType, StoreEvent } from '../api/types';
import { resourceKey } from '../api/types';
import { ApiError } from '../api/errors';
import { isTerminating, type Controller } from './controller';
import { createWorkQueue } from './work-queue';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** What the collector needs to know about served types (the store's registry provides it). */
export interface TypeCatalog {
  all(): ResourceType[];
  byKind(group: string, kind: string): ResourceType | undefined;
}

interface OwnerEntry {
  ref: OwnerReference;
  /** namespace of the dependents (an owner of namespaced dependents is in it, or cluster-scoped) */
  namespace: string | undefined;
  /** dependents as `resource|namespace|name` */
  dependents: Set<string>;
}

function depKey(resource: ResourceKey, obj: KubeObject): string {
  return `${resource}|${obj.metadata.namespace ?? ''}|${obj.metadata.name ?? ''}`;
}

function parseDepKey(key: string): { resource: ResourceKey; namespace: string | undefined; name: string } {
  const [resource, namespace, name] = key.split('|');
  return { resource, namespace: namespace || undefined, name };
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function ignoreNotFound(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 404)) throw err;
  }
}

/**
 * Creates the garbage collector, indexing dependents by owner uid from store events (plus one
 * initial scan, for state restored before it started).
 * @see https://kubernetes.io/docs/concepts/architecture/garbage-collection/#owners-dependents
 */
export function createGarbageCollector(store: ClusterStore, types: TypeCatalog): Controller {
  const owners = new Map<string, OwnerEntry>();
  /** dependent -> owner uids it is indexed under, to unindex on change */
  const indexedUnder = new Map<string, string[]>();

  const index = (resource: ResourceKey, obj: KubeObject): void => {
    const key = depKey(resource, obj);
    unindex(key);
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    for (const ref of refs) {
      let entry = owners.get(ref.uid);
      if (!entry) owners.set(ref.uid, (entry = { ref, namespace: obj.metadata.namespace, dependents: new Set() }));
      entry.dependents.add(key);
    }
    indexedUnder.set(key, refs.map((r) => r.uid));
  };

  const unindex = (key: string): void => {
    for (const uid of indexedUnder.get(key) ?? []) {
      const entry = owners.get(uid);
      entry?.dependents.delete(key);
      if (entry && entry.dependents.size === 0) owners.delete(uid);
    }
    indexedUnder.delete(key);
  };

  const typeOf = (apiVersion: string, kind: string): ResourceType | undefined => types.byKind(groupOf(apiVersion), kind);

  /** The owner object a reference points at, if it still exists with that uid; unknown kinds count as existing. */
  const ownerState = (ref: OwnerReference, namespace: string | undefined): 'exists' | 'absent' => {
    const t = typeOf(ref.apiVersion, ref.kind);
    if (!t) return 'exists'; // cannot tell: never delete on a guess
    const obj = store.get(resourceKey(t.group, t.resource), t.namespaced ? namespace : undefined, ref.name);
    return obj && obj.metadata.uid === ref.uid ? 'exists' : 'absent';
  };

  /** Deletes the dependent when none of its owners remain, else drops the dangling references. */
  const collectDependent = (key: string): void => {
    const { resource, namespace, name } = parseDepKey(key);
    const dep = store.get(resource, namespace, name);
    if (!dep) {
      unindex(key);
      return;
    }
    const refs = dep.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => ownerState(r, namespace) === 'exists');
    if (alive.length === refs.length) return;
    if (alive.length === 0) {
      if (!isTerminating(dep)) ignoreNotFound(() => store.delete(resource, namespace, name, { propagationPolicy: 'Background' }));
      return;
    }
    store.update(resource, { ...dep, metadata: { ...dep.metadata, ownerReferences: alive } });
  };

  /** Foreground: delete every dependent, and release the owner once no blocking dependent is left. */
  const foreground = (resource: ResourceKey, owner: KubeObject): void => {
    const uid = owner.metadata.uid ?? '';
    let blocking = 0;
    for (const key of owners.get(uid)?.dependents ?? []) {
      const d = parseDepKey(key);
      const dep = store.get(d.resource, d.namespace, d.name);
      if (!dep) continue;
      const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (!ref) continue;
      if (ref.blockOwnerDeletion) blocking++;
      if (!isTerminating(dep)) ignoreNotFound(() => store.delete(d.resource, d.namespace, d.name, { propagationPolicy: 'Foreground' }));
    }
    if (blocking > 0) return; // their DELETED events bring the owner back here
    removeFinalizer(resource, owner, FOREGROUND_FINALIZER);
  };

  /** Orphan: detach every dependent, then let the owner go. */
  const orphan = (resource: ResourceKey, owner: KubeObject): void => {
    const uid = owner.metadata.uid ?? '';
    for (const key of [...(owners.get(uid)?.dependents ?? [])]) {
      const d = parseDepKey(key);
      const dep = store.get(d.resource, d.namespace, d.name);
      const refs = dep?.metadata.ownerReferences ?? [];
      if (!dep || !refs.some((r) => r.uid === uid)) continue;
      store.update(d.resource, { ...dep, metadata: { ...dep.metadata, ownerReferences: refs.filter((r) => r.uid !== uid) } });
    }
    removeFinalizer(resource, owner, ORPHAN_FINALIZER);
  };

  const removeFinalizer = (resource: ResourceKey, owner: KubeObject, finalizer: string): void => {
    const current = store.get(resource, owner.metadata.namespace, owner.metadata.name ?? '');
    if (!current || current.metadata.uid !== owner.metadata.uid || !current.metadata.finalizers?.includes(finalizer)) return;
    store.update(resource, { ...current, metadata: { ...current.metadata, finalizers: current.metadata.finalizers.filter((f) => f !== finalizer) } });
  };

  const reconcile = (key: string): void => {
    const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'dep') return collectDependent(rest);
    if (kind === 'owner') {
      for (const dep of [...(owners.get(rest)?.dependents ?? [])]) collectDependent(dep);
      return;
    }
    const { resource, namespace, name } = parseDepKey(rest);
    const obj = store.get(resource, namespace, name);
    if (!obj || !isTerminating(obj)) return;
    if (obj.metadata.finalizers?.includes(ORPHAN_FINALIZER)) orphan(resource, obj);
    else if (obj.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) foreground(resource, obj);
  };

  const queue = createWorkQueue('garbage-collector', reconcile);

  /** An owner in foreground/orphan deletion needs the collector's attention. */
  const watchOwner = (resource: ResourceKey, obj: KubeObject): void => {
    const f = obj.metadata.finalizers;
    if (isTerminating(obj) && (f?.includes(FOREGROUND_FINALIZER) || f?.includes(ORPHAN_FINALIZER))) queue.add(`finalize:${depKey(resource, obj)}`);
  };

  /** A dependent went away: its owners in foreground deletion may now be free. */
  const nudgeOwners = (obj: KubeObject): void => {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const t = typeOf(ref.apiVersion, ref.kind);
      if (t) queue.add(`finalize:${resourceKey(t.group, t.resource)}|${t.namespaced ? obj.metadata.namespace ?? '' : ''}|${ref.name}`);
    }
  };

  const initialScan = (): void => {
    for (const t of types.all()) {
      if (!t.verbs.includes('list')) continue;
      const resource = resourceKey(t.group, t.resource);
      let objects: KubeObject[];
      try {
        objects = store.list(resource);
      } catch {
        continue;
      }
      for (const obj of objects) {
        index(resource, obj);
        watchOwner(resource, obj);
      }
    }
  };
  initialScan();

  return {
    handle(ev: StoreEvent) {
      const key = depKey(ev.resource, ev.object);
      if (ev.type === 'DELETED') {
        unindex(key);
        if (ev.object.metadata.uid && owners.has(ev.object.metadata.uid)) queue.add(`owner:${ev.object.metadata.uid}`);
        if (ev.object.metadata.ownerReferences?.length) nudgeOwners(ev.object);
        return;
      }
      index(ev.resource, ev.object);
      watchOwner(ev.resource, ev.object);
      // A dependent created for an owner that is already gone is collected too.
      if (ev.type === 'ADDED' && ev.object.metadata.ownerReferences?.length) queue.add(`dep:${key}`);
    },
    resync() {
      // In memory and cheap: only owners that no longer exist cause store reads beyond one get.
      for (const [uid, entry] of owners) {
        if (ownerState(entry.ref, entry.namespace) === 'absent') queue.add(`owner:${uid}`);
      }
    },
    stop() {
      queue.stop();
    },
  };
}
