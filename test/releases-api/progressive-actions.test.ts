/**
 * Issue 11 REST: Promote / Pause / Resume / Abort and GET .../analysis of progressive jobs through
 * their route handlers, with real sessions, against the embedded cluster. No controller runs here
 * (test/progressive/** runs it): these check what the API writes (the contract's one-shot
 * annotations and spec.paused), what it refuses (422 naming the reason, 409 on a stale generation,
 * 403 for a viewer, cluster unchanged) and the analysis view with hand-written controller status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESSIVE_PRESETS, analysisSchema, evaluateLook, recordLook } from '@/lib/analysis';
import type { ApiErrorBody } from '@/lib/api/errors';
import { ABORT_ANNOTATION, PROMOTE_ANNOTATION, type ReleaseAnalysisView } from '@/lib/api/release-progress';
import type { ReleaseView } from '@/lib/api/release-types';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import type { GrayscaleRelease } from '@/lib/release/types';
import { startCluster } from '@/sim/cluster';
import { createKubeClients, setKubeClients, type KubeClients } from '@/server/kube/client';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import * as releasesRoute from '@/app/api/projects/[ns]/releases/route';
import * as releaseRoute from '@/app/api/projects/[ns]/releases/[name]/route';
import * as promoteRoute from '@/app/api/projects/[ns]/releases/[name]/promote/route';
import * as pauseRoute from '@/app/api/projects/[ns]/releases/[name]/pause/route';
import * as resumeRoute from '@/app/api/projects/[ns]/releases/[name]/resume/route';
import * as abortRoute from '@/app/api/projects/[ns]/releases/[name]/abort/route';
import * as analysisRoute from '@/app/api/projects/[ns]/releases/[name]/analysis/route';
import * as draftPreviewRoute from '@/app/api/projects/[ns]/releases/preview/route';
import { adminCookie, ensureTestUser, sessionCookieFor } from '../support/session';

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Cluster = Awaited<ReturnType<typeof startCluster>>;

const NS = 'prog-api';
const JOB = 'progressive';
const PLAIN = 'plain';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const where = { group: 'graylane.io', version: 'v1alpha1', namespace: NS, plural: 'grayscalereleases' };

let dir: string;
let cluster: Cluster;
let clients: KubeClients;
let admin: string;
let viewer: string;

async function call<T>(handler: Handler, method: string, name: string, verb: string, body?: unknown, cookie = admin): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = `http://console/api/projects/${NS}/releases${name ? `/${name}` : ''}${verb ? `/${verb}` : ''}`;
  const res = await handler(new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve<Record<string, string>>(name ? { ns: NS, name } : { ns: NS }) });
  return { status: res.status, body: (await res.json()) as T };
}

const routes = { promote: promoteRoute, pause: pauseRoute, resume: resumeRoute, abort: abortRoute } as const;
const act = (verb: keyof typeof routes, name = JOB, body?: unknown, cookie?: string) => call<ReleaseView & ApiErrorBody>(routes[verb].POST, 'POST', name, verb, body, cookie);
const readJob = async (name = JOB) => (await clients.custom.getNamespacedCustomObject({ ...where, name })) as GrayscaleRelease;

function spec(over: Record<string, unknown> = {}) {
  return {
    strategy: 'Canary',
    service: 'reviews',
    baseline: { version: 'v1' },
    candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
    traffic: { candidateWeight: 0 },
    ...over,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-prog-api-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 50 });
  clients = createKubeClients({ kubeconfigPath: kubeconfig });
  setKubeClients(clients);
  admin = await adminCookie(clients);
  await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
  await ensureTestUser('prog-viewer', { projects: { [NS]: 'viewer' } }, clients);
  viewer = await sessionCookieFor('prog-viewer', clients);
  await deploySampleApplication(NS, { clients });
  const standard = PROGRESSIVE_PRESETS.standard.spec;
  const created = await call<ReleaseView>(releasesRoute.POST, 'POST', '', '', { name: JOB, spec: spec({ steps: standard.steps, analysis: { ...standard.analysis, interval: '10s', minSample: 50 } }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const plain = await call<ReleaseView>(releasesRoute.POST, 'POST', '', '', { name: PLAIN, spec: spec({ service: 'details', candidate: { version: 'v2', replicas: 1 } }) });
  expect(plain.status, JSON.stringify(plain.body)).toBe(201);
});

afterAll(async () => {
  setKubeClients(undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('progressive job actions', () => {
  it('exposes the schedule on the job view', async () => {
    const res = await call<ReleaseView>(releaseRoute.GET, 'GET', JOB, '');
    expect(res.status).toBe(200);
    expect(res.body.progressive).toMatchObject({ steps: [{ weight: 10 }, { weight: 50 }, { weight: 100 }], paused: false, progress: null, analysis: { interval: '10s', minSample: 50, alpha: 0.05 } });
    expect((await call<ReleaseView>(releaseRoute.GET, 'GET', PLAIN, '')).body.progressive).toBeNull();
  });

  it('refuses a PATCH of the weight the schedule sets (422 on the field), and previews a new schedule at its first step', async () => {
    const before = await readJob();
    const res = await call<ApiErrorBody>(releaseRoute.PATCH, 'PATCH', JOB, '', { candidateWeight: 40 });
    expect(res.status).toBe(422);
    expect(res.body.error.fields?.[0]).toEqual({ field: 'spec.traffic.candidateWeight', message: expect.stringContaining('the step schedule (spec.steps) sets the weight') });
    expect((await readJob()).metadata.resourceVersion).toBe(before.metadata.resourceVersion);

    const draft = await call<{ yaml: string }>(draftPreviewRoute.POST, 'POST', '', 'preview', { name: 'draft', spec: spec({ service: 'ratings', candidate: { version: 'v2', replicas: 1 }, steps: [{ weight: 20, pause: '1m' }, { weight: 100 }] }) });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.yaml).toMatch(/weight: 20\b/);
  });

  it('refuses every action on a job without steps with 422 naming spec.steps, writing nothing', async () => {
    const before = await readJob(PLAIN);
    for (const verb of ['promote', 'pause', 'resume', 'abort'] as const) {
      const res = await act(verb, PLAIN);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid');
      expect(res.body.error.message).toMatch(new RegExp(`^${verb[0].toUpperCase()}${verb.slice(1)} applies to progressive jobs only: release job plain has no step schedule \\(spec\\.steps\\)`));
    }
    expect((await readJob(PLAIN)).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('refuses a viewer with 403 and writes nothing', async () => {
    const before = await readJob();
    const res = await act('abort', JOB, undefined, viewer);
    expect(res.status).toBe(403);
    expect((await readJob()).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('Promote sets the one-shot annotation for the current step and records who', async () => {
    const res = await act('promote', JOB, {});
    expect(res.status).toBe(200);
    const job = await readJob();
    expect(job.metadata.annotations?.[PROMOTE_ANNOTATION]).toBe('0');
    expect(job.metadata.annotations?.[CHANGED_BY_ANNOTATION]).toBe('test-admin');
  });

  it('Pause and Resume toggle spec.paused; repeating either changes nothing; a stale generation is 409', async () => {
    const g0 = (await readJob()).metadata.generation!;
    const paused = await act('pause', JOB, { generation: g0 });
    expect(paused.status).toBe(200);
    expect(paused.body.progressive?.paused).toBe(true);
    const g1 = (await readJob()).metadata.generation!;
    expect(g1).toBe(g0 + 1);
    expect((await act('pause', JOB)).status).toBe(200);
    expect((await readJob()).metadata.generation).toBe(g1);

    const stale = await act('resume', JOB, { generation: g0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/was changed since you loaded it/);
    expect((await readJob()).spec.paused).toBe(true);

    const resumed = await act('resume', JOB, { generation: g1 });
    expect(resumed.status).toBe(200);
    expect((await readJob()).spec.paused).toBeUndefined();
    expect(resumed.body.progressive?.paused).toBe(false);
  });

  it('Abort sets the one-shot abort annotation; a bad body is 400 naming the field', async () => {
    const bad = await act('abort', JOB, { generation: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0].field).toBe('generation');
    expect((await act('abort', JOB)).status).toBe(200);
    expect((await readJob()).metadata.annotations?.[ABORT_ANNOTATION]).toBe('true');
  });
});

describe('the analysis view and final jobs', () => {
  const analysis = analysisSchema.parse({ ...PROGRESSIVE_PRESETS.standard.spec.analysis, interval: '10s', minSample: 50 });
  const failing = evaluateLook({
    analysis,
    analyzedSteps: 2,
    observation: {
      requests: { baseline: 2700, canary: 300 },
      metrics: { 'error-rate': { baseline: { total: 2700, bad: 3 }, canary: { total: 300, bad: 90 } }, 'slow-fraction-250ms': { baseline: { total: 2700, bad: 0 }, canary: { total: 300, bad: 0 } } },
    },
    elapsedMs: 40_000,
    expectedCanaryShare: 0.1,
  });

  it('GET analysis answers the controller progress and the exact PromQL of the last look; 422 without a schedule', async () => {
    // what the controller writes when it rolls back (TEAM-NOTES contract), written by hand here
    const progress = {
      stepIndex: 0,
      stepCount: 3,
      phase: 'rolled-back',
      appliedWeight: 0,
      stepStartedAt: '2026-11-27T10:00:00Z',
      analysisStartedAt: '2026-11-27T10:00:00Z',
      lastLookAt: '2026-11-27T10:00:40Z',
      message: `rolled back: ${failing.message}`,
      lastVerdict: failing,
      history: recordLook([], failing, Date.parse('2026-11-27T10:00:40Z')),
      decisions: [{ at: '2026-11-27T10:00:40Z', stepIndex: 0, action: 'rollback', reason: failing.message }],
    };
    await clients.custom.patchNamespacedCustomObjectStatus({ ...where, name: JOB, body: { status: { phase: 'Failed', progress } } }, MERGE_PATCH);

    const res = await call<ReleaseAnalysisView>(analysisRoute.GET, 'GET', JOB, 'analysis');
    expect(res.status).toBe(200);
    expect(res.body.progress).toMatchObject({ phase: 'rolled-back', lastVerdict: { verdict: 'fail', rule: 'metric-worse' } });
    expect(res.body.progress?.lastVerdict?.metrics[0]).toMatchObject({ id: 'error-rate', status: 'fail', canary: { total: 300, bad: 90 } });
    expect(res.body.window).toEqual({ seconds: 40, from: '2026-11-27T10:00:00Z', to: '2026-11-27T10:00:40.000Z' });
    expect(res.body.queries?.requests).toBe(
      `sum by (destination_canonical_revision) (increase(istio_requests_total{reporter="destination",destination_service_namespace="${NS}",destination_service_name="reviews",destination_canonical_revision=~"v1|v2"}[40s]))`,
    );
    expect(res.body.queries?.errors).toContain('response_code=~"0|5.."');

    const none = await call<ApiErrorBody>(analysisRoute.GET, 'GET', PLAIN, 'analysis');
    expect(none.status).toBe(422);
    expect(none.body.error.message).toBe('release job plain has no progressive schedule (spec.steps): there is no analysis to show');
  });

  it('refuses every action on the rolled-back job with 422 saying it is final', async () => {
    const before = await readJob();
    for (const verb of ['promote', 'pause', 'resume', 'abort'] as const) {
      const res = await act(verb);
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(/is final, it was rolled back \(phase Failed\)$/);
    }
    expect((await readJob()).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
