/**
 * Ingress through a Gateway follows the job (lib/release/gateway-routes.ts): a gateway-only
 * VirtualService routing to the released Service gets the job's split, all of it on take over, and
 * on Job Offline is moved to the kept version before the other one is removed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RELEASE_FINALIZER, type VirtualService } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { MERGE_PATCH } from '@/server/kube/rest';
import { bookinfoNamespace, canarySpec, controllerFor, createJob, deploymentNames, eventsFor, getIstio, patchJob, startHarness, waitFor, waitForJob, type Harness } from './harness';

const NS = 'gateway-routes';
const JOB = 'canary-release';
let h: Harness;
let controller: RunningController;

beforeAll(async () => {
  h = await startHarness(100);
  controller = controllerFor(h);
  await controller.ready;
  await bookinfoNamespace(h, NS);
  await h.rest.request({
    method: 'POST',
    path: `/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices`,
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews-ingress' },
      spec: { hosts: ['reviews.example.com'], gateways: ['bookinfo-gateway'], http: [{ timeout: '5s', route: [{ destination: { host: 'reviews', port: { number: 9080 } } }] }] },
    },
  });
}, 90_000);

afterAll(async () => {
  await controller?.stop();
  await h?.stop();
});

/** Subset -> weight of the gateway route to reviews. */
async function gatewaySplit(): Promise<Record<string, number>> {
  const vs = await getIstio<VirtualService>(h, NS, 'virtualservices', 'reviews-ingress');
  const route = (vs?.spec.http ?? []).find((r) => (r.route ?? []).every((d) => d.destination.host === 'reviews'));
  return Object.fromEntries((route?.route ?? []).map((d) => [d.destination.subset ?? '', d.weight ?? 100]));
}

it('governs the gateway route to the Service: split, take over, offline before removal', async () => {
  await createJob(h, NS, JOB, canarySpec());
  const split = await waitFor(gatewaySplit, (s) => s.v2 === 30, 'gateway route split 70/30', 30_000);
  expect(split).toEqual({ v1: 70, v2: 30 });
  const vs = await getIstio<VirtualService>(h, NS, 'virtualservices', 'reviews-ingress');
  expect(vs?.spec.http?.[0].timeout).toBe('5s');
  await waitForJob(h, NS, JOB, (j) => j.status?.conditions?.find((c) => c.type === 'RoutesApplied')?.status === 'True', 'RoutesApplied with the gateway in sync');

  await patchJob(h, NS, JOB, { spec: { takeOver: 'v2' } });
  expect(await waitFor(gatewaySplit, (s) => s.v2 === 100 && s.v1 === undefined, 'gateway route all to v2', 30_000)).toEqual({ v2: 100 });

  await patchJob(h, NS, JOB, { spec: { offline: true } });
  await waitForJob(h, NS, JOB, (j) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).includes(RELEASE_FINALIZER), 'Completed', 30_000);
  expect(await gatewaySplit()).toEqual({ v2: 100 });
  expect(await deploymentNames(h, NS)).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v2']);
}, 120_000);

it('reports a hand edit of the gateway route as Drifted and leaves it until the spec changes', async () => {
  // After the first job v2 is the only reviews version: the next job releases v3 next to it.
  const job = 'gateway-drift';
  await createJob(h, NS, job, canarySpec({ baseline: { version: 'v2' }, candidate: { version: 'v3', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v3:1.13.0' } } }));
  await waitFor(gatewaySplit, (s) => s.v3 === 30, 'gateway route split 70/30', 30_000);
  await waitForJob(h, NS, job, (j) => j.status?.conditions?.find((c) => c.type === 'RoutesApplied')?.status === 'True', 'RoutesApplied');

  const vs = (await getIstio<VirtualService>(h, NS, 'virtualservices', 'reviews-ingress'))!;
  const http = structuredClone(vs.spec.http!);
  const route = http.find((r) => (r.route ?? []).every((d) => d.destination.host === 'reviews'))!;
  route.route = route.route!.map((d) => ({ ...d, weight: 50 }));
  await h.rest.request({ method: 'PATCH', path: `/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices/reviews-ingress`, body: { spec: { http } }, contentType: MERGE_PATCH });

  const drifted = await waitForJob(h, NS, job, (j) => j.status?.conditions?.find((c) => c.type === 'Drifted')?.status === 'True', 'Drifted', 20_000);
  expect(drifted.status?.conditions?.find((c) => c.type === 'Drifted')?.message).toContain('VirtualService reviews-ingress: routes to reviews were edited since the job last wrote them');
  expect(drifted.status?.conditions?.find((c) => c.type === 'RoutesApplied')).toMatchObject({ status: 'False', reason: 'Drifted' });
  const warning = (await eventsFor(h, NS, job)).find((e) => e.reason === 'Drifted');
  expect(warning).toMatchObject({ type: 'Warning', message: expect.stringContaining('reviews-ingress') });
  // several resyncs (every 2 s here) later the manual split still stands
  await new Promise((r) => setTimeout(r, 5000));
  expect(await gatewaySplit()).toEqual({ v2: 50, v3: 50 });

  // a spec change is the user asking for the job's routes again
  await patchJob(h, NS, job, { spec: { traffic: { candidateWeight: 40 } } });
  expect(await waitFor(gatewaySplit, (s) => s.v3 === 40, 'gateway route split 60/40', 30_000)).toEqual({ v2: 60, v3: 40 });
  await waitForJob(h, NS, job, (j) => j.status?.conditions?.find((c) => c.type === 'Drifted')?.status === 'False', 'in sync again', 20_000);
}, 120_000);
