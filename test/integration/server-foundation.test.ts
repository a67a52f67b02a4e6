/**
 * The console's server side against the embedded cluster: projects, the Bookinfo sample (all or
 * nothing), applications and services view models, and the error contract (404, 409, 503).
 * Server functions are called directly; a few calls go through the route handlers with a Request
 * to check the JSON error shape. No Next server is started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '@/sim/cluster';
import { AppError } from '@/lib/api/errors';
import type { ApplicationView } from '@/lib/api/types';
import { createKubeClients, setKubeClients, type KubeClients } from '@/server/kube/client';
import { getProject, listProjects } from '@/server/projects/projects';
import { listApplications } from '@/server/applications/applications';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import { listServices } from '@/server/services/services';
import { getClusterInfo } from '@/server/cluster/cluster-info';
import { GET as getProjectRoute } from '@/app/api/projects/[ns]/route';
import { GET as listProjectsRoute } from '@/app/api/projects/route';
import { POST as deploySampleRoute } from '@/app/api/projects/[ns]/applications/sample/route';
import { GET as clusterRoute } from '@/app/api/cluster/route';
import { adminCookie } from '../support/session';

type Cluster = Awaited<ReturnType<typeof startCluster>>;

const SAMPLE_NS = 'it-sample';
const ROLLBACK_NS = 'it-rollback';
const ROLLBACK_LATE_NS = 'it-rollback-late';
const COMPONENTS = ['details', 'productpage', 'ratings', 'reviews'];

let dir: string;
let cluster: Cluster;
let clients: KubeClients;
let cookie: string;

/** A request with a platform admin's session (routes check it). */
function authed(url: string, init: RequestInit = {}): Request {
  return new Request(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } });
}

async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function ctx(params: Record<string, string>) {
  return { params: Promise.resolve(params) };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** Names and uids of everything the sample could touch, to prove "nothing changed". */
async function snapshot(ns: string): Promise<string[]> {
  const [sa, svc, dep] = await Promise.all([
    clients.core.listNamespacedServiceAccount({ namespace: ns }),
    clients.core.listNamespacedService({ namespace: ns }),
    clients.apps.listNamespacedDeployment({ namespace: ns }),
  ]);
  return [...sa.items, ...svc.items, ...dep.items]
    .map((o) => `${o.kind ?? ''}/${o.metadata?.name}/${o.metadata?.uid}/${o.metadata?.resourceVersion}`)
    .sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-it-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 300 });
  clients = createKubeClients({ kubeconfigPath: kubeconfig });
  // Route handlers use the process-wide clients.
  setKubeClients(clients);
  cookie = await adminCookie(clients);
  for (const name of [SAMPLE_NS, ROLLBACK_NS, ROLLBACK_LATE_NS]) {
    await clients.core.createNamespace({ body: { metadata: { name, labels: { 'istio-injection': 'enabled' } } } });
  }
});

