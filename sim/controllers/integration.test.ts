import { afterEach, describe, expect, it } from 'vitest';
import { deployment, podsOf, readyPods, service, startTestCluster, waitFor, type TestCluster } from './test-cluster';
import { SAFE_ALPHABET } from './pod-naming';

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.stop();
  cluster = undefined;
});

const safe = `[${SAFE_ALPHABET}]`;

describe('deployment controller against the in-memory store', () => {
  it('creates 3 named, labelled, owned pods that become Ready after the delay', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 40 });
    const { store } = cluster;
    const t0 = Date.now();
    const d = store.create('apps/deployments', deployment('reviews-v1', { replicas: 3 }));
    const pods = await waitFor(() => podsOf(store, 'reviews-v1').length === 3 && podsOf(store, 'reviews-v1'), 2000, '3 pods');
    const hash = pods[0].metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(new RegExp(`^${safe}{8,10}$`));
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^reviews-v1-${hash}-${safe}{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'reviews', version: 'v1', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'reviews-v1', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect((p.spec as any).nodeName).toBe('graylane-node-1');
    }
    const pending = await waitFor(() => store.list('pods', 'demo').every((p) => (p.status as any)?.phase) && store.list('pods', 'demo'), 1000, 'pending status');
    const ips = pending.map((p) => (p.status as any).podIP as string);
    expect(new Set(ips).size).toBe(3);
    for (const ip of ips) expect(ip).toMatch(/^10\.244\.\d+\.\d+$/);

    await waitFor(() => readyPods(store, 'reviews-v1').length === 3, 2000, 'ready pods');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    const running = podsOf(store, 'reviews-v1')[0];
    const status = running.status as any;
    expect(status.phase).toBe('Running');
    expect(status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(expect.arrayContaining(['Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']));
    expect(status.containerStatuses[0]).toMatchObject({ name: 'app', ready: true, started: true, state: { running: {} } });
    expect(status.hostIP).toBeTruthy();
    expect(status.startTime).toBeTruthy();

    const dep = await waitFor(() => {
      const cur = store.get('apps/deployments', 'demo', 'reviews-v1');
      return (cur?.status as any)?.availableReplicas === 3 && (cur?.status as any)?.conditions?.find((c: any) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable' && cur;
    }, 2000, 'deployment status');
    expect(dep.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect((dep.status as any).unavailableReplicas).toBeUndefined();

    const events = store.list('events', 'demo');
    expect(events.some((e) => e.reason === 'ScalingReplicaSet' && e.message === `Scaled up replica set reviews-v1-${hash} to 3`)).toBe(true);
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started']) expect(events.some((e) => e.reason === reason)).toBe(true);
  });
});

/** Waits until the deployment has exactly `n` pods, all ready and all of one template. */
async function settled(c: TestCluster, name: string, n: number): Promise<void> {
  await waitFor(() => {
    const pods = podsOf(c.store, name);
    const hashes = new Set(pods.map((p) => p.metadata.labels?.['pod-template-hash']));
    return pods.length === n && readyPods(c.store, name).length === n && hashes.size <= 1;
  }, 3000, `${name} settled at ${n}`);
}

function endpointIPs(c: TestCluster, name: string): { ready: string[]; notReady: string[] } {
  const ep = c.store.get('endpoints', 'demo', name);
  const subsets = (ep?.subsets as any[] | undefined) ?? [];
  return {
    ready: subsets.flatMap((s) => (s.addresses ?? []).map((a: any) => a.ip)).sort(),
    notReady: subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a: any) => a.ip)).sort(),
  };
}

function readyIPs(c: TestCluster, name: string): string[] {
  return readyPods(c.store, name).map((p) => (p.status as any).podIP as string).sort();
}

function setImage(c: TestCluster, name: string, image: string): void {
  const d = c.store.get('apps/deployments', 'demo', name)!;
  (d.spec as any).template.spec.containers[0].image = image;
  c.store.update('apps/deployments', d);
}

function setReplicas(c: TestCluster, name: string, replicas: number): void {
  const d = c.store.get('apps/deployments', 'demo', name)!;
  (d.spec as any).replicas = replicas;
  c.store.update('apps/deployments', d);
}

