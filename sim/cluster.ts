/**
 * Starts the embedded cluster: store + registry with the built-in types, Istio's and Graylane's
 * CRDs (unless bare), the HTTP API server, then the controllers and the mesh when those modules
 * are present. Everything runs in-process; `stop()` undoes it all.
 * @see https://kubernetes.io/docs/concepts/overview/components/
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { admit, initialStatus } from './api/admission';
import { BUILTIN_TYPES } from './api/builtin-types';
import { CRD_RESOURCE, syncCrds } from './api/crd-sync';
import { ApiError } from './api/errors';
import { loadExtensions, type Extensions } from './api/extensions';
import { isObject } from './api/json-util';
import { persistStore, readSnapshot } from './api/persistence';
import { Registry } from './api/registry';
import { startApiServer } from './api/server';
import { MemoryStore } from './api/store';
import { resourceKey, type ClusterStore, type KubeObject } from './api/types';
import { WatchHub } from './api/watch';
import { createTestControls, type SimTestControls } from './test-controls';

export interface ClusterOptions {
  apiPort?: number;
  ingressPort?: number;
  telemetryPort?: number;
  kubeconfig?: string;
  dataDir?: string;
  bare?: boolean;
  podReadyDelayMs?: number;
  traffic?: number;
  host?: string;
  /** events kept for watch resume (older resourceVersions get 410 Expired); default 10000 */
  watchCacheSize?: number;
  /** BOOKMARK interval for watches with allowWatchBookmarks; default 5000 ms */
  bookmarkIntervalMs?: number;
  /** expose `controls` (API outage, latency, watch expiry, pod kills) for reliability tests; default off */
  testControls?: boolean;
}

export interface Cluster {
  apiUrl: string;
  ingressUrl?: string;
  telemetryUrl?: string;
  store: ClusterStore;
  /** present only when started with `testControls: true` */
  controls?: SimTestControls;
  stop(): Promise<void>;
}

const SIM_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT_DIR = path.resolve(SIM_DIR, '..');
export const ISTIO_CRDS_FILE = path.join(SIM_DIR, 'data', 'istio-networking-crds.yaml');
export const GRAYLANE_CRD_FILE = path.join(ROOT_DIR, 'deploy', 'crd', 'grayscalerelease.yaml');

const parsedFiles = new Map<string, KubeObject[]>();

/** Multi-document YAML manifests as objects (cached: tests start many clusters). */
export function readManifests(file: string): KubeObject[] {
  let docs = parsedFiles.get(file);
  if (!docs) {
    docs = parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => d.toJS() as unknown)
      .filter((d): d is KubeObject => isObject(d) && typeof d.kind === 'string' && isObject(d.metadata));
    parsedFiles.set(file, docs);
  }
  return docs.map((d) => structuredClone(d));
}

/** Creates or updates one object through admission, as `kubectl apply` would (used for bootstrap). */
function ensureObject(store: MemoryStore, registry: Registry, ext: Extensions, obj: KubeObject): void {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const type = registry.byKind(group, obj.kind);
  if (!type) throw new Error(`cannot bootstrap ${obj.apiVersion} ${obj.kind}: type not served`);
  const key = resourceKey(type.group, type.resource);
  const ctx = { registry, store, ext, type, version, fieldValidation: 'Ignore' as const, warnings: [] };
  const cur = store.getEntry(key, obj.metadata.namespace, obj.metadata.name!);
  if (!cur) {
    const o = admit(ctx, obj);
    initialStatus(type, o);
    store.createEntry(key, o);
    return;
  }
  const next = admit(ctx, { ...obj, metadata: { ...cur.obj.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations } });
  store.updateEntry(key, next);
}

function bootstrapNamespaces(store: MemoryStore, registry: Registry, ext: Extensions): void {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    if (!store.getEntry('namespaces', undefined, name)) ensureObject(store, registry, ext, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  if (!store.getEntry('services', 'default', 'kubernetes')) {
    ensureObject(store, registry, ext, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
    });
  }
}

