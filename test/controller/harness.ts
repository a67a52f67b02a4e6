/**
 * Shared harness of the controller tests: an embedded cluster on ephemeral ports, Bookinfo per
 * namespace, jobs written through the Kubernetes API as kubectl would, and polling helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '@/sim/cluster';
import { createKubeClients, type KubeClients } from '@/server/kube/client';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import { startController, type ControllerOptions, type RunningController } from '@/server/controller';
import { soleLeader } from '@/server/controller/leadership';
import { MERGE_PATCH, type KubeRest } from '@/server/kube/rest';
import type { DestinationRule, GrayscaleRelease, GrayscaleReleaseSpec, VirtualService } from '@/lib/release';

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

export const REVIEWS_V2_IMAGE = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';

export interface Harness {
  dir: string;
  kubeconfig: string;
  cluster: Cluster;
  clients: KubeClients;
  rest: KubeRest;
  stop(): Promise<void>;
}

/** Starts an embedded cluster with a temp kubeconfig (`testControls`: outages, watch expiry; sim/test-controls.ts). */
export async function startHarness(podReadyDelayMs = 150, options: { testControls?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-ctl-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs, testControls: options.testControls });
  const clients = createKubeClients({ kubeconfigPath: kubeconfig });
  const { rest } = clients;
  return {
    dir,
    kubeconfig,
    cluster,
    clients,
    rest,
    async stop() {
      await cluster.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A controller in this process; it leads alone (leader election has its own test) unless `extra` says otherwise. */
export function controllerFor(h: Harness, extra: Partial<ControllerOptions> = {}): RunningController {
  return startController({ kubeconfigPath: h.kubeconfig, resyncMs: 2000, log: () => undefined, leadership: soleLeader, ...extra });
}

/** Creates a namespace with Bookinfo v1 and waits until every pod is ready. */
export async function bookinfoNamespace(h: Harness, ns: string): Promise<void> {
  await h.clients.core.createNamespace({ body: { metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } } });
  await deploySampleApplication(ns, { clients: h.clients });
  await waitFor(
    () => h.clients.apps.listNamespacedDeployment({ namespace: ns }),
    (list) => list.items.length >= 4 && list.items.every((d) => (d.status?.readyReplicas ?? 0) >= 1),
    'Bookinfo ready',
  );
}

export function canarySpec(overrides: Partial<GrayscaleReleaseSpec> = {}): GrayscaleReleaseSpec {
  return {
    strategy: 'Canary',
    service: 'reviews',
    baseline: { version: 'v1' },
    candidate: { version: 'v2', replicas: 1, images: { reviews: REVIEWS_V2_IMAGE } },
    traffic: { candidateWeight: 30 },
    ...overrides,
  };
}

const releasesPath = (ns: string, name?: string) => `/apis/graylane.io/v1alpha1/namespaces/${ns}/grayscalereleases${name ? `/${name}` : ''}`;

export async function createJob(h: Harness, ns: string, name: string, spec: GrayscaleReleaseSpec, annotations?: Record<string, string>): Promise<GrayscaleRelease> {
  return h.rest.request<GrayscaleRelease>({
    method: 'POST',
    path: releasesPath(ns),
    body: { apiVersion: 'graylane.io/v1alpha1', kind: 'GrayscaleRelease', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, spec },
  });
}

/** A JSON merge patch of the job (what the REST API does for weight, take over, offline). */
export async function patchJob(h: Harness, ns: string, name: string, patch: Record<string, unknown>): Promise<GrayscaleRelease> {
  return h.rest.request<GrayscaleRelease>({ method: 'PATCH', path: releasesPath(ns, name), body: patch, contentType: MERGE_PATCH });
}

export async function getJob(h: Harness, ns: string, name: string): Promise<GrayscaleRelease | null> {
  try {
    return await h.rest.request<GrayscaleRelease>({ method: 'GET', path: releasesPath(ns, name) });
  } catch (err) {
    if ((err as { code?: string }).code === 'not_found') return null;
    throw err;
  }
}

export async function deleteJob(h: Harness, ns: string, name: string): Promise<void> {
  await h.rest.request({ method: 'DELETE', path: releasesPath(ns, name) });
}

export async function getIstio<T extends VirtualService | DestinationRule>(h: Harness, ns: string, plural: 'virtualservices' | 'destinationrules', name: string): Promise<T | null> {
  try {
    return await h.rest.request<T>({ method: 'GET', path: `/apis/networking.istio.io/v1/namespaces/${ns}/${plural}/${name}` });
  } catch (err) {
    if ((err as { code?: string }).code === 'not_found') return null;
    throw err;
  }
}

export async function deploymentNames(h: Harness, ns: string): Promise<string[]> {
  const list = await h.clients.apps.listNamespacedDeployment({ namespace: ns });
  return list.items.filter((d) => !d.metadata?.deletionTimestamp).map((d) => d.metadata!.name!).sort();
}

export async function eventsFor(h: Harness, ns: string, name: string): Promise<{ reason: string; message: string; type: string }[]> {
  const list = await h.clients.core.listNamespacedEvent({ namespace: ns });
  return list.items
    .filter((e) => e.involvedObject.kind === 'GrayscaleRelease' && e.involvedObject.name === name)
    // The controller names Events `<job>.<hex nanoseconds>`: by name is chronological.
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))
    .map((e) => ({ reason: e.reason ?? '', message: e.message ?? '', type: e.type ?? '' }));
}

/** Polls `read` until `done` holds. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last value ${JSON.stringify(value)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

export function waitForJob(h: Harness, ns: string, name: string, done: (job: GrayscaleRelease) => boolean, what: string, timeoutMs?: number): Promise<GrayscaleRelease> {
  return waitFor(
    () => getJob(h, ns, name),
    (j) => j !== null && done(j),
    what,
    timeoutMs,
  ) as Promise<GrayscaleRelease>;
}

/** Weights per version from the status. */
export function statusWeights(job: GrayscaleRelease): Record<string, number | undefined> {
  return Object.fromEntries((job.status?.versions ?? []).map((v) => [v.version, v.weight]));
}

export function conditionOf(job: GrayscaleRelease, type: string) {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** Stars shown by productpage through the ingress: 'none' (v1), 'black' (v2), 'red' (v3), 'error'. */
export async function productpageStars(ingressUrl: string): Promise<{ status: number; stars: string }> {
  const res = await fetch(`${ingressUrl}/productpage`);
  const body = await res.text();
  if (body.includes('data-reviews-status="error"')) return { status: res.status, stars: 'error' };
  const m = /data-stars="(\w+)"/.exec(body);
  return { status: res.status, stars: m?.[1] ?? 'unknown' };
}
