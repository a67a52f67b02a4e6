/**
 * Keeps the registry in step with stored CustomResourceDefinitions: a created or updated CRD
 * serves its resource (all served versions), a deleted one stops serving it and its objects go.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#delete-a-customresourcedefinition
 */
import { isObject } from './json-util';
import type { Registry } from './registry';
import type { MemoryStore } from './store';
import { resourceKey, type KubeObject } from './types';

export const CRD_RESOURCE = 'apiextensions.k8s.io/customresourcedefinitions';

function keyOfCrd(crd: KubeObject): string | undefined {
  const spec = crd.spec;
  if (!isObject(spec) || !isObject(spec.names) || typeof spec.group !== 'string' || typeof spec.names.plural !== 'string') return undefined;
  return resourceKey(spec.group, spec.names.plural);
}

/** Registers every stored CRD now (after a restore) and follows changes; returns the unsubscribe. */
export function syncCrds(store: MemoryStore, registry: Registry): () => void {
  for (const e of store.listEntries(CRD_RESOURCE)) registry.registerCrd(e.obj);
  return store.subscribeRaw((ev) => {
    if (ev.resource !== CRD_RESOURCE) return;
    const crd = ev.entry.obj;
    const key = keyOfCrd(crd);
    if (ev.type === 'DELETED') {
      if (key && registry.get(key)?.crdName === crd.metadata.name) {
        store.dropResource(key);
        registry.unregister(key);
      }
      return;
    }
    const oldKey = ev.old ? keyOfCrd(ev.old.obj) : undefined;
    if (oldKey && oldKey !== key && registry.get(oldKey)?.crdName === crd.metadata.name) registry.unregister(oldKey);
    if (key && registry.get(key) && !registry.get(key)!.crdName) return; // never shadow a built-in
    registry.registerCrd(crd);
  });
}
