import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../api/store';
import { Registry } from '../api/registry';
import { BUILTIN_TYPES } from '../api/builtin-types';
import type { KubeObject } from '../api/types';
import { createEventRecorder } from './events';

function storeWithNamespace(): MemoryStore {
  const registry = new Registry();
  for (const t of BUILTIN_TYPES) registry.register(t);
  const store = new MemoryStore(registry);
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  return store;
}

const source = { component: 'deployment-controller' };

describe('event recorder', () => {
  it('records events shaped like kube ones and aggregates repeats into count', () => {
    const store = storeWithNamespace();
    const d = store.create('apps/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'demo' }, spec: {} });
    const rec = createEventRecorder(store);
    rec.record(d, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-abc to 1', source);
    rec.record(d, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-abc to 1', source);
    const events = store.list('events', 'demo');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      reason: 'ScalingReplicaSet',
      type: 'Normal',
      count: 2,
      source,
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'demo', uid: d.metadata.uid, apiVersion: 'apps/v1' },
    });
    expect(events[0].metadata.name).toMatch(/^web\.[0-9a-f]+$/);
  });

  it('never throws, e.g. in a terminating or missing namespace', () => {
    const store = storeWithNamespace();
    const rec = createEventRecorder(store);
    const ghost: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'nowhere', uid: 'u' } };
    expect(() => rec.record(ghost, 'Normal', 'Started', 'Started container app', { component: 'kubelet' })).not.toThrow();
  });

  it('prunes events past the TTL and the oldest beyond the cap', () => {
    const store = storeWithNamespace();
    const rec = createEventRecorder(store, { ttlMs: 60_000, maxEvents: 3 });
    const at = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const now = Date.parse('2025-01-01T12:00:00Z');
    const ages = [120_000, 50_000, 40_000, 30_000, 20_000];
    ages.forEach((age, i) => store.create('events', { apiVersion: 'v1', kind: 'Event', metadata: { name: `e${i}`, namespace: 'demo' }, lastTimestamp: at(now - age) }));
    expect(rec.prune(now)).toBe(2);
    expect(store.list('events', 'demo').map((e) => e.metadata.name)).toEqual(['e2', 'e3', 'e4']);
    expect(rec.prune(now)).toBe(0);
  });
});
