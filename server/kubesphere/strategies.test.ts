/**
 * Integration: KubeSphere Strategy discovery and import previews against the embedded cluster,
 * first without KubeSphere (API not served), then with the Strategy CRD registered as a cluster
 * that ran KubeSphere 3.x would have it, and a Bookinfo reviews release in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryByWeight, strategyCrd } from '@/lib/kubesphere/strategy-fixtures.test-helpers';
import { KS_SERVICEMESH_GROUP } from '@/lib/kubesphere/strategy-types';
import { startCluster, type Cluster } from '@/sim/cluster';
import { createKubeClients, type KubeClients } from '../kube/client';
import { listStrategies, previewStrategyImport, previewStrategyImports } from './strategies';

const NS = 'demo-project';

function reviews(version: string, replicas: number): KubernetesObject {
  const labels = { app: 'reviews', version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `reviews-${version}`, namespace: NS, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'reviews', image: `kubesphere/examples-bookinfo-reviews-${version}:1.13.0` }] } },
    },
  } as KubernetesObject;
}

describe('server/kubesphere against the embedded cluster', () => {
  let cluster: Cluster;
  let clients: KubeClients;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'graylane-ks-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    cluster = await startCluster({ apiPort: 0, kubeconfig, podReadyDelayMs: 100 });
    clients = createKubeClients({ kubeconfigPath: kubeconfig });
    await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
  });

  afterAll(async () => {
    await cluster?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says "not available" when the cluster never ran KubeSphere', async () => {
    expect(await listStrategies(NS, clients)).toEqual({ available: false, items: [] });
    expect(await previewStrategyImports(NS, clients)).toEqual({ available: false, previews: [] });
  });

  it('lists Strategies and previews the import, with the KubeSphere-made candidate to adopt', async () => {
    // Raw JSON: client-node's typed CRD model would drop the `x-kubernetes-*` schema keys.
    await clients.custom.createClusterCustomObject({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', body: strategyCrd });
    await clients.objects.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace: NS, labels: { app: 'reviews' } },
      spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] },
    } as KubernetesObject);
    await clients.objects.create(reviews('v1', 1));
    await clients.objects.create(reviews('v2', 2));
    const { status: _status, ...strategy } = structuredClone(canaryByWeight);
    void _status;
    const { uid: _uid, resourceVersion: _rv, generation: _gen, ...metadata } = strategy.metadata;
    void [_uid, _rv, _gen];
    // The custom-objects API: client-node's generic object API serializes unknown kinds without their spec.
    await clients.custom.createNamespacedCustomObject({ group: KS_SERVICEMESH_GROUP, version: 'v1alpha2', namespace: NS, plural: 'strategies', body: { ...strategy, metadata } });

    const list = await listStrategies(undefined, clients);
    expect(list.available).toBe(true);
    expect(list.items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([`${NS}/canary-release`]);

    const { previews } = await previewStrategyImports(NS, clients);
    expect(previews).toHaveLength(1);
    const [preview] = previews;
    expect(preview.errors).toEqual([]);
    expect(preview.contextErrors).toEqual([]);
    expect(preview.adopt).toEqual(['reviews-v2']);
    expect(preview.release?.spec).toEqual({
      strategy: 'Canary',
      service: 'reviews',
      baseline: { version: 'v1' },
      candidate: { version: 'v2', replicas: 2, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
      traffic: { candidateWeight: 20 },
    });
    expect(preview.warnings).toEqual([]);

    const one = await previewStrategyImport(NS, 'canary-release', clients);
    expect(one.release).toEqual(preview.release);
    await expect(previewStrategyImport(NS, 'nope', clients)).rejects.toMatchObject({ code: 'not_found' });
  });
});
