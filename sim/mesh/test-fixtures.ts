/**
 * Plain-object builders for mesh tests and benchmarks: Bookinfo-like Services, ready Pods,
 * VirtualServices and DestinationRules, a seeded random source, and a minimal in-memory store.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../api/types';
import type { MeshObjects } from './mesh-state';
import { seededRandom as seededRandomFrom } from '../../lib/seeded-random';

/** Deterministic PRNG for reproducible routing tests (lib/seeded-random.ts). */
export function seededRandom(seed = 42): () => number {
  return seededRandomFrom(seed);
}

let ipCounter = 10;

/** A Service selecting `app: name`. */
export function service(name: string, namespace = 'demo', selector: Record<string, string> = { app: name }): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: `svc-${namespace}-${name}` }, spec: { selector, ports: [{ port: 9080, name: 'http' }] } };
}

/** A ready (or not) pod of `app`/`version` running `image`. */
export function pod(
  app: string,
  version: string,
  opts: { namespace?: string; ready?: boolean; image?: string; env?: Record<string, string>; suffix?: string } = {},
): KubeObject {
  const ns = opts.namespace ?? 'demo';
  const hash = '5b64f47978';
  const name = `${app}-${version}-${hash}-${opts.suffix ?? 'x2k4p'}`;
  const ip = `10.244.0.${ipCounter++ % 250}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `pod-${ns}-${name}`, labels: { app, version, 'pod-template-hash': hash } },
    spec: {
      serviceAccountName: `bookinfo-${app}`,
      containers: [
        {
          name: app,
          image: opts.image ?? `docker.io/istio/examples-bookinfo-${app}-${version}:1.20.3`,
          env: Object.entries(opts.env ?? {}).map(([n, value]) => ({ name: n, value })),
        },
      ],
    },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

/** A VirtualService. */
export function virtualService(name: string, spec: Record<string, unknown>, namespace = 'demo', created = '2024-01-01T00:00:00Z'): KubeObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace, creationTimestamp: created }, spec };
}

/** A DestinationRule with `version`-label subsets. */
export function destinationRule(host: string, versions: string[], namespace = 'demo'): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: host, namespace },
    spec: { host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
  };
}

/** The Bookinfo objects (reviews v1..v3) in one namespace. */
export function bookinfoObjects(namespace = 'demo'): MeshObjects {
  return {
    services: ['productpage', 'details', 'reviews', 'ratings'].map((s) => service(s, namespace)),
    pods: [
      pod('productpage', 'v1', { namespace }),
      pod('details', 'v1', { namespace }),
      pod('ratings', 'v1', { namespace }),
      pod('reviews', 'v1', { namespace }),
      pod('reviews', 'v2', { namespace }),
      pod('reviews', 'v3', { namespace }),
    ],
    virtualServices: [],
    destinationRules: [],
    gateways: [],
  };
}

const KEY_OF: Record<string, keyof MeshObjects> = {
  services: 'services',
  pods: 'pods',
  'networking.istio.io/virtualservices': 'virtualServices',
  'networking.istio.io/destinationrules': 'destinationRules',
  'networking.istio.io/gateways': 'gateways',
};

/**
 * A minimal ClusterStore over MeshObjects (get/list/create/update/delete + subscribe), enough for
 * mesh tests before or without the real store.
 */
export function memoryStore(objs: MeshObjects): ClusterStore {
  const listeners = new Set<(ev: StoreEvent) => void>();
  let rv = 1;
  const bucket = (resource: string): KubeObject[] => {
    const key = KEY_OF[resource];
    if (!key) throw new Error(`unknown resource ${resource}`);
    return objs[key];
  };
  const emit = (ev: StoreEvent) => listeners.forEach((l) => l(ev));
  const find = (list: KubeObject[], ns: string | undefined, name: string) => list.findIndex((o) => o.metadata.name === name && o.metadata.namespace === ns);
  return {
    get: (resource, ns, name) => structuredClone(bucket(resource).find((o) => o.metadata.name === name && o.metadata.namespace === ns)),
    list: (resource, ns) => structuredClone(bucket(resource).filter((o) => ns === undefined || o.metadata.namespace === ns)),
    create(resource, obj) {
      const stored = structuredClone(obj);
      stored.metadata.resourceVersion = String(++rv);
      bucket(resource).push(stored);
      emit({ type: 'ADDED', resource, object: stored });
      return structuredClone(stored);
    },
    update(resource, obj) {
      const list = bucket(resource);
      const i = find(list, obj.metadata.namespace, obj.metadata.name ?? '');
      const stored = structuredClone(obj);
      stored.metadata.resourceVersion = String(++rv);
      const old = list[i];
      list[i] = stored;
      emit({ type: 'MODIFIED', resource, object: stored, old });
      return structuredClone(stored);
    },
    delete(resource, ns, name) {
      const list = bucket(resource);
      const i = find(list, ns, name);
      const [old] = list.splice(i, 1);
      emit({ type: 'DELETED', resource, object: old! });
      return old!;
    },
    currentResourceVersion: () => String(rv),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
