/**
 * The release-job REST API through its route handlers (Request in, JSON out) against the embedded
 * cluster: list/get, the wizard's defaults and preview, create with every kind of bad input
 * refused with the field named and the cluster unchanged, one active job per Service, patch with
 * stale-write detection, take over/restore/offline and delete. The controller runs when it is
 * present (server/controller), and then the status-derived fields are checked too.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '@/sim/cluster';
import type { ApiErrorBody } from '@/lib/api/errors';
import type { ReleaseDefaults, ReleasePreview, ReleaseView } from '@/lib/api/release-types';
import type { ListResponse } from '@/lib/api/types';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import type { GrayscaleRelease } from '@/lib/release/types';
import { createKubeClients, setKubeClients, type KubeClients } from '@/server/kube/client';
import { adminCookie } from '../support/session';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import * as releasesRoute from '@/app/api/projects/[ns]/releases/route';
import * as releaseRoute from '@/app/api/projects/[ns]/releases/[name]/route';
import * as defaultsRoute from '@/app/api/projects/[ns]/releases/defaults/route';
import * as draftPreviewRoute from '@/app/api/projects/[ns]/releases/preview/route';
import * as previewRoute from '@/app/api/projects/[ns]/releases/[name]/preview/route';
import * as takeOverRoute from '@/app/api/projects/[ns]/releases/[name]/takeover/route';
import * as restoreRoute from '@/app/api/projects/[ns]/releases/[name]/restore/route';
import * as offlineRoute from '@/app/api/projects/[ns]/releases/[name]/offline/route';
import { offlineRelease, restoreRelease, takeOverRelease } from '@/server/releases/actions';
import { inProcessController, setInProcessController } from '@/server/controller/in-process';

type Cluster = Awaited<ReturnType<typeof startCluster>>;
type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type View = ReleaseView & { offline: NonNullable<ReleaseView['offline']> };

const NS = 'rel-api';
const V2_IMAGE = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';
const JOB = 'canary-release';

let dir: string;
let cluster: Cluster;
let clients: KubeClients;
let controller: { stop(): Promise<void> } | undefined;
let cookie: string;

async function call<T>(handler: Handler, method: string, url: string, params: Record<string, string>, body?: unknown): Promise<{ status: number; body: T }> {
  const init: RequestInit = { method, headers: { cookie } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { cookie, 'content-type': 'application/json' };
  }
  const res = await handler(new Request(`http://console/api/projects/${url}`, init), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as T };
}

const list = () => call<ListResponse<View>>(releasesRoute.GET, 'GET', `${NS}/releases`, { ns: NS });
const get = (name: string) => call<View>(releaseRoute.GET, 'GET', `${NS}/releases/${name}`, { ns: NS, name });
const create = (body: unknown) => call<View>(releasesRoute.POST, 'POST', `${NS}/releases`, { ns: NS }, body);
const patch = (name: string, body: unknown) => call<View>(releaseRoute.PATCH, 'PATCH', `${NS}/releases/${name}`, { ns: NS, name }, body);
const action = (route: { POST: Handler }, name: string, verb: string, body?: unknown) => call<View>(route.POST, 'POST', `${NS}/releases/${name}/${verb}`, { ns: NS, name }, body);
const remove = (name: string) => call<View>(releaseRoute.DELETE, 'DELETE', `${NS}/releases/${name}`, { ns: NS, name });

function canary(overrides: { name?: unknown; spec?: Record<string, unknown> } = {}) {
  return {
    name: overrides.name ?? JOB,
    spec: {
      strategy: 'Canary',
      service: 'reviews',
      baseline: { version: 'v1' },
      candidate: { version: 'v2', replicas: 1, images: { reviews: V2_IMAGE } },
      traffic: { candidateWeight: 30 },
      ...overrides.spec,
    },
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function customList(group: string, version: string, plural: string): Promise<Array<{ metadata: { name: string; resourceVersion?: string; generation?: number } }>> {
  const out = (await clients.custom.listNamespacedCustomObject({ group, version, namespace: NS, plural })) as { items: [] };
  return out.items;
}

/** What a refused request must not change: jobs (spec generation), VirtualServices, DestinationRules, Deployments (spec generation). */
async function snapshot(): Promise<string[]> {
  const [jobs, vs, dr, deployments] = await Promise.all([
    customList('graylane.io', 'v1alpha1', 'grayscalereleases'),
    customList('networking.istio.io', 'v1', 'virtualservices'),
    customList('networking.istio.io', 'v1', 'destinationrules'),
    clients.apps.listNamespacedDeployment({ namespace: NS }),
  ]);
  return [
    ...jobs.map((j) => `job/${j.metadata.name}/${j.metadata.generation}`),
    ...vs.map((o) => `vs/${o.metadata.name}/${o.metadata.resourceVersion}`),
    ...dr.map((o) => `dr/${o.metadata.name}/${o.metadata.resourceVersion}`),
    ...deployments.items.map((d) => `deploy/${d.metadata?.name}/${d.metadata?.generation}`),
  ].sort();
}

