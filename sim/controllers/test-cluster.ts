/**
 * Test helpers: an in-memory store with the built-in types, the controllers running against it,
 * and small polling utilities. Used by the integration tests only.
 */
import { MemoryStore } from '../api/store';
import { Registry } from '../api/registry';
import { BUILTIN_TYPES } from '../api/builtin-types';
import type { KubeObject } from '../api/types';
import { startControllers, type ControllerOptions } from './index';
import { isPodReady } from './pod-status';

export interface TestCluster {
  store: MemoryStore;
  stop(): void;
}

/** A store with built-in types and namespace `ns`, with controllers started. */
export function startTestCluster(opts: ControllerOptions & { namespace?: string } = {}): TestCluster {
  const registry = new Registry();
  for (const t of BUILTIN_TYPES) registry.register(t);
  const store = new MemoryStore(registry);
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: opts.namespace ?? 'demo' } });
  const controllers = startControllers(store, { podReadyDelayMs: 30, resyncMs: 200, ...opts });
  return { store, stop: () => controllers.stop() };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function deployment(name: string, opts: { replicas?: number; image?: string; namespace?: string; strategy?: Record<string, unknown>; labels?: Record<string, string> } = {}): KubeObject {
  const labels = opts.labels ?? { app: name.replace(/-v\d+$/, ''), version: 'v1' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'demo', labels },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: opts.image ?? 'example/app:1.0', ports: [{ name: 'http', containerPort: 9080 }] }] },
      },
    },
  };
}

export function service(name: string, selector: Record<string, string>, targetPort: number | string = 'http', namespace = 'demo'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 9080, targetPort }] },
  };
}

export function podsOf(store: MemoryStore, deploymentName: string, namespace = 'demo'): KubeObject[] {
  return store.list('pods', namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.kind === 'Deployment' && r.name === deploymentName));
}

export function readyPods(store: MemoryStore, deploymentName: string, namespace = 'demo'): KubeObject[] {
  return podsOf(store, deploymentName, namespace).filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp);
}