/** Samples the number of ready pods on every store change until `done` holds. */
async function sampleReadyDuring(c: TestCluster, name: string, done: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  const unsubscribe = c.store.subscribe((ev) => {
    if (ev.resource === 'pods') samples.push(readyPods(c.store, name).length);
  });
  try {
    await waitFor(done, 5000, 'rollout');
  } finally {
    unsubscribe();
  }
  return samples;
}

describe('endpoints follow readiness', () => {
  it('lists exactly the ready pod IPs, with named target ports resolved', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 40 });
    const c = cluster;
    c.store.create('services', service('reviews', { app: 'reviews' }));
    c.store.create('apps/deployments', deployment('reviews-v1', { replicas: 2 }));
    // while pending: addresses are not ready
    await waitFor(() => endpointIPs(c, 'reviews').notReady.length === 2, 2000, 'not-ready addresses');
    expect(endpointIPs(c, 'reviews').ready).toEqual([]);
    await settled(c, 'reviews-v1', 2);
    await waitFor(() => endpointIPs(c, 'reviews').ready.length === 2, 2000, 'ready addresses');
    expect(endpointIPs(c, 'reviews')).toEqual({ ready: readyIPs(c, 'reviews-v1'), notReady: [] });
    const ep = c.store.get('endpoints', 'demo', 'reviews')!;
    const subset = (ep.subsets as any[])[0];
    expect(subset.ports).toEqual([{ name: 'http', port: 9080, protocol: 'TCP' }]);
    expect(subset.addresses[0]).toMatchObject({ nodeName: 'graylane-node-1', targetRef: { kind: 'Pod', namespace: 'demo' } });

    // EndpointSlice mirrors the same addresses
    const slices = c.store.list('discovery.k8s.io/endpointslices', 'demo').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'reviews');
    expect(slices).toHaveLength(1);
    expect(slices[0].metadata.name).toMatch(/^reviews-[a-z0-9]{5}$/);
    expect((slices[0].endpoints as any[]).filter((e) => e.conditions.ready).map((e) => e.addresses[0]).sort()).toEqual(readyIPs(c, 'reviews-v1'));

    // idle: resyncs write nothing
    const rv = c.store.currentResourceVersion();
    await new Promise((r) => setTimeout(r, 500));
    expect(c.store.currentResourceVersion()).toBe(rv);

    // service deleted: endpoints and slices go too
    c.store.delete('services', 'demo', 'reviews');
    await waitFor(() => !c.store.get('endpoints', 'demo', 'reviews') && c.store.list('discovery.k8s.io/endpointslices', 'demo').length === 0, 2000, 'endpoints cleanup');
  });
});

describe('scaling', () => {
  it('scales to 1 and to 5', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 3 }));
    await settled(c, 'web', 3);
    setReplicas(c, 'web', 1);
    await settled(c, 'web', 1);
    setReplicas(c, 'web', 5);
    await settled(c, 'web', 5);
    const d = await waitFor(() => {
      const cur = c.store.get('apps/deployments', 'demo', 'web')!;
      return (cur.status as any).availableReplicas === 5 && cur;
    });
    expect((d.status as any).observedGeneration).toBe(d.metadata.generation);
  });
});