/** A snapshot once the controller (if running) has stopped writing: two equal reads 400 ms apart. */
async function settledSnapshot(): Promise<string[]> {
  let previous = await snapshot();
  for (let i = 0; i < 25; i++) {
    await new Promise((r) => setTimeout(r, 400));
    const next = await snapshot();
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
  return previous;
}

async function readJob(name: string): Promise<GrayscaleRelease> {
  return (await clients.custom.getNamespacedCustomObject({ group: 'graylane.io', version: 'v1alpha1', namespace: NS, plural: 'grayscalereleases', name })) as GrayscaleRelease;
}

/** Starts server/controller when it is there (it is written in parallel): status fields are then asserted too. */
async function maybeStartController(kubeconfigPath: string): Promise<{ stop(): Promise<void> } | undefined> {
  const modulePath = path.resolve(import.meta.dirname, '../../server/controller/index.ts');
  // RELEASES_API_WITHOUT_CONTROLLER=1 checks the object-write-only paths.
  if (process.env.RELEASES_API_WITHOUT_CONTROLLER || !existsSync(modulePath)) return undefined;
  const mod = (await import(/* @vite-ignore */ modulePath)) as { startController?: (o: object) => { ready: Promise<void>; stop(): Promise<void> } };
  if (typeof mod.startController !== 'function') return undefined;
  const running = mod.startController({ kubeconfigPath, resyncMs: 2000, log: () => undefined });
  await running.ready;
  return running;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-rel-api-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 100 });
  clients = createKubeClients({ kubeconfigPath: kubeconfig });
  setKubeClients(clients);
  cookie = await adminCookie(clients);
  await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
  await deploySampleApplication(NS, { clients });
  await waitFor(
    () => clients.apps.listNamespacedDeployment({ namespace: NS }),
    (l) => l.items.length >= 4 && l.items.every((d) => (d.status?.readyReplicas ?? 0) >= 1),
    'Bookinfo ready',
  );
  controller = await maybeStartController(kubeconfig);
});

afterAll(async () => {
  await controller?.stop().catch(() => undefined);
  setKubeClients(undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reading jobs', () => {
  it('lists none at first and 404s an unknown job with a clear message', async () => {
    expect(await list()).toEqual({ status: 200, body: { items: [] } });
    const missing = await get('nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: `release job nope not found in project ${NS}` } });
    const badName = await get('Bad_Name');
    expect(badName.status).toBe(400);
    expect((badName.body as unknown as ApiErrorBody).error.fields?.[0].field).toBe('name');
  });

  it('prefills the wizard from the baseline with the version replaced', async () => {
    const res = await call<ReleaseDefaults>(defaultsRoute.GET, 'GET', `${NS}/releases/defaults?service=reviews`, { ns: NS });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: 'reviews',
      baseline: { version: 'v1', deployment: 'reviews-v1', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v1:1.13.0' } },
      candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
      versions: ['v1'],
    });
    const unknown = await call<ApiErrorBody>(defaultsRoute.GET, 'GET', `${NS}/releases/defaults?service=nope`, { ns: NS });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.fields).toEqual([{ field: 'service', message: expect.stringContaining('Service nope was not found') }]);
  });
});

