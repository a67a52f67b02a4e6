/**
 * Endpoints and EndpointSlice controllers: keep each selector Service's Endpoints (and, when the
 * store serves them, EndpointSlices) equal to its pods' addresses and readiness, writing only on
 * change.
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../api/types';
import { ApiError } from '../api/errors';
import { isTerminating, splitKey, type Controller } from './controller';
import { createWorkQueue } from './work-queue';
import { buildEndpointSubsets, buildSliceContents, serviceSelector, type SliceContent } from './endpoints-build';
import { controllerRef } from './pod-template';
import { randomSuffix } from './pod-naming';
import { stableStringify } from './stable-json';

const SERVICES = 'services';
const PODS = 'pods';
const ENDPOINTS = 'endpoints';
const SLICES = 'discovery.k8s.io/endpointslices';
/** Set by the Endpoints controller on what it manages (so the mirroring controller skips it). */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const TRIGGER_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** Key meaning "every Service of the namespace" (a pod changed). */
const ALL = '*';

type Json = Record<string, unknown>;

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isNotServed(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 404 || err.code === 405);
}

/**
 * Creates the Endpoints + EndpointSlice controller.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#endpoints
 */
export function createEndpointsController(store: ClusterStore): Controller {
  /** undefined: not probed yet; the store may register discovery.k8s.io later, so re-probe on resync. */
  let slicesServed: boolean | undefined;

  const probeSlices = (): boolean => {
    if (slicesServed !== undefined) return slicesServed;
    try {
      store.list(SLICES, 'default');
      slicesServed = true;
    } catch (err) {
      if (!isNotServed(err)) throw err;
      slicesServed = false;
    }
    return slicesServed;
  };

  const syncEndpoints = (svc: KubeObject, pods: KubeObject[]): void => {
    const ns = svc.metadata.namespace;
    const name = svc.metadata.name ?? '';
    const subsets = buildEndpointSubsets(svc, pods);
    const labels = { ...(svc.metadata.labels ?? {}), [SKIP_MIRROR_LABEL]: 'true' };
    const existing = store.get(ENDPOINTS, ns, name);
    if (existing) {
      const same = stableStringify(existing.subsets ?? []) === stableStringify(subsets) && stableStringify(existing.metadata.labels ?? {}) === stableStringify(labels);
      if (same || isTerminating(existing)) return;
      const next: KubeObject = { ...existing, metadata: { ...existing.metadata, labels, annotations: { ...(existing.metadata.annotations ?? {}), [TRIGGER_ANNOTATION]: timestamp() } } };
      if (subsets.length) next.subsets = subsets;
      else delete next.subsets;
      store.update(ENDPOINTS, next);
      return;
    }
    const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels, annotations: { [TRIGGER_ANNOTATION]: timestamp() } } };
    if (subsets.length) ep.subsets = subsets;
    store.create(ENDPOINTS, ep);
  };

  const sliceObject = (svc: KubeObject, content: SliceContent, base?: KubeObject): KubeObject => {
    const svcName = svc.metadata.name ?? '';
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: svcName, [MANAGED_BY_LABEL]: MANAGED_BY };
    const obj: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: base
        ? { ...base.metadata, labels }
        : { name: `${svcName}-${randomSuffix(5)}`, generateName: `${svcName}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [controllerRef(svc)] },
      addressType: 'IPv4',
      endpoints: content.endpoints,
    };
    if (content.ports.length) obj.ports = content.ports;
    return obj;
  };

  const sliceKey = (s: KubeObject): string => stableStringify((s.ports as unknown[] | undefined) ?? []);
  const sliceBody = (s: KubeObject): string => stableStringify({ labels: s.metadata.labels, endpoints: s.endpoints ?? [], ports: s.ports ?? [], addressType: s.addressType });

  const syncSlices = (svc: KubeObject, pods: KubeObject[], allSlices: KubeObject[]): void => {
    const svcName = svc.metadata.name ?? '';
    const existing = allSlices.filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svcName && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && !isTerminating(s));
    const unused = [...existing];
    for (const content of buildSliceContents(svc, pods)) {
      const i = unused.findIndex((s) => sliceKey(s) === content.portsKey);
      const match = i >= 0 ? unused.splice(i, 1)[0] : unused.shift();
      if (!match) {
        store.create(SLICES, sliceObject(svc, content));
        continue;
      }
      const next = sliceObject(svc, content, match);
      if (sliceBody(next) !== sliceBody(match)) store.update(SLICES, next);
    }
    for (const s of unused) store.delete(SLICES, s.metadata.namespace, s.metadata.name ?? '');
  };

  const reconcileNamespace = (namespace: string, only?: string): void => {
    const services = only ? [store.get(SERVICES, namespace, only)].filter((s): s is KubeObject => Boolean(s)) : store.list(SERVICES, namespace);
    const targets = services.filter((s) => serviceSelector(s) && !isTerminating(s) && (s.spec as Json | undefined)?.type !== 'ExternalName');
    if (targets.length === 0) return;
    const pods = store.list(PODS, namespace);
    const slices = probeSlices() ? store.list(SLICES, namespace) : [];
    for (const svc of targets) {
      syncEndpoints(svc, pods);
      if (slicesServed) syncSlices(svc, pods, slices);
    }
  };

  const reconcile = (key: string): void => {
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    reconcileNamespace(namespace, name === ALL ? undefined : name);
  };

  const queue = createWorkQueue('endpoints', reconcile);

  /** kube deletes a Service's Endpoints with it; its EndpointSlices go through their owner reference. */
  const deleteQueue = createWorkQueue('endpoints-cleanup', (key) => {
    const { namespace, name } = splitKey(key);
    if (store.get(SERVICES, namespace, name)) return; // recreated meanwhile
    try {
      store.delete(ENDPOINTS, namespace, name);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  });

  return {
    handle(ev: StoreEvent) {
      const ns = ev.object.metadata.namespace ?? '';
      if (ev.resource === PODS) queue.add(`${ns}/${ALL}`);
      else if (ev.resource === SERVICES) {
        const key = `${ns}/${ev.object.metadata.name ?? ''}`;
        if (ev.type === 'DELETED') deleteQueue.add(key);
        else queue.add(key);
      } else if (ev.resource === ENDPOINTS || ev.resource === SLICES) {
        // Someone else changed what this controller manages: converge it back.
        const svc = ev.resource === ENDPOINTS ? ev.object.metadata.name : ev.object.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) queue.add(`${ns}/${svc}`);
      }
    },
    resync() {
      if (slicesServed === false) slicesServed = undefined;
      const namespaces = new Set(store.list(SERVICES).map((s) => s.metadata.namespace ?? ''));
      for (const ns of namespaces) queue.add(`${ns}/${ALL}`);
    },
    stop() {
      queue.stop();
      deleteQueue.stop();
    },
  };
}