afterAll(async () => {
  setKubeClients(undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('projects', () => {
  it('lists namespaces as projects without system namespaces', async () => {
    const { items } = await listProjects(clients);
    const names = items.map((p) => p.name);
    expect(names).toContain(SAMPLE_NS);
    for (const hidden of ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system', 'graylane-system']) expect(names).not.toContain(hidden);
    const sample = items.find((p) => p.name === SAMPLE_NS)!;
    expect(sample).toMatchObject({ status: 'Active', inMesh: true, labels: { 'istio-injection': 'enabled' }, applicationCount: 0 });
    expect(sample.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 404 for an unknown project, directly and through the route', async () => {
    const err = await caught(getProject('no-such-project', clients));
    expect(err).toMatchObject({ code: 'not_found', status: 404, message: 'project no-such-project not found' });

    const res = await getProjectRoute(authed('http://console/api/projects/no-such-project'), ctx({ ns: 'no-such-project' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'project no-such-project not found' } });
  });

  it('answers 400 naming the field for an invalid project name', async () => {
    const res = await getProjectRoute(authed('http://console/api/projects/Bad_Name'), ctx({ ns: 'Bad_Name' }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.fields).toEqual([{ field: 'ns', message: expect.stringContaining('lower case') }]);
  });

  it('lists and 404s applications and services of an unknown project', async () => {
    expect(await caught(listApplications('nope', clients))).toMatchObject({ status: 404 });
    expect(await caught(listServices('nope', clients))).toMatchObject({ status: 404 });
    expect(await caught(deploySampleApplication('nope', { clients }))).toMatchObject({ status: 404 });
  });
});

describe('sample application', () => {
  let deployed: ApplicationView;

  it('deploys Bookinfo v1 through the route and returns 201 with the application', async () => {
    const res = await deploySampleRoute(authed(`http://console/api/projects/${SAMPLE_NS}/applications/sample`, { method: 'POST' }), ctx({ ns: SAMPLE_NS }));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    deployed = body as ApplicationView;
    expect(deployed.name).toBe('bookinfo');
    expect(deployed.version).toBe('v1');
    expect(deployed.components.map((c) => c.service)).toEqual(COMPONENTS);
    for (const c of deployed.components) {
      expect(c.versions.map((v) => [v.version, v.deployment])).toEqual([['v1', `${c.service}-v1`]]);
      expect(c.ports).toEqual([{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: null }]);
      expect(Object.values(c.versions[0].images)).toEqual([`kubesphere/examples-bookinfo-${c.service}-v1:1.13.0`]);
    }
  });

  it('creates the Istio gateway and productpage routes', async () => {
    const gw = await clients.custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1beta1', namespace: SAMPLE_NS, plural: 'gateways', name: 'bookinfo-gateway' });
    const vs = await clients.custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1beta1', namespace: SAMPLE_NS, plural: 'virtualservices', name: 'bookinfo' });
    expect((gw as { metadata: { labels: Record<string, string> } }).metadata.labels['app.kubernetes.io/name']).toBe('bookinfo');
    expect((vs as { spec: { gateways: string[] } }).spec.gateways).toEqual(['bookinfo-gateway']);
  });

  it('lists the application as running once the pods are ready', async () => {
    const { items } = await waitFor(
      () => listApplications(SAMPLE_NS, clients),
      (list) => list.items[0]?.status === 'running',
    );
    expect(items).toHaveLength(1);
    expect(items[0].components.map((c) => c.service)).toEqual(COMPONENTS);
    for (const c of items[0].components) expect(c.versions[0]).toMatchObject({ version: 'v1', replicas: 1, readyReplicas: 1, status: 'running' });
    const project = await getProject(SAMPLE_NS, clients);
    expect(project.applicationCount).toBe(1);
  });

  it('serves the productpage through the ingress (Gateway + VirtualService)', async () => {
    expect(cluster.ingressUrl).toBeTruthy();
    const res = await waitFor(
      () => fetch(`${cluster.ingressUrl}/productpage`),
      (r) => r.status === 200,
      10_000,
    );
    expect(await res.text()).toMatch(/Book/i);
  });

  it('lists services with their versions and ready pods', async () => {
    const { items } = await listServices(SAMPLE_NS, clients);
    expect(items.map((s) => s.name)).toEqual(COMPONENTS);
    for (const s of items) {
      expect(s.app).toBe('bookinfo');
      expect(s.selector).toEqual({ app: s.name });
      expect(s.activeRelease).toBeUndefined();
      expect(s.versions).toHaveLength(1);
      const [v1] = s.versions;
      expect(v1).toMatchObject({ version: 'v1', deployment: `${s.name}-v1`, replicas: 1, readyReplicas: 1, images: { [s.name]: `kubesphere/examples-bookinfo-${s.name}-v1:1.13.0` } });
      expect(v1.pods).toHaveLength(1);
      expect(v1.pods[0]).toMatchObject({ phase: 'Running', ready: true, terminating: false });
      expect(v1.pods[0].ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });

  it('refuses a second deploy with 409 and changes nothing', async () => {
    const before = await snapshot(SAMPLE_NS);
    const err = await caught(deploySampleApplication(SAMPLE_NS, { clients }));
    expect(err).toMatchObject({ code: 'already_exists', status: 409 });
    expect(err.message).toBe(`the sample application bookinfo is already deployed in project ${SAMPLE_NS}`);
    expect(await snapshot(SAMPLE_NS)).toEqual(before);

    const res = await deploySampleRoute(authed(`http://console/api/projects/${SAMPLE_NS}/applications/sample`, { method: 'POST' }), ctx({ ns: SAMPLE_NS }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'already_exists', message: err.message } });
  });
});

describe('sample application rollback', () => {
  it('deletes what it created when a create fails midway, leaving the other owner\'s object alone', async () => {
    // Another team's Service named like a Bookinfo one, unlabelled: the sample must fail on it.
    const theirs = await clients.core.createNamespacedService({
      namespace: ROLLBACK_NS,
      body: { metadata: { name: 'reviews', labels: { owner: 'someone-else' } }, spec: { selector: { app: 'their-reviews' }, ports: [{ port: 80 }] } },
    });
    const before = await snapshot(ROLLBACK_NS);

    const err = await caught(deploySampleApplication(ROLLBACK_NS, { clients }));
    expect(err).toMatchObject({ code: 'already_exists', status: 409 });
    expect(err.message).toContain(`Service reviews already exists in project ${ROLLBACK_NS}`);
    expect(err.message).toContain('were deleted again');

    // Deleted objects may linger briefly while finalizers or pod cleanup run.
    const after = await waitFor(() => snapshot(ROLLBACK_NS), (s) => s.length === before.length, 10_000);
    expect(after).toEqual(before);
    const svc = await clients.core.readNamespacedService({ namespace: ROLLBACK_NS, name: 'reviews' });
    expect(svc.metadata?.uid).toBe(theirs.metadata?.uid);
    expect((await listApplications(ROLLBACK_NS, clients)).items).toEqual([]);
  });
});

describe('sample application rollback after workloads exist', () => {
  it('also removes the Deployments (and their pods) it created before failing', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: ROLLBACK_LATE_NS,
      body: {
        metadata: { name: 'productpage-v1' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'legacy' } },
          template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'legacy', image: 'legacy:1' }] } },
        },
      },
    });
    const before = await snapshot(ROLLBACK_LATE_NS);

    const err = await caught(deploySampleApplication(ROLLBACK_LATE_NS, { clients }));
    expect(err).toMatchObject({ code: 'already_exists', status: 409 });
    expect(err.message).toContain(`Deployment productpage-v1 already exists in project ${ROLLBACK_LATE_NS}`);
    expect(err.message).toContain('the 11 objects created before were deleted again');

    await waitFor(() => snapshot(ROLLBACK_LATE_NS), (s) => s.length === before.length, 10_000);
    expect(await snapshot(ROLLBACK_LATE_NS)).toEqual(before);
    const pods = await waitFor(
      () => clients.core.listNamespacedPod({ namespace: ROLLBACK_LATE_NS }),
      (list) => list.items.length === 0,
      10_000,
    );
    expect(pods.items).toEqual([]);
  });
});

describe('cluster info', () => {
  it('reports a reachable cluster with Istio through GET /api/cluster', async () => {
    const res = await clusterRoute(authed('http://console/api/cluster'));
    expect(res.status).toBe(200);
    const info = await res.json();
    expect(info).toMatchObject({ reachable: true, istio: true, apiServer: new URL(cluster.apiUrl).host });
    expect(info.version).toMatch(/^v1\.\d+/);
    expect(JSON.stringify(info)).not.toContain('token');
  });
});

describe('unreachable cluster', () => {
  it('answers 503 cluster_unreachable naming the API server once the cluster is stopped', async () => {
    await cluster.stop();
    const err = await caught(listProjects(clients));
    expect(err).toMatchObject({ code: 'cluster_unreachable', status: 503 });
    expect(err.message).toContain(new URL(cluster.apiUrl).host);

    const res = await listProjectsRoute(authed('http://console/api/projects'));
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('cluster_unreachable');
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);

    const info = await getClusterInfo(clients);
    expect(info).toMatchObject({ reachable: false, version: null, istio: false });
    expect(info.error).toContain('cannot reach');
  });
});