/** Writes a kubeconfig pointing at the API server (context `graylane-sim`). */
export function writeKubeconfig(file: string, apiUrl: string): void {
  const text = `apiVersion: v1
kind: Config
clusters:
- name: graylane-sim
  cluster:
    server: ${apiUrl}
    insecure-skip-tls-verify: true
users:
- name: graylane-sim-admin
  user:
    token: graylane-sim-token
contexts:
- name: graylane-sim
  context:
    cluster: graylane-sim
    user: graylane-sim-admin
    namespace: default
current-context: graylane-sim
preferences: {}
`;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
}

interface Stoppable {
  stop(): void | Promise<void>;
}

async function importIfPresent<T>(file: string): Promise<T | undefined> {
  if (!existsSync(file)) return undefined;
  return (await import(file)) as T;
}

/**
 * Starts the embedded cluster (ports 0 = ephemeral; the real ones are reported).
 * @see https://kubernetes.io/docs/reference/using-api/
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const registry = new Registry();
  for (const t of BUILTIN_TYPES) registry.register(t);
  const store = new MemoryStore(registry);
  const ext = await loadExtensions();

  const snap = opts.dataDir ? readSnapshot(opts.dataDir) : undefined;
  if (snap) store.restore(CRD_RESOURCE, snap.objects[CRD_RESOURCE] ?? [], snap.resourceVersion);
  const stopCrdSync = syncCrds(store, registry);
  if (snap) for (const [res, objs] of Object.entries(snap.objects)) if (res !== CRD_RESOURCE) store.restore(res, objs, snap.resourceVersion);

  bootstrapNamespaces(store, registry, ext);
  if (!opts.bare) {
    const files = [ISTIO_CRDS_FILE, GRAYLANE_CRD_FILE].filter((f) => existsSync(f));
    for (const f of files) {
      for (const o of readManifests(f)) {
        try {
          ensureObject(store, registry, ext, o);
        } catch (err) {
          console.error(`[sim] could not register ${o.kind} ${o.metadata.name} from ${path.basename(f)}: ${err instanceof ApiError ? err.message : err}`);
        }
      }
    }
  }

  const hub = new WatchHub(store, opts.watchCacheSize ?? 10_000);
  const api = await startApiServer({ store, registry, hub, ext, port: opts.apiPort ?? 0, host: opts.host, bookmarkIntervalMs: opts.bookmarkIntervalMs });
  const persistence = opts.dataDir ? persistStore(opts.dataDir, store) : undefined;
  if (opts.kubeconfig) writeKubeconfig(opts.kubeconfig, api.url);

  const stoppers: Stoppable[] = [];
  let ingressUrl: string | undefined;
  let telemetryUrl: string | undefined;
  let setTracesDown: ((down: boolean) => void) | undefined;
  try {
    type ControllersModule = { startControllers(store: ClusterStore, o: { podReadyDelayMs?: number }): Stoppable | Promise<Stoppable> };
    const controllers = await importIfPresent<ControllersModule>(path.join(SIM_DIR, 'controllers', 'index.ts'));
    if (controllers?.startControllers) stoppers.push(await controllers.startControllers(store, { podReadyDelayMs: opts.podReadyDelayMs }));
    type MeshModule = { startMesh(store: ClusterStore, o: { ingressPort?: number; telemetryPort?: number; traffic?: number }): Promise<{ ingressUrl?: string; telemetryUrl?: string; setTracesDown?(down: boolean): void } & Stoppable> };
    const mesh = await importIfPresent<MeshModule>(path.join(SIM_DIR, 'mesh', 'index.ts'));
    if (mesh?.startMesh) {
      const m = await mesh.startMesh(store, { ingressPort: opts.ingressPort, telemetryPort: opts.telemetryPort, traffic: opts.traffic });
      stoppers.push(m);
      ingressUrl = m.ingressUrl;
      telemetryUrl = m.telemetryUrl;
      setTracesDown = m.setTracesDown;
    }
  } catch (err) {
    for (const s of stoppers.reverse()) await s.stop();
    await api.stop();
    throw err;
  }

  let stopped = false;
  return {
    apiUrl: api.url,
    ingressUrl,
    telemetryUrl,
    store,
    controls: opts.testControls ? createTestControls(api, store, hub, { setTracesDown }) : undefined,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of stoppers.reverse()) {
        try {
          await s.stop();
        } catch (err) {
          console.error('[sim] stop failed:', err);
        }
      }
      await api.stop();
      hub.close();
      stopCrdSync();
      persistence?.stop();
    },
  };
}