describe('refused creates name the field and leave the cluster unchanged', () => {
  const cases: Array<[string, ReturnType<typeof canary>, number, string]> = [
    ['invalid name', canary({ name: 'Canary_Release' }), 400, 'name'],
    ['invalid version', canary({ spec: { candidate: { version: 'V2.0', replicas: 1 } } }), 400, 'spec.candidate.version'],
    ['weight 101', canary({ spec: { traffic: { candidateWeight: 101 } } }), 400, 'spec.traffic.candidateWeight'],
    ['weight -1', canary({ spec: { traffic: { candidateWeight: -1 } } }), 400, 'spec.traffic.candidateWeight'],
    ['unknown service', canary({ spec: { service: 'nope' } }), 422, 'spec.service'],
    ['image with spaces', canary({ spec: { candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/reviews v2:1.0' } } } }), 400, 'spec.candidate.images.reviews'],
    ['version equal to the baseline', canary({ spec: { candidate: { version: 'v1', replicas: 1 } } }), 400, 'spec.candidate.version'],
    ['empty match group', canary({ spec: { traffic: { candidateWeight: 0, match: [{}] } } }), 400, 'spec.traffic.match[0]'],
    ['non-RE2 regex', canary({ spec: { traffic: { candidateWeight: 0, match: [{ headers: { 'end-user': { regex: '(?=jason)' } } }] } } }), 400, 'spec.traffic.match[0].headers.end-user.regex'],
    ['unknown baseline version', canary({ spec: { baseline: { version: 'v7' } } }), 422, 'spec.baseline.version'],
    ['unknown container', canary({ spec: { candidate: { version: 'v2', replicas: 1, images: { sidecar: V2_IMAGE } } } }), 422, 'spec.candidate.images.sidecar'],
  ];

  it.each(cases)('%s', async (_what, body, status, field) => {
    const before = await settledSnapshot();
    const res = await create(body);
    expect(res.status).toBe(status);
    const error = (res.body as unknown as ApiErrorBody).error;
    expect(error.fields?.map((f) => f.field)).toContain(field);
    expect(error.message).toContain(field);
    expect(await settledSnapshot()).toEqual(before);
  });

  it('refuses a body that is not an object', async () => {
    const res = await create('nonsense');
    expect(res.status).toBe(400);
    expect((res.body as unknown as ApiErrorBody).error.code).toBe('bad_request');
  });
});

describe('a canary job for reviews', () => {
  let created: View;

  it('previews a new job without writing anything', async () => {
    const before = await settledSnapshot();
    const res = await call<ReleasePreview>(draftPreviewRoute.POST, 'POST', `${NS}/releases/preview`, { ns: NS }, canary());
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d) => `${d.kind}/${d.name}/${d.changed}`)).toEqual(['DestinationRule/reviews/true', 'VirtualService/reviews/true', 'Deployment/reviews-v2/true']);
    expect(res.body.yaml).toContain('weight: 30');
    expect(res.body.diff.every((l) => [' ', '+', '-'].includes(l.op) && typeof l.text === 'string')).toBe(true);
    expect(res.body.diff.some((l) => l.op === '+' && l.text.includes(V2_IMAGE))).toBe(true);
    expect(res.body.notes.join(' ')).toContain('v2 has no ready pods yet');
    expect(await settledSnapshot()).toEqual(before);
  });

  it('creates it (201) with the view, the acting user recorded', async () => {
    const res = await create(canary());
    expect(res.status).toBe(201);
    created = res.body;
    expect(created).toMatchObject({
      name: JOB,
      namespace: NS,
      strategy: 'Canary',
      service: 'reviews',
      phase: 'Pending',
      deleting: false,
      drifted: false,
      spec: { candidate: { version: 'v2', replicas: 1, images: { reviews: V2_IMAGE } }, traffic: { candidateWeight: 30 } },
      offline: { allowed: false, keeps: 'v1', removes: 'v2', reason: expect.stringContaining('take over v1 (roll back) or v2 (promote)') },
    });
    expect(created.resourceVersion).not.toBe('');
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(created.versions.map((v) => [v.role, v.version])).toEqual([['baseline', 'v1'], ['candidate', 'v2']]);
    expect(created.versions[0]).toMatchObject({ workload: 'reviews-v1', replicas: 1, readyReplicas: 1, weight: 100 });
    expect(created.versions[0].pods).toEqual([expect.objectContaining({ phase: 'Running', ready: true, terminating: false })]);
    expect(created.versions[1]).toMatchObject({ images: { reviews: V2_IMAGE }, replicas: 1 });
    const stored = await readJob(JOB);
    expect(stored.metadata.annotations?.[CHANGED_BY_ANNOTATION]).toBe('test-admin');
  });

  it('lists and gets it', async () => {
    const all = await list();
    expect(all.body.items.map((j) => j.name)).toEqual([JOB]);
    const one = await get(JOB);
    expect(one.status).toBe(200);
    expect(one.body.name).toBe(JOB);
  });

  it('routes 30% to v2 once the controller has made it ready (when the controller runs)', async () => {
    if (!controller) return;
    const view = await waitFor(() => get(JOB), (r) => r.body.phase === 'Progressing' && r.body.versions[1].weight === 30, 'job progressing at 30%');
    expect(view.body.versions[1]).toMatchObject({ workload: 'reviews-v2', readyReplicas: 1, weight: 30 });
    expect(view.body.versions[0].weight).toBe(70);
    expect(view.body.observedGeneration).toBe(view.body.generation);
    expect(view.body.history.length).toBeGreaterThan(0);
    expect(view.body.history[0]).toMatchObject({ user: expect.any(String), action: expect.any(String), time: expect.stringMatching(/^\d{4}-/) });
    expect(view.body.history.some((h) => h.user === 'test-admin')).toBe(true);
  });

  it('refuses a second job for the same Service with 409 naming the first, cluster unchanged', async () => {
    const before = await settledSnapshot();
    const res = await create(canary({ name: 'another-canary', spec: { candidate: { version: 'v3', replicas: 1 } } }));
    expect(res.status).toBe(409);
    const error = (res.body as unknown as ApiErrorBody).error;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`"${JOB}"`);
    expect(error.fields?.map((f) => f.field)).toContain('spec.service');
    expect(await settledSnapshot()).toEqual(before);
  });

  it('refuses a job named like an existing one with 409', async () => {
    const res = await create(canary({ spec: { service: 'ratings', candidate: { version: 'v2', replicas: 1 } } }));
    expect(res.status).toBe(409);
    expect((res.body as unknown as ApiErrorBody).error.fields?.[0].field).toBe('name');
  });

  it('shows the preview of the job', async () => {
    const res = await call<ReleasePreview>(previewRoute.GET, 'GET', `${NS}/releases/${JOB}/preview`, { ns: NS, name: JOB });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['diff', 'documents', 'notes', 'yaml']);
    expect(res.body.yaml).toMatch(/kind: DestinationRule[\s\S]*---\n[\s\S]*kind: VirtualService/);
    expect(res.body.yaml).toContain('subset: v2');
  });

  it('changes the weight, and refuses a stale resourceVersion and an out-of-range weight', async () => {
    const current = (await get(JOB)).body;
    const res = await patch(JOB, { candidateWeight: 50, resourceVersion: current.resourceVersion });
    expect(res.status).toBe(200);
    expect(res.body.spec.traffic.candidateWeight).toBe(50);
    expect(res.body.generation).toBeGreaterThan(current.generation);

    const before = await settledSnapshot();
    const stale = await patch(JOB, { candidateWeight: 60, resourceVersion: current.resourceVersion });
    expect(stale.status).toBe(409);
    expect((stale.body as unknown as ApiErrorBody).error).toMatchObject({ code: 'conflict', message: expect.stringContaining('reload') });
    const tooMuch = await patch(JOB, { candidateWeight: 101 });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.body as unknown as ApiErrorBody).error.fields?.map((f) => f.field)).toEqual(['spec.traffic.candidateWeight']);
    const byGeneration = await patch(JOB, { candidateWeight: 50, generation: current.generation });
    expect(byGeneration.status).toBe(409);
    expect((await patch(JOB, { candidateWeight: 50, generation: res.body.generation })).status).toBe(200);
    const nothing = await patch(JOB, {});
    expect(nothing.status).toBe(400);
    const unknownField = await patch(JOB, { candidateWeigth: 10 });
    expect(unknownField.status).toBe(400);
    expect(await settledSnapshot()).toEqual(before);
    expect((await readJob(JOB)).spec.traffic.candidateWeight).toBe(50);
  });

  it('edits conditions and replicas with the same validation', async () => {
    const res = await patch(JOB, { match: [{ headers: { 'end-user': { exact: 'jason' } } }], candidateReplicas: 2 });
    expect(res.status).toBe(200);
    expect(res.body.spec.traffic.match).toEqual([{ headers: { 'end-user': { exact: 'jason' } } }]);
    expect(res.body.spec.candidate.replicas).toBe(2);
    const bad = await patch(JOB, { match: [{ headers: { 'end-user': { regex: 'a(?!b)' } } }] });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as ApiErrorBody).error.fields?.[0].field).toMatch(/^spec\.traffic\.match\[0\]\.headers/);
    const cleared = await patch(JOB, { match: [], candidateReplicas: 1 });
    expect(cleared.status).toBe(200);
    expect(cleared.body.spec.traffic.match).toBeUndefined();
  });

  it('refuses Job Offline while the outcome is ambiguous (409 with the reason)', async () => {
    const res = await action(offlineRoute, JOB, 'offline');
    expect(res.status).toBe(409);
    expect((res.body as unknown as ApiErrorBody).error.message).toContain('v2 still receives 50% of requests');
  });

  it('takes over a version, refuses an unknown one, and restores', async () => {
    const unknown = await action(takeOverRoute, JOB, 'takeover', { version: 'v9' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as ApiErrorBody).error.fields).toEqual([{ field: 'version', message: expect.stringContaining('must be v1 (baseline) or v2 (candidate)') }]);
    const missing = await action(takeOverRoute, JOB, 'takeover', {});
    expect(missing.status).toBe(400);
    expect((missing.body as unknown as ApiErrorBody).error.fields?.[0].field).toBe('version');

    const taken = await action(takeOverRoute, JOB, 'takeover', { version: 'v2' });
    expect(taken.status).toBe(200);
    expect(taken.body.spec.takeOver).toBe('v2');
    expect(taken.body.offline).toMatchObject({ keeps: 'v2', removes: 'v1' });
    if (controller) {
      const view = await waitFor(() => get(JOB), (r) => r.body.phase === 'TakenOver' && r.body.versions[1].weight === 100, 'v2 takes over');
      expect(view.body.offline).toEqual({ allowed: true, keeps: 'v2', removes: 'v1' });
    }

    const restored = await action(restoreRoute, JOB, 'restore');
    expect(restored.status).toBe(200);
    expect(restored.body.spec.takeOver).toBeUndefined();
    expect((await readJob(JOB)).metadata.annotations?.[CHANGED_BY_ANNOTATION]).toBe('test-admin');
  });

  it('refuses Take Over, Restore and Offline decided on a stale generation with 409, changing nothing', async () => {
    const current = await readJob(JOB);
    const stale = { generation: (current.metadata.generation ?? 1) - 1 };
    for (const act of [
      () => takeOverRelease(NS, JOB, 'v2', 'test-admin', stale, clients),
      () => restoreRelease(NS, JOB, 'test-admin', stale, clients),
      () => offlineRelease(NS, JOB, 'test-admin', stale, clients),
    ]) {
      await expect(act()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('reload') });
    }
    expect((await readJob(JOB)).metadata.resourceVersion).toBe(current.metadata.resourceVersion);
    // The generation the caller saw: applied.
    const taken = await takeOverRelease(NS, JOB, 'v2', 'test-admin', { generation: current.metadata.generation }, clients);
    expect(taken.spec.takeOver).toBe('v2');
    await restoreRelease(NS, JOB, 'test-admin', {}, clients);
  });

  it('answers right from a stale in-process cache: a stale copy costs a fresh read, and the written job is handed over', async () => {
    const real = inProcessController();
    const fresh = await readJob(JOB);
    let cached: GrayscaleRelease = { ...fresh, metadata: { ...fresh.metadata, resourceVersion: '1' } };
    const handed: GrayscaleRelease[] = [];
    setInProcessController({ cachedRelease: () => structuredClone(cached), written: (r) => handed.push(r), namespaceObjects: () => undefined });
    try {
      // An old resourceVersion: the write is refused (409) and retried on a fresh read.
      const taken = await takeOverRelease(NS, JOB, 'v2', 'test-admin', {}, clients);
      expect(taken.spec.takeOver).toBe('v2');
      expect(handed.at(-1)?.spec.takeOver).toBe('v2');
      // A copy that would refuse the action (offline): decided again on the API server's copy.
      cached = { ...fresh, spec: { ...fresh.spec, offline: true } };
      const restored = await restoreRelease(NS, JOB, 'test-admin', {}, clients);
      expect(restored.spec.takeOver).toBeUndefined();
      expect(handed.at(-1)?.spec.takeOver).toBeUndefined();
    } finally {
      setInProcessController(real);
    }
  });

  it('takes the job offline keeping the taken-over version, then refuses further changes', async () => {
    // v1 is kept: it has ready pods whether or not the controller runs.
    expect((await action(takeOverRoute, JOB, 'takeover', { version: 'v1' })).status).toBe(200);
    const res = await action(offlineRoute, JOB, 'offline');
    expect(res.status).toBe(200);
    expect(res.body.spec.offline).toBe(true);
    expect(res.body.offline).toMatchObject({ allowed: false, keeps: 'v1', removes: 'v2' });
    expect((await action(offlineRoute, JOB, 'offline')).status).toBe(200);
    const change = await patch(JOB, { candidateWeight: 10 });
    expect(change.status).toBe(409);
    expect((change.body as unknown as ApiErrorBody).error.message).toContain('offline');
    if (controller) {
      const done = await waitFor(() => get(JOB), (r) => r.body.phase === 'Completed', 'job completed');
      expect(done.body.versions[1].workload).toBeNull();
      const names = (await clients.apps.listNamespacedDeployment({ namespace: NS })).items.map((d) => d.metadata?.name);
      expect(names).toContain('reviews-v1');
      expect(names).not.toContain('reviews-v2');
    }
  });

  it('deletes it with 202 and then 404s', async () => {
    const res = await remove(JOB);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ name: JOB, deleting: true });
    await waitFor(() => get(JOB), (r) => r.status === 404, 'job gone');
    expect((await list()).body.items).toEqual([]);
    expect((await remove(JOB)).status).toBe(404);
  });
});

describe('deleting an active job', () => {
  it('answers 202 and the job goes (rolled back by the controller when it runs)', async () => {
    const body = canary({ name: 'ratings-canary', spec: { service: 'ratings', candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 20 } } });
    expect((await create(body)).status).toBe(201);
    if (controller) await waitFor(() => get('ratings-canary'), (r) => r.body.phase === 'Progressing', 'ratings job progressing');
    const res = await remove('ratings-canary');
    expect(res.status).toBe(202);
    expect(res.body.deleting).toBe(true);
    await waitFor(() => get('ratings-canary'), (r) => r.status === 404, 'ratings job gone');
    const names = (await clients.apps.listNamespacedDeployment({ namespace: NS })).items.map((d) => d.metadata?.name);
    expect(names).toContain('ratings-v1');
    expect(names).not.toContain('ratings-v2');
  });
});
