import 'server-only';
import { Watch } from '@kubernetes/client-node';
import { resourcePath, type ResourceType } from './resources';
import type { KubeRest } from '../kube/rest';

/** The fields every object has; the rest is read through the typed views in world.ts. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type InformerHandler = (type: InformerEventType, obj: KubeObject, old: KubeObject | undefined) => void;

export interface Informer {
  type: ResourceType;
  /** Resolves after the first full list. */
  synced: Promise<void>;
  get(namespace: string | undefined, name: string): KubeObject | undefined;
  list(namespace?: string): KubeObject[];
  /** Write-through: records an object the controller just wrote, so the next reconcile reads it. */
  observe(obj: KubeObject): void;
  /** Write-through for a delete that took effect at once. */
  forget(namespace: string | undefined, name: string): void;
  stop(): void;
}

interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

export interface InformerOptions {
  rest: KubeRest;
  type: ResourceType;
  /** watch one namespace only; default all */
  namespace?: string;
  onEvent: InformerHandler;
  log: (msg: string) => void;
  /** delay before re-listing after a failure */
  retryMs?: number;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/**
 * Resource versions are opaque, but every API server (etcd revisions, the embedded cluster) hands
 * out increasing integers; comparing them keeps a late watch event from overwriting a newer
 * write-through. Non-numeric versions always count as newer.
 */
function isOlder(candidate: string | undefined, current: string | undefined): boolean {
  if (!candidate || !current || !/^\d+$/.test(candidate) || !/^\d+$/.test(current)) return false;
  return BigInt(candidate) < BigInt(current);
}

/**
 * A list+watch cache of one kind in all namespaces (the reflector pattern of client-go): list,
 * then watch from the list's resourceVersion with bookmarks, resume after a dropped connection,
 * and re-list on 410 Gone.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
export function startInformer(opts: InformerOptions): Informer {
  const { rest, type, onEvent, log } = opts;
  const retryMs = opts.retryMs ?? 1000;
  const items = new Map<string, KubeObject>();
  const watch = new Watch(rest.kubeConfig);
  let resourceVersion: string | undefined;
  let stopped = false;
  let abort: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolveSynced!: () => void;
  const synced = new Promise<void>((r) => (resolveSynced = r));
  let lastError = '';

  function upsert(obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const old = items.get(key);
    if (old && isOlder(obj.metadata.resourceVersion, old.metadata.resourceVersion)) return;
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    items.set(key, obj);
    notify(old ? 'MODIFIED' : 'ADDED', obj, old);
  }

  function remove(obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const old = items.get(key);
    if (!old) return;
    // A delete event older than what we hold belongs to a previous incarnation of the name.
    if (old.metadata.uid && obj.metadata.uid && old.metadata.uid !== obj.metadata.uid) return;
    items.delete(key);
    notify('DELETED', obj, old);
  }

  function notify(type: InformerEventType, obj: KubeObject, old: KubeObject | undefined): void {
    // A handler bug must not break the cache (or the write that fed it through observe()).
    try {
      onEvent(type, obj, old);
    } catch (err) {
      log(`${opts.type.plural} event handler failed: ${(err as Error).message}`);
    }
  }

  async function list(): Promise<void> {
    const seen = new Set<string>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await rest.request<ListResponse>({ method: 'GET', path: resourcePath(type, opts.namespace), query: { limit: 500, continue: cont } });
      for (const obj of page.items ?? []) {
        // List items carry no apiVersion/kind; the readers rely on them.
        const full = { ...obj, apiVersion: obj.apiVersion ?? (type.group ? `${type.group}/${type.version}` : type.version), kind: obj.kind ?? type.kind };
        seen.add(keyOf(full.metadata.namespace, full.metadata.name));
        upsert(full);
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont);
    for (const [key, obj] of [...items]) if (!seen.has(key)) remove(obj);
    resourceVersion = rv;
  }

  function schedule(fn: () => void, ms: number): void {
    if (stopped) return;
    timer = setTimeout(fn, ms);
  }

  function startWatch(): void {
    if (stopped) return;
    let gone = false;
    watch
      .watch(
        resourcePath(type, opts.namespace),
        { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
        (evType: string, obj: KubeObject) => {
          if (evType === 'BOOKMARK') {
            resourceVersion = obj.metadata?.resourceVersion ?? resourceVersion;
            return;
          }
          if (evType === 'ERROR') {
            const status = obj as unknown as { code?: number; message?: string };
            if (status.code === 410) gone = true;
            else log(`watch ${type.plural}: ${status.message ?? 'error'}`);
            return;
          }
          if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
          if (evType === 'DELETED') remove(obj);
          else upsert(obj);
        },
        (err: unknown) => {
          abort = undefined;
          if (stopped) return;
          const status = (err as { statusCode?: number } | null)?.statusCode;
          if (gone || status === 410) {
            schedule(() => void relist(), 0);
          } else if (err) {
            note(`watch ${type.plural} ended: ${(err as Error).message ?? err}`);
            schedule(startWatch, retryMs);
          } else {
            // A normal end (server timeout): resume from the last version seen.
            schedule(startWatch, 0);
          }
        },
      )
      .then((controller) => {
        abort = controller;
        if (stopped) controller.abort();
      })
      .catch((err: unknown) => {
        note(`watch ${type.plural} failed: ${(err as Error).message}`);
        schedule(startWatch, retryMs);
      });
  }

  function note(msg: string): void {
    // One line per distinct problem: a missing CRD would otherwise log every second.
    if (msg !== lastError) log(msg);
    lastError = msg;
  }

  async function relist(): Promise<void> {
    if (stopped) return;
    try {
      await list();
      lastError = '';
      resolveSynced();
      startWatch();
    } catch (err) {
      note(`list ${type.plural} failed: ${(err as Error).message}`);
      schedule(() => void relist(), retryMs);
    }
  }

  void relist();

  return {
    type,
    synced,
    get: (namespace, name) => items.get(keyOf(namespace, name)),
    list: (namespace) => [...items.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace),
    observe: upsert,
    forget(namespace, name) {
      const old = items.get(keyOf(namespace, name));
      if (old) remove(old);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort?.abort();
    },
  };
}
