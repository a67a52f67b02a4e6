/**
 * The controller survives its API server going away: the Kubernetes API refuses connections for a
 * while (listener closed, every watch cut; sim/test-controls.ts), long enough for the leader to
 * lose its Lease. Afterwards it leads again, its watches resume (a spec change made after the
 * outage converges) and, when the API server no longer has the history to resume from (410
 * Expired), they relist; the job then finishes normally.
 * GRAYLANE_OUTAGE_MS lengthens the outage (30000 reproduces the reliability suite's cut).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RELEASE_FINALIZER, type VirtualService } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { leaseLeadership } from '@/server/controller/lease-leadership';
import { bookinfoNamespace, canarySpec, controllerFor, createJob, getIstio, patchJob, startHarness, statusWeights, waitFor, waitForJob, type Harness } from './harness';

const NS = 'api-outage';
const JOB = 'canary-release';
const OUTAGE_MS = Number(process.env.GRAYLANE_OUTAGE_MS ?? 6000);

let h: Harness;
let controller: RunningController;
const logs: string[] = [];

beforeAll(async () => {
  h = await startHarness(100, { testControls: true });
  const log = (msg: string) => logs.push(msg);
  // A short Lease, so the outage outlasts its renew deadline: the leader must stop and win it back.
  const leadership = leaseLeadership({ rest: h.rest, namespace: 'graylane-system', leaseDurationMs: 3000, renewDeadlineMs: 2000, renewPeriodMs: 500, retryPeriodMs: 500, log });
  controller = controllerFor(h, { leadership, log });
  await controller.ready;
  await bookinfoNamespace(h, NS);
}, 90_000);

afterAll(async () => {
  await controller?.stop();
  await h?.stop();
});

/** The v2 weight of the job's managed route in the VirtualService the mesh uses. */
async function routedWeight(): Promise<number | undefined> {
  const vs = await getIstio<VirtualService>(h, NS, 'virtualservices', 'reviews');
  const route = (vs?.spec.http ?? []).find((r) => r.name?.startsWith(`graylane-${JOB}`));
  return route?.route?.find((d) => d.destination.subset === 'v2')?.weight ?? (route ? 0 : undefined);
}

async function converges(weight: number, what: string): Promise<void> {
  await waitForJob(h, NS, JOB, (j) => statusWeights(j).v2 === weight && j.status?.observedGeneration === j.metadata.generation, `${what}: status`, 30_000);
  await waitFor(routedWeight, (w) => w === weight, `${what}: VirtualService`, 30_000);
}

it('leads again after an API outage, resumes its watches, relists after 410 Expired, and finishes the job', async () => {
  await createJob(h, NS, JOB, canarySpec());
  await converges(30, 'before the outage');

  await h.cluster.controls!.apiOutage(OUTAGE_MS);
  expect(logs.some((l) => l.includes('lost the lease'))).toBe(true);

  // Made right after the API returns: only a resumed watch (or relist) lets the controller see it.
  await patchJob(h, NS, JOB, { spec: { traffic: { candidateWeight: 60 } } });
  await converges(60, 'after the outage');
  await waitFor(async () => controller.isLeader(), (leading) => leading, 'leads again', 30_000);

  // The API server forgets the history the watches would resume from: they get 410 and relist.
  h.cluster.controls!.expireWatchHistory();
  await patchJob(h, NS, JOB, { spec: { traffic: { candidateWeight: 10 } } });
  await converges(10, 'after 410 Expired');

  await patchJob(h, NS, JOB, { spec: { takeOver: 'v2', offline: true } });
  await waitForJob(h, NS, JOB, (j) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).includes(RELEASE_FINALIZER), 'Completed', 30_000);
}, 180_000);