describe('rolling update', () => {
  it('never drops below replicas - maxUnavailable ready pods and ends with only new pods', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 30 });
    const c = cluster;
    // 4 replicas, defaults 25%/25%: surge 1, unavailable 1 -> at least 3 ready throughout
    c.store.create('apps/deployments', deployment('reviews-v1', { replicas: 4 }));
    await settled(c, 'reviews-v1', 4);
    const oldHash = podsOf(c.store, 'reviews-v1')[0].metadata.labels!['pod-template-hash'];
    setImage(c, 'reviews-v1', 'example/app:2.0');
    const samples = await sampleReadyDuring(c, 'reviews-v1', () => {
      const pods = podsOf(c.store, 'reviews-v1');
      return pods.length === 4 && pods.every((p) => p.metadata.labels!['pod-template-hash'] !== oldHash) && readyPods(c.store, 'reviews-v1').length === 4;
    });
    expect(samples.length).toBeGreaterThan(4);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(3);
    for (const p of podsOf(c.store, 'reviews-v1')) expect((p.spec as any).containers[0].image).toBe('example/app:2.0');
    const events = c.store.list('events', 'demo').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(events).toContain(`Scaled down replica set reviews-v1-${oldHash} to 0 from 1`);
  });

  it('honours percentages: maxSurge 50% / maxUnavailable 0 keeps all 3 ready', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } } }));
    await settled(c, 'web', 3);
    let maxPods = 0;
    const unsubscribe = c.store.subscribe(() => (maxPods = Math.max(maxPods, podsOf(c.store, 'web').length)));
    setImage(c, 'web', 'example/app:2.0');
    const samples = await sampleReadyDuring(c, 'web', () => podsOf(c.store, 'web').every((p) => (p.spec as any).containers[0].image === 'example/app:2.0') && readyPods(c.store, 'web').length === 3 && podsOf(c.store, 'web').length === 3);
    unsubscribe();
    expect(Math.min(...samples)).toBe(3);
    expect(maxPods).toBe(5); // 3 + ceil(1.5)
  });

  it('a 1-replica deployment never has zero ready pods during a rollout', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 30 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('details-v1', { replicas: 1 }));
    await settled(c, 'details-v1', 1);
    const before = podsOf(c.store, 'details-v1')[0].metadata.name;
    setImage(c, 'details-v1', 'example/app:2.0');
    const samples = await sampleReadyDuring(c, 'details-v1', () => {
      const pods = podsOf(c.store, 'details-v1');
      return pods.length === 1 && pods[0].metadata.name !== before && readyPods(c.store, 'details-v1').length === 1;
    });
    expect(Math.min(...samples)).toBe(1);
  });

  it('Recreate deletes the old pods before creating new ones', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 2, strategy: { type: 'Recreate' } }));
    await settled(c, 'web', 2);
    let mixed = false;
    const unsubscribe = c.store.subscribe(() => {
      const images = new Set(podsOf(c.store, 'web').map((p) => (p.spec as any).containers[0].image));
      if (images.size > 1) mixed = true;
    });
    setImage(c, 'web', 'example/app:2.0');
    await waitFor(() => podsOf(c.store, 'web').every((p) => (p.spec as any).containers[0].image === 'example/app:2.0') && readyPods(c.store, 'web').length === 2);
    unsubscribe();
    expect(mixed).toBe(false);
  });
});

describe('deletion', () => {
  it('deleting the deployment deletes its pods', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 2 }));
    await settled(c, 'web', 2);
    c.store.delete('apps/deployments', 'demo', 'web');
    await waitFor(() => c.store.list('pods', 'demo').length === 0, 2000, 'pods gone');
  });

  it('a deleted pod is replaced', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 2 }));
    await settled(c, 'web', 2);
    const victim = podsOf(c.store, 'web')[0].metadata.name!;
    c.store.delete('pods', 'demo', victim);
    await waitFor(() => {
      const names = podsOf(c.store, 'web').map((p) => p.metadata.name);
      return names.length === 2 && !names.includes(victim) && readyPods(c.store, 'web').length === 2;
    }, 2000, 'replacement');
  });

  it('orphan propagation keeps the pods', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('apps/deployments', deployment('web', { replicas: 2 }));
    await settled(c, 'web', 2);
    c.store.delete('apps/deployments', 'demo', 'web', { propagationPolicy: 'Orphan' });
    await new Promise((r) => setTimeout(r, 300));
    const pods = c.store.list('pods', 'demo');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences ?? []).toEqual([]);
  });
});

describe('kubelet', () => {
  it('binds, addresses and starts a bare pod', async () => {
    cluster = startTestCluster({ podReadyDelayMs: 20 });
    const c = cluster;
    c.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'demo' }, spec: { containers: [{ name: 'app', image: 'example/app:1.0' }] } });
    const pod = await waitFor(() => {
      const p = c.store.get('pods', 'demo', 'bare');
      return (p?.status as any)?.phase === 'Running' && p;
    }, 2000, 'bare pod running');
    expect((pod.spec as any).nodeName).toBe('graylane-node-1');
    expect((pod.status as any).podIP).toMatch(/^10\.244\./);
  });
});
