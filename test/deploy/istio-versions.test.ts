/**
 * Istio's networking API versions (issue 9): `networking.istio.io/v1` is used when served (Istio
 * 1.22+), older installs that serve only v1beta1/v1alpha3 still work. Here the embedded cluster
 * starts bare and gets Istio's CRDs trimmed to v1beta1 + v1alpha3 (as Istio 1.21 ships them), then
 * the sample app, the controller and a canary job run against it; the routes land in v1beta1.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualService } from '@/lib/release';
import { GRAYLANE_CRD_FILE, ISTIO_CRDS_FILE, readManifests, startCluster } from '@/sim/cluster';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import { startController, type RunningController } from '@/server/controller';
import { soleLeader } from '@/server/controller/leadership';
import { discoverIstioVersion } from '@/server/controller/resources';
import { createKubeClients, type KubeClients } from '@/server/kube/client';
import { createKubeRest, type KubeRest } from '@/server/kube/rest';

type Cluster = Awaited<ReturnType<typeof startCluster>>;
const NS = 'old-istio';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
}

/** Istio's CRDs as an install older than 1.22 has them: no v1, v1beta1 stored. */
function istioCrdsWithout(version: string): Record<string, unknown>[] {
  return readManifests(ISTIO_CRDS_FILE).map((crd) => {
    const spec = (crd as unknown as { spec: { versions: CrdVersion[] } }).spec;
    const versions = spec.versions.filter((v) => v.name !== version).map((v) => ({ ...v, storage: v.name === 'v1beta1' }));
    return { ...crd, spec: { ...spec, versions } } as Record<string, unknown>;
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Istio networking API versions', () => {
  let dir: string;
  let cluster: Cluster;
  let full: Cluster;
  let clients: KubeClients;
  let rest: KubeRest;
  let controller: RunningController | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'graylane-istio-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, bare: true, podReadyDelayMs: 100 });
    full = await startCluster({ apiPort: 0, kubeconfig: path.join(dir, 'full-kubeconfig') });
    clients = createKubeClients({ kubeconfigPath: kubeconfig });
    rest = createKubeRest(clients.kubeConfig);
    for (const crd of [...istioCrdsWithout('v1'), ...readManifests(GRAYLANE_CRD_FILE)]) {
      await clients.custom.createClusterCustomObject({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', body: crd });
    }
    await until('networking.istio.io/v1beta1 served', () => rest.request({ method: 'GET', path: '/apis/networking.istio.io/v1beta1' }).then(() => true));
    await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
  }, 60_000);

  afterAll(async () => {
    await controller?.stop();
    await cluster?.stop();
    await full?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers v1 where served, else the newest older version', async () => {
    expect(await discoverIstioVersion(createKubeRest(createKubeClients({ kubeconfigPath: path.join(dir, 'full-kubeconfig') }).kubeConfig))).toBe('v1');
    expect(await discoverIstioVersion(rest)).toBe('v1beta1');
    await expect(rest.request({ method: 'GET', path: '/apis/networking.istio.io/v1' })).rejects.toThrow();
  });

  it('deploys the sample and runs a canary job with the routes in v1beta1', async () => {
    await deploySampleApplication(NS, { clients });
    // The sample's Gateway and VirtualService were written in the served version.
    await rest.request({ method: 'GET', path: `/apis/networking.istio.io/v1beta1/namespaces/${NS}/gateways/bookinfo-gateway` });
    await until('Bookinfo ready', async () => {
      const list = await clients.apps.listNamespacedDeployment({ namespace: NS });
      return list.items.length >= 4 && list.items.every((d) => (d.status?.readyReplicas ?? 0) >= 1) ? true : undefined;
    });

    controller = startController({ kubeconfigPath: path.join(dir, 'kubeconfig'), resyncMs: 2000, log: () => undefined, leadership: soleLeader });
    await controller.ready;
    await rest.request({
      method: 'POST',
      path: `/apis/graylane.io/v1alpha1/namespaces/${NS}/grayscalereleases`,
      body: {
        apiVersion: 'graylane.io/v1alpha1',
        kind: 'GrayscaleRelease',
        metadata: { name: 'canary', namespace: NS },
        spec: { strategy: 'Canary', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } }, traffic: { candidateWeight: 30 } },
      },
    });
    const vs = await until(
      'the reviews VirtualService with 70/30 in v1beta1',
      async () => {
        const got = await rest.request<VirtualService>({ method: 'GET', path: `/apis/networking.istio.io/v1beta1/namespaces/${NS}/virtualservices/reviews` });
        const weights = got.spec.http?.at(-1)?.route?.map((r) => [r.destination.subset, r.weight]);
        return JSON.stringify(weights) === JSON.stringify([['v1', 70], ['v2', 30]]) ? got : undefined;
      },
      45_000,
    );
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
    const dr = await rest.request<{ spec: { subsets: { name: string }[] } }>({ method: 'GET', path: `/apis/networking.istio.io/v1beta1/namespaces/${NS}/destinationrules/reviews` });
    expect(dr.spec.subsets.map((s) => s.name).sort()).toEqual(['v1', 'v2']);
  }, 90_000);
});
