import { afterEach, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './test-cluster';
import { FOREGROUND_FINALIZER } from './garbage-collector';

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.stop();
  cluster = undefined;
});

function configMap(name: string, owners: { name: string; uid: string; blockOwnerDeletion?: boolean }[] = []) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'demo', ...(owners.length ? { ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', ...o })) } : {}) },
    data: {},
  };
}

describe('garbage collector', () => {
  it('deletes dependents of a deleted owner (background), transitively', async () => {
    cluster = startTestCluster();
    const { store } = cluster;
    const owner = store.create('configmaps', configMap('owner'));
    const child = store.create('configmaps', configMap('child', [{ name: 'owner', uid: owner.metadata.uid! }]));
    store.create('configmaps', configMap('grandchild', [{ name: 'child', uid: child.metadata.uid! }]));
    store.delete('configmaps', 'demo', 'owner');
    await waitFor(() => store.list('configmaps', 'demo').length === 0, 2000, 'dependents collected');
  });

  it('keeps a dependent that still has another owner, dropping the dangling reference', async () => {
    cluster = startTestCluster();
    const { store } = cluster;
    const a = store.create('configmaps', configMap('a'));
    const b = store.create('configmaps', configMap('b'));
    store.create('configmaps', configMap('shared', [{ name: 'a', uid: a.metadata.uid! }, { name: 'b', uid: b.metadata.uid! }]));
    store.delete('configmaps', 'demo', 'a');
    const shared = await waitFor(() => {
      const s = store.get('configmaps', 'demo', 'shared');
      return s?.metadata.ownerReferences?.length === 1 && s;
    }, 2000, 'dangling reference removed');
    expect(shared.metadata.ownerReferences![0].name).toBe('b');
  });

  it('collects a dependent whose owner reference points at an object that does not exist', async () => {
    cluster = startTestCluster();
    const { store } = cluster;
    store.create('configmaps', configMap('stray', [{ name: 'nobody', uid: 'no-such-uid' }]));
    await waitFor(() => !store.get('configmaps', 'demo', 'stray'), 2000, 'stray collected');
  });

  it('foreground: the owner waits for its blocking dependents, then goes', async () => {
    cluster = startTestCluster();
    const { store } = cluster;
    const owner = store.create('configmaps', { ...configMap('owner'), metadata: { name: 'owner', namespace: 'demo', finalizers: [FOREGROUND_FINALIZER] } });
    store.create('configmaps', configMap('child', [{ name: 'owner', uid: owner.metadata.uid!, blockOwnerDeletion: true }]));
    store.delete('configmaps', 'demo', 'owner');
    await waitFor(() => store.list('configmaps', 'demo').length === 0, 2000, 'foreground deletion');
  });

  it('a resync with nothing to collect writes nothing', async () => {
    cluster = startTestCluster({ resyncMs: 50 });
    const { store } = cluster;
    const owner = store.create('configmaps', configMap('owner'));
    store.create('configmaps', configMap('child', [{ name: 'owner', uid: owner.metadata.uid! }]));
    await new Promise((r) => setTimeout(r, 50));
    const rv = store.currentResourceVersion();
    await new Promise((r) => setTimeout(r, 300));
    expect(store.currentResourceVersion()).toBe(rv);
    expect(store.get('configmaps', 'demo', 'child')).toBeDefined();
  });
});
