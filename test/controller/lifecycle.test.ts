/**
 * The controller against the embedded cluster: the canary lifecycle in the safe order, one active
 * job per Service, rollback on delete, kubectl-applied jobs, and drift reporting. One cluster and
 * one controller for the file; each scenario has its own namespace (the lifecycle's sorts first,
 * so the ingress serves its productpage).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_FINALIZER, type DestinationRule, type GrayscaleRelease, type VirtualService } from '@/lib/release';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { RunningController } from '@/server/controller';
import {
  bookinfoNamespace,
  canarySpec,
  conditionOf,
  controllerFor,
  createJob,
  deleteJob,
  deploymentNames,
  eventsFor,
  getIstio,
  getJob,
  patchJob,
  productpageStars,
  startHarness,
  statusWeights,
  waitFor,
  waitForJob,
  type Harness,
} from './harness';

let h: Harness;
let controller: RunningController;

const LIFECYCLE = 'aa-lifecycle';
const SECOND = 'second-job';
const ROLLBACK = 'rollback';
const KUBECTL = 'kubectl-job';
const DRIFT = 'drift';

beforeAll(async () => {
  h = await startHarness(150);
  controller = controllerFor(h);
  await controller.ready;
  await Promise.all([LIFECYCLE, SECOND, ROLLBACK, KUBECTL, DRIFT].map((ns) => bookinfoNamespace(h, ns)));
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await h?.stop();
});

const reviewsRoute = (vs: VirtualService | null) => vs?.spec.http?.find((r) => r.name === 'graylane-canary-release-default')?.route;
const subsets = (dr: DestinationRule | null) => (dr?.spec.subsets ?? []).map((s) => s.name);

describe('canary lifecycle', () => {
  it('creates the candidate, waits for it, then routes 70/30', async () => {
    await createJob(h, LIFECYCLE, 'canary-release', canarySpec());
    const waiting = await waitForJob(h, LIFECYCLE, 'canary-release', (j) => j.status?.phase === 'WaitingForCandidate', 'WaitingForCandidate');
    expect(waiting.metadata.finalizers).toContain(RELEASE_FINALIZER);

    const job = await waitForJob(h, LIFECYCLE, 'canary-release', (j) => j.status?.phase === 'Progressing' && conditionOf(j, 'RoutesApplied')?.status === 'True', 'Progressing');
    expect(job.status?.observedGeneration).toBe(job.metadata.generation);
    expect(job.status?.versions).toEqual([
      { version: 'v1', workload: 'reviews-v1', replicas: 1, readyReplicas: 1, weight: 70 },
      { version: 'v2', workload: 'reviews-v2', replicas: 1, readyReplicas: 1, weight: 30 },
    ]);
    expect(conditionOf(job, 'CandidateReady')?.status).toBe('True');
    expect(conditionOf(job, 'RoutesApplied')?.observedGeneration).toBe(job.metadata.generation);

    const vs = await getIstio<VirtualService>(h, LIFECYCLE, 'virtualservices', 'reviews');
    expect(reviewsRoute(vs)).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 70 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 30 },
    ]);
    expect(subsets(await getIstio<DestinationRule>(h, LIFECYCLE, 'destinationrules', 'reviews'))).toEqual(['v1', 'v2']);
    const candidate = await h.clients.apps.readNamespacedDeployment({ namespace: LIFECYCLE, name: 'reviews-v2' });
    expect(candidate.spec?.template.spec?.containers[0].image).toBe('kubesphere/examples-bookinfo-reviews-v2:1.13.0');
    expect(candidate.spec?.template.metadata?.labels?.version).toBe('v2');

    const reasons = (await eventsFor(h, LIFECYCLE, 'canary-release')).map((e) => e.reason);
    for (const r of ['Accepted', 'SubsetAdded', 'TrafficChanged', 'CandidateCreated', 'CandidateReady']) expect(reasons).toContain(r);
  });

  it('changes the weight', async () => {
    await patchJob(h, LIFECYCLE, 'canary-release', { metadata: { annotations: { 'graylane.io/changed-by': 'admin' } }, spec: { traffic: { candidateWeight: 60 } } });
    const job = await waitForJob(h, LIFECYCLE, 'canary-release', (j) => statusWeights(j).v2 === 60 && j.status?.observedGeneration === j.metadata.generation, 'weight 60');
    expect(statusWeights(job)).toEqual({ v1: 40, v2: 60 });
    const events = await eventsFor(h, LIFECYCLE, 'canary-release');
    expect(events.find((e) => e.reason === 'TrafficChanged' && e.message.includes('v1 70% / v2 30% → v1 40% / v2 60%'))?.message).toContain('(by admin)');
  });

  it('updates the candidate for new replicas and images, keeping what the user tuned on its template', async () => {
    const apps = h.clients.apps;
    // A user's own tuning of the candidate (not named by the job) must survive the update.
    await apps.patchNamespacedDeployment(
      { name: 'reviews-v2', namespace: LIFECYCLE, body: { spec: { template: { metadata: { annotations: { 'example.com/tuned': 'yes' } } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const image = 'kubesphere/examples-bookinfo-reviews-v2:1.13.1';
    await patchJob(h, LIFECYCLE, 'canary-release', { spec: { candidate: { replicas: 2, images: { reviews: image } } } });
    const d = await waitFor(() => apps.readNamespacedDeployment({ name: 'reviews-v2', namespace: LIFECYCLE }), (x) => x.spec?.replicas === 2, 'candidate scaled to 2');
    expect(d.spec?.template.spec?.containers.find((c) => c.name === 'reviews')?.image).toBe(image);
    expect(d.spec?.template.metadata?.annotations?.['example.com/tuned']).toBe('yes');
    const events = await eventsFor(h, LIFECYCLE, 'canary-release');
    expect(events.find((e) => e.reason === 'CandidateUpdated')?.message).toContain(`replicas 1 → 2, reviews image kubesphere/examples-bookinfo-reviews-v2:1.13.0 → ${image}`);
  });

  it('takes over v2 with 100% of the traffic', async () => {
    await patchJob(h, LIFECYCLE, 'canary-release', { spec: { takeOver: 'v2' } });
    const job = await waitForJob(h, LIFECYCLE, 'canary-release', (j) => j.status?.phase === 'TakenOver', 'TakenOver');
    expect(statusWeights(job)).toEqual({ v1: 0, v2: 100 });
    expect(reviewsRoute(await getIstio(h, LIFECYCLE, 'virtualservices', 'reviews'))).toEqual([{ destination: { host: 'reviews', subset: 'v2' } }]);
    expect((await eventsFor(h, LIFECYCLE, 'canary-release')).map((e) => e.reason)).toContain('TakenOver');
  });

  it('goes offline: v1 Deployment gone, subset v1 dropped, Completed, only v2 serves', async () => {
    await patchJob(h, LIFECYCLE, 'canary-release', { spec: { offline: true } });
    const job = await waitForJob(h, LIFECYCLE, 'canary-release', (j) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).includes(RELEASE_FINALIZER), 'Completed');
    expect(job.status?.keptVersion).toBe('v2');
    expect(await deploymentNames(h, LIFECYCLE)).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v2']);
    expect(subsets(await getIstio(h, LIFECYCLE, 'destinationrules', 'reviews'))).toEqual(['v2']);
    const reasons = (await eventsFor(h, LIFECYCLE, 'canary-release')).map((e) => e.reason);
    // Traffic was already all on v2 (taken over), so no route change: delete, drop, complete.
    expect(reasons).not.toContain('OfflineRouted');
    const offline = reasons.slice(reasons.lastIndexOf('TakenOver'));
    expect(offline.filter((r) => ['DeploymentDeleted', 'SubsetDropped', 'Completed'].includes(r))).toEqual(['DeploymentDeleted', 'SubsetDropped', 'Completed']);
    const pages = await Promise.all(Array.from({ length: 20 }, () => productpageStars(h.cluster.ingressUrl!)));
    expect(pages.every((p) => p.status === 200 && p.stars === 'black'), JSON.stringify(pages)).toBe(true);
  });
});

describe('one active job per Service', () => {
  it('refuses a second job for the same Service and touches nothing', async () => {
    await createJob(h, SECOND, 'first', canarySpec());
    // settled: routes for the configured split applied, not just the phase reached (under CI load
    // the phase can be written one reconcile before the weighted routes)
    await waitForJob(h, SECOND, 'first', (j) => j.status?.phase === 'Progressing' && statusWeights(j).v2 === 30 && conditionOf(j, 'RoutesApplied')?.status === 'True', 'first settled at 70/30');
    const vsBefore = await getIstio<VirtualService>(h, SECOND, 'virtualservices', 'reviews');
    const drBefore = await getIstio<DestinationRule>(h, SECOND, 'destinationrules', 'reviews');
    const deploymentsBefore = await deploymentNames(h, SECOND);

    await createJob(h, SECOND, 'second', canarySpec({ candidate: { version: 'v3', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v3:1.13.0' } } }));
    const second = await waitForJob(h, SECOND, 'second', (j) => j.status?.phase === 'Failed', 'second Failed');
    expect(conditionOf(second, 'Accepted')).toMatchObject({ status: 'False', reason: 'ServiceHasActiveJob' });
    expect(second.status?.message).toContain('already has an active release job "first"');
    expect(second.metadata.finalizers ?? []).not.toContain(RELEASE_FINALIZER);
    expect((await eventsFor(h, SECOND, 'second')).map((e) => [e.type, e.reason])).toContainEqual(['Warning', 'Refused']);

    await new Promise((r) => setTimeout(r, 300));
    expect((await getIstio<VirtualService>(h, SECOND, 'virtualservices', 'reviews'))?.metadata.resourceVersion).toBe(vsBefore?.metadata.resourceVersion);
    expect((await getIstio<DestinationRule>(h, SECOND, 'destinationrules', 'reviews'))?.metadata.resourceVersion).toBe(drBefore?.metadata.resourceVersion);
    expect(await deploymentNames(h, SECOND)).toEqual(deploymentsBefore);

    // The refused job goes away without touching anything either.
    await deleteJob(h, SECOND, 'second');
    await waitFor(() => getJob(h, SECOND, 'second'), (j) => j === null, 'second deleted');
    expect((await getIstio<VirtualService>(h, SECOND, 'virtualservices', 'reviews'))?.metadata.resourceVersion).toBe(vsBefore?.metadata.resourceVersion);
  });
});

describe('deleting an active job', () => {
  it('rolls back: 100% to the baseline, candidate removed, subset dropped, object gone', async () => {
    await createJob(h, ROLLBACK, 'doomed', canarySpec({ traffic: { candidateWeight: 50 } }));
    await waitForJob(h, ROLLBACK, 'doomed', (j) => statusWeights(j).v2 === 50, '50/50');
    await deleteJob(h, ROLLBACK, 'doomed');
    await waitFor(() => getJob(h, ROLLBACK, 'doomed'), (j) => j === null, 'job gone');

    expect(await deploymentNames(h, ROLLBACK)).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1']);
    expect(subsets(await getIstio(h, ROLLBACK, 'destinationrules', 'reviews'))).toEqual(['v1']);
    const vs = await getIstio<VirtualService>(h, ROLLBACK, 'virtualservices', 'reviews');
    expect(vs?.spec.http?.flatMap((r) => r.route ?? []).map((d) => d.destination.subset)).toEqual(['v1']);
    // The order is the contract: traffic moved before the Deployment went, the subset after it.
    const reasons = (await eventsFor(h, ROLLBACK, 'doomed')).map((e) => e.reason);
    const at = (r: string) => reasons.indexOf(r);
    expect(at('OfflineRouted')).toBeGreaterThan(-1);
    expect(at('OfflineRouted')).toBeLessThan(at('DeploymentDeleted'));
    expect(at('DeploymentDeleted')).toBeLessThan(at('SubsetDropped'));
    expect(at('SubsetDropped')).toBeLessThan(at('RolledBack'));
  });
});

describe('kubectl', () => {
  it('a job applied with kubectl apply -f behaves like the others', async () => {
    const file = path.join(h.dir, 'job.yaml');
    writeFileSync(
      file,
      `apiVersion: graylane.io/v1alpha1
kind: GrayscaleRelease
metadata:
  name: from-kubectl
  namespace: ${KUBECTL}
spec:
  strategy: Canary
  service: reviews
  baseline: {version: v1}
  candidate:
    version: v2
    replicas: 1
    images: {reviews: kubesphere/examples-bookinfo-reviews-v2:1.13.0}
  traffic: {candidateWeight: 30}
`,
    );
    const env = { ...process.env, HOME: h.dir, KUBECONFIG: h.kubeconfig };
    const apply = await kubectl(['apply', '-f', file], env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('grayscalerelease.graylane.io/from-kubectl created');

    const job = await waitForJob(h, KUBECTL, 'from-kubectl', (j) => j.status?.phase === 'Progressing' && statusWeights(j).v2 === 30, 'kubectl job Progressing');
    expect(job.status?.versions?.map((v) => [v.version, v.workload, v.weight])).toEqual([
      ['v1', 'reviews-v1', 70],
      ['v2', 'reviews-v2', 30],
    ]);
    const get = await kubectl(['get', 'gr', '-n', KUBECTL], env);
    expect(get.stdout).toMatch(/from-kubectl\s+Canary\s+reviews\s+v1\s+v2\s+30\s+Progressing/);

    // kubectl apply again with takeOver: the controller takes over like for a UI change.
    writeFileSync(file, `${readFileSync(file, 'utf8')}  takeOver: v2\n`);
    const again = await kubectl(['apply', '-f', file], env);
    expect(again.status, again.stderr).toBe(0);
    await waitForJob(h, KUBECTL, 'from-kubectl', (j) => j.status?.phase === 'TakenOver' && statusWeights(j).v2 === 100, 'kubectl TakenOver');
  });
});

describe('drift', () => {
  it('reports a manual edit of the managed route as Drifted with an Event, without overwriting it', async () => {
    await createJob(h, DRIFT, 'drifty', canarySpec());
    await waitForJob(h, DRIFT, 'drifty', (j) => j.status?.phase === 'Progressing' && conditionOf(j, 'RoutesApplied')?.status === 'True', 'Progressing');
    const vs = (await getIstio<VirtualService>(h, DRIFT, 'virtualservices', 'reviews'))!;
    const route = vs.spec.http!.find((r) => r.name === 'graylane-drifty-default')!;
    route.route = [
      { destination: { host: 'reviews', subset: 'v1' }, weight: 10 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 90 },
    ];
    await h.rest.request({ method: 'PUT', path: `/apis/networking.istio.io/v1/namespaces/${DRIFT}/virtualservices/reviews`, body: vs });

    const job = await waitForJob(h, DRIFT, 'drifty', (j) => conditionOf(j, 'Drifted')?.status === 'True', 'Drifted');
    expect(conditionOf(job, 'Drifted')?.message).toContain('graylane-drifty-default');
    expect(statusWeights(job)).toEqual({ v1: 10, v2: 90 });
    const warning = (await eventsFor(h, DRIFT, 'drifty')).find((e) => e.reason === 'Drifted');
    expect(warning?.type).toBe('Warning');
    // Reported, not silently overwritten.
    await new Promise((r) => setTimeout(r, 300));
    expect(reviewsWeights(await getIstio<VirtualService>(h, DRIFT, 'virtualservices', 'reviews'), 'drifty')).toEqual([10, 90]);

    // A spec change is the user asking for their routes again.
    await patchJob(h, DRIFT, 'drifty', { spec: { traffic: { candidateWeight: 20 } } });
    const after = await waitForJob(h, DRIFT, 'drifty', (j) => conditionOf(j, 'Drifted')?.status === 'False' && statusWeights(j).v2 === 20, 're-applied');
    expect(conditionOf(after, 'RoutesApplied')?.status).toBe('True');
  });
});

/** kubectl, asynchronously: the embedded API server runs in this process and must keep serving. */
function kubectl(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/usr/bin/kubectl', args, { env, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function reviewsWeights(vs: VirtualService | null, job: string): number[] | undefined {
  return vs?.spec.http?.find((r) => r.name === `graylane-${job}-default`)?.route?.map((d) => d.weight ?? 100);
}

export type { GrayscaleRelease };
