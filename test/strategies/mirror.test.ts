/**
 * Traffic mirroring, end to end: a Mirror job on reviews reconciled by the controller on the
 * embedded cluster; steady requests through the ingress are all answered by v1 (users never see
 * v2), while the cluster's Istio metrics show v2 receiving the mirrored share. Then the mirror
 * percentage of the running job is edited and the new share takes effect.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VirtualService } from '@/lib/release';
import { readNamespaceObjects } from '@/server/releases/namespace-objects';
import { renderReleasePreview } from '@/server/releases/preview';
import { canarySpec, createJob, getIstio, getJob, patchJob, waitFor } from '../controller/harness';
import { binomialBounds, expectPreviewInSync, requestCount, routesInForce, sample, startStrategyCluster, type StrategyCluster } from './traffic';

const NS = 'mirror';
const JOB = 'reviews-mirror';
let c: StrategyCluster;

beforeAll(async () => {
  c = await startStrategyCluster(NS);
});

afterAll(async () => {
  await c?.stop();
});

/** Requests each reviews workload received (destination reporter: mirrored copies included). */
async function received(): Promise<{ v1: number; v2: number }> {
  const url = c.h.cluster.telemetryUrl!;
  const of = (workload: string) => requestCount(url, { reporter: 'destination', destination_workload: workload, destination_workload_namespace: NS });
  const [v1, v2] = await Promise.all([of('reviews-v1'), of('reviews-v2')]);
  return { v1, v2 };
}

/** Counters once the fire-and-forget mirror copies have landed (two equal reads in a row). */
async function settled(): Promise<{ v1: number; v2: number }> {
  let last = await received();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await received();
    if (now.v1 === last.v1 && now.v2 === last.v2) return now;
    last = now;
  }
  throw new Error(`request counters still moving after 10 s: ${JSON.stringify(last)}`);
}

it('mirror 50%: users get only v1, v2 receives about half as many requests as v1', async () => {
  await createJob(c.h, NS, JOB, canarySpec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } }));
  await routesInForce(c, JOB, 'mirroring 50%', (j) => j.status?.phase === 'Progressing');
  await expectPreviewInSync(c, JOB);

  const before = await settled();
  const n = 400;
  const seen = await sample(c.ingress, n, {}, 12);
  const after = await settled();
  const toV1 = after.v1 - before.v1;
  const toV2 = after.v2 - before.v2;
  const [low, high] = binomialBounds(toV1, 0.5);
  console.log(`mirror 50%: users saw ${JSON.stringify(seen)}; reviews-v1 received ${toV1}, reviews-v2 received ${toV2} (ratio ${(toV2 / toV1).toFixed(3)}, 5-sigma bounds ${low}..${high})`);
  expect(seen).toEqual({ v1: n });
  expect(toV1).toBe(n);
  expect(toV2).toBeGreaterThanOrEqual(low);
  expect(toV2).toBeLessThanOrEqual(high);
});

it('editing the running job to mirror 100% copies every request', async () => {
  await patchJob(c.h, NS, JOB, { spec: { traffic: { mirrorPercent: 100 } } });
  await routesInForce(c, JOB, 'mirroring 100%');
  await expectPreviewInSync(c, JOB);
  const before = await settled();
  const seen = await sample(c.ingress, 100);
  const after = await settled();
  expect(seen).toEqual({ v1: 100 });
  expect(after.v1 - before.v1).toBe(100);
  expect(after.v2 - before.v2).toBe(100);
});

it('a gateway-only VirtualService to reviews is governed too, and the preview of the running job stays in sync', async () => {
  await c.h.rest.request({
    method: 'POST',
    path: `/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices`,
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews-ingress' },
      spec: { hosts: ['reviews.example.com'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'reviews', port: { number: 9080 } } }] }] },
    },
  });
  const governed = await waitFor(
    () => getIstio<VirtualService>(c.h, NS, 'virtualservices', 'reviews-ingress'),
    (vs) => vs?.spec.http?.[0].mirror?.subset === 'v2',
    'gateway route mirrored like the mesh route',
  );
  expect(governed?.spec.http?.[0]).toMatchObject({ route: [{ destination: { host: 'reviews', subset: 'v1' } }], mirror: { subset: 'v2' }, mirrorPercentage: { value: 100 } });
  const [job, objects] = await Promise.all([getJob(c.h, NS, JOB), readNamespaceObjects(NS, c.h.clients)]);
  const preview = renderReleasePreview(job!, objects);
  expect(preview.documents.map((d) => `${d.kind}/${d.name}:${d.changed}`)).toEqual([
    'DestinationRule/reviews:false',
    'VirtualService/reviews:false',
    'VirtualService/reviews-ingress:false',
    'Deployment/reviews-v2:false',
  ]);
});
