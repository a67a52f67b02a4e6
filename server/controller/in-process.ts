import 'server-only';
import type { KubePod } from '@/lib/api/kube-shapes';
import type { Deployment, DestinationRule, GrayscaleRelease, Service, VirtualService } from '@/lib/release';
import { processWide } from '../process-wide';

/** A namespace's objects as the controller's caches hold them (wire-format JSON copies). */
export interface CachedNamespaceObjects {
  services: Service[];
  deployments: Deployment[];
  pods: KubePod[];
  releases: GrayscaleRelease[];
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
}

/**
 * What the REST layer may ask of a controller running in the same process (the console hosts it by
 * default, instrumentation.ts): its warm cache of jobs, and a hand-off of a job the API just wrote,
 * so a take-over reaches the reconcile loop without waiting for the watch to deliver the write.
 */
export interface InProcessController {
  /** the job as the controller's cache holds it (undefined when not cached or not synced yet) */
  cachedRelease(namespace: string, name: string): GrayscaleRelease | undefined;
  /** records a job object just returned by the API server and queues its reconcile */
  written(release: GrayscaleRelease): void;
  /** copies of the namespace's cached objects (undefined when not cached or not synced yet) */
  namespaceObjects(namespace: string): CachedNamespaceObjects | undefined;
  /**
   * The namespace's Services and Deployments straight from the caches, NOT copies: for readers that
   * only read (the topology's inventory, refreshed every 10 s by every open traffic page). Undefined
   * when not cached or not synced yet.
   */
  namespaceWorkloads?(namespace: string): Readonly<Pick<CachedNamespaceObjects, 'services' | 'deployments'>> | undefined;
}

// Next.js bundles instrumentation.ts and the route handlers separately, so module state is not
// shared between them: the registry is process-wide (server/process-wide.ts).
const registry = processWide('controller.in-process', () => ({ controller: undefined as InProcessController | undefined }));

/** Registers (or, with undefined, removes) this process's controller. */
export function setInProcessController(controller: InProcessController | undefined, only?: InProcessController): void {
  // A stopping controller removes only itself, never a successor registered meanwhile.
  if (controller === undefined && only && registry.controller !== only) return;
  registry.controller = controller;
}

/** The controller running in this process, if any. */
export function inProcessController(): InProcessController | undefined {
  return registry.controller;
}
