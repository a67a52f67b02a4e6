/**
 * Shared types of the embedded cluster's API machinery. Every module of sim/ codes against these;
 * keep them small and stable (other modules are written in parallel against this file).
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes object as stored: plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/**
 * Resource key used everywhere inside sim/: `resource` for the core group ("pods"),
 * `group/resource` otherwise ("apps/deployments", "networking.istio.io/virtualservices").
 */
export type ResourceKey = string;

export function resourceKey(group: string, resource: string): ResourceKey {
  return group ? `${group}/${resource}` : resource;
}

/** What the registry knows about one served resource type. */
export interface ResourceType {
  group: string; // '' for core
  /** served versions, first is the preferred one */
  versions: string[];
  /** version objects are stored in (apiVersion is rewritten on read for other versions) */
  storageVersion: string;
  resource: string; // plural, lower case
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** subresources served: 'status', 'scale' */
  subresources: string[];
  /** for CRDs: the CustomResourceDefinition name; undefined for built-ins */
  crdName?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface StoreEvent {
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  resource: ResourceKey;
  object: KubeObject;
  /** the object before the change (MODIFIED, DELETED) */
  old?: KubeObject;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** precondition */
  resourceVersion?: string;
  uid?: string;
}

/**
 * The one storage of the embedded cluster. In-process controllers (deployments, endpoints,
 * garbage collection, mesh) use it directly; the HTTP server is a thin layer over it.
 * All methods throw `ApiError` (sim/api/errors.ts) with Kubernetes reasons.
 */
export interface ClusterStore {
  get(resource: ResourceKey, namespace: string | undefined, name: string): KubeObject | undefined;
  /** namespace undefined = all namespaces; objects are deep copies safe to mutate */
  list(resource: ResourceKey, namespace?: string): KubeObject[];
  /** assigns uid, resourceVersion, creationTimestamp, generation; generateName honoured */
  create(resource: ResourceKey, obj: KubeObject): KubeObject;
  /**
   * Replace. If obj.metadata.resourceVersion is set and stale -> 409 Conflict.
   * subresource 'status' changes only .status; otherwise .status is kept from the stored object
   * when the type has a status subresource. generation bumps when anything but metadata/status changes.
   */
  update(resource: ResourceKey, obj: KubeObject, opts?: { subresource?: 'status' }): KubeObject;
  /**
   * Delete: with finalizers present, sets deletionTimestamp and returns the object (still stored);
   * an update that empties finalizers of an object with deletionTimestamp removes it.
   */
  delete(resource: ResourceKey, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject;
  /** current resourceVersion of the whole store (monotonic integer as string) */
  currentResourceVersion(): string;
  /** synchronous listener for every committed change, in order */
  subscribe(listener: (ev: StoreEvent) => void): () => void;
}
