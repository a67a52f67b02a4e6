/**
 * Keeps a MeshState snapshot in step with the ClusterStore: any change to pods, services or Istio
 * networking objects invalidates it, and the next request rebuilds it. Rebuilding is cheap; what
 * matters is that a steady 1,000 req/s never lists the store.
 * @see https://istio.io/latest/docs/ops/deployment/architecture/#istiod
 */
import type { ClusterStore, KubeObject, ResourceKey } from '../api/types';
import { buildMeshState, type MeshState } from './mesh-state';

export const MESH_RESOURCES = {
  services: 'services',
  pods: 'pods',
  virtualServices: 'networking.istio.io/virtualservices',
  destinationRules: 'networking.istio.io/destinationrules',
  gateways: 'networking.istio.io/gateways',
} as const satisfies Record<string, ResourceKey>;

const WATCHED = new Set<string>(Object.values(MESH_RESOURCES));

export interface StateCache {
  get(): MeshState;
  close(): void;
}

function safeList(store: ClusterStore, resource: ResourceKey): KubeObject[] {
  try {
    return store.list(resource);
  } catch {
    // `--bare` clusters have no Istio CRDs: no routing config, plain round-robin
    return [];
  }
}

/** A lazily rebuilt snapshot of the store. @see https://istio.io/latest/docs/ops/deployment/architecture/ */
export function createStateCache(store: ClusterStore): StateCache {
  let current: MeshState | undefined;
  const unsubscribe = store.subscribe((ev) => {
    if (WATCHED.has(ev.resource)) current = undefined;
  });
  return {
    get() {
      if (!current) {
        current = buildMeshState({
          services: safeList(store, MESH_RESOURCES.services),
          pods: safeList(store, MESH_RESOURCES.pods),
          virtualServices: safeList(store, MESH_RESOURCES.virtualServices),
          destinationRules: safeList(store, MESH_RESOURCES.destinationRules),
          gateways: safeList(store, MESH_RESOURCES.gateways),
        });
      }
      return current;
    },
    close: unsubscribe,
  };
}
