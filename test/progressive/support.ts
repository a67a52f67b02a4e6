/**
 * Helpers of the progressive-delivery tests: an echo application (any non-Bookinfo image answers
 * with its version and honours SIM_ERROR_RATE / SIM_LATENCY_MS) exposed through its own Gateway
 * host, a steady load through the ingress counted per answering version, and the one way to make
 * a candidate faulty: patch its Deployment's container env after the controller created it.
 */
import type { GrayscaleRelease } from '@/lib/release';
import { JSON_PATCH } from '@/server/kube/rest';
import { waitFor, type Harness } from '../controller/harness';
import { httpGetter, startLoad as startSharedLoad, type LoadAnswer, type LoadFigures } from '../support/load';

export const APP = 'web';
const IMAGE = 'registry.example.com/graylane/web:1.0';
const ISTIO = (ns: string, plural: string) => `/apis/networking.istio.io/v1/namespaces/${ns}/${plural}`;

/** The ingress host of the app in `ns` (its gateway VirtualService binds it). */
export const hostOf = (ns: string) => `${APP}.${ns}.example.com`;

/** Namespace in the mesh with Service `web`, Deployment `web-v1` and a Gateway + VirtualService for its host. */
export async function echoNamespace(h: Harness, ns: string): Promise<void> {
  await h.clients.core.createNamespace({ body: { metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } } });
  await h.clients.core.createNamespacedService({
    namespace: ns,
    body: { metadata: { name: APP, labels: { app: APP } }, spec: { selector: { app: APP }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
  });
  const labels = { app: APP, version: 'v1' };
  await h.clients.apps.createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name: `${APP}-v1`, labels },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: APP, image: IMAGE, ports: [{ containerPort: 8080 }] }] } } },
    },
  });
  await h.rest.request({
    method: 'POST',
    path: ISTIO(ns, 'gateways'),
    body: { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: `${APP}-gateway` }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [hostOf(ns)] }] } },
  });
  await h.rest.request({
    method: 'POST',
    path: ISTIO(ns, 'virtualservices'),
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `${APP}-ingress` },
      spec: { hosts: [hostOf(ns)], gateways: [`${APP}-gateway`], http: [{ route: [{ destination: { host: APP, port: { number: 80 } } }] }] },
    },
  });
  await waitFor(() => h.clients.apps.readNamespacedDeployment({ namespace: ns, name: `${APP}-v1` }), (d) => (d.status?.readyReplicas ?? 0) >= 1, `${ns}/${APP}-v1 ready`);
}

/** Answers per version: 2xx and other statuses; `unattributed` are answers naming no version (e.g. an Envoy-like 503). */
export interface LoadCounts {
  byVersion: Record<string, { ok: number; failed: number }>;
  unattributed: number;
  transportErrors: number;
  sent: number;
}

export interface Load {
  counts(): LoadCounts;
  stop(): Promise<LoadCounts>;
}

/** An answer's label: the version it names and whether it was 2xx (`v2 failed`), or `unattributed`. */
function versionLabel(status: number, body: string): LoadAnswer {
  let version: string | undefined;
  try {
    version = (JSON.parse(body) as { version?: string }).version;
  } catch {
    version = undefined;
  }
  const ok = status >= 200 && status < 300;
  return { status, label: version ? `${version} ${ok ? 'ok' : 'failed'}` : 'unattributed' };
}

function countsOf(f: LoadFigures): LoadCounts {
  const c: LoadCounts = { byVersion: {}, unattributed: f.labels.unattributed ?? 0, transportErrors: f.statuses[0] ?? 0, sent: f.sent };
  for (const [label, n] of Object.entries(f.labels)) {
    const [version, outcome] = label.split(' ');
    if (outcome !== 'ok' && outcome !== 'failed') continue;
    (c.byVersion[version!] ??= { ok: 0, failed: 0 })[outcome] += n;
  }
  return c;
}

/**
 * `rps` GETs per second through the ingress to the app's host (the shared open-loop generator: no
 * cap on requests in flight, so a slow candidate does not slow the baseline's share down), each
 * answer counted by the version it names.
 */
export function startLoad(ingressUrl: string, ns: string, rps: number): Load {
  const getter = httpGetter(new URL('/api/v1/products/0', ingressUrl), versionLabel, 30_000, { host: hostOf(ns) });
  const load = startSharedLoad(getter.send, { rps });
  return {
    counts: () => countsOf(load.snapshot()),
    async stop() {
      const figures = await load.stop();
      getter.close();
      return countsOf(figures);
    },
  };
}

/**
 * Makes the job's candidate faulty: waits for the controller to create its Deployment, then patches
 * the app container's env (the controller enforces only replicas and images on the candidate, so
 * the patch sticks; the Deployment rolls its pod to the new template).
 */
export async function makeCandidateFaulty(h: Harness, ns: string, env: Record<string, string>): Promise<void> {
  const name = `${APP}-v2`;
  await waitFor(
    () => h.clients.apps.listNamespacedDeployment({ namespace: ns }),
    (l) => l.items.some((d) => d.metadata?.name === name),
    `${ns}/${name} created by the controller`,
  );
  await h.rest.request({
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
    contentType: JSON_PATCH,
    body: [{ op: 'add', path: '/spec/template/spec/containers/0/env', value: Object.entries(env).map(([k, value]) => ({ name: k, value })) }],
  });
}

/** Milliseconds between two ISO times of a job's status. */
export const between = (from: string | null | undefined, to: string | null | undefined) => (from && to ? Date.parse(to) - Date.parse(from) : NaN);

/** The decision of a kind recorded in the job's progress. */
export function decisionOf(job: GrayscaleRelease, action: string) {
  return job.status?.progress?.decisions?.find((d) => d.action === action);
}

/** Waits for a job's progress to satisfy `done`; on timeout says where the schedule stands and why. */
export async function waitForProgress(h: Harness, ns: string, name: string, done: (j: GrayscaleRelease) => boolean, what: string, timeoutMs: number): Promise<GrayscaleRelease> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await h.rest.request<GrayscaleRelease>({ method: 'GET', path: `/apis/graylane.io/v1alpha1/namespaces/${ns}/grayscalereleases/${name}` });
    if (done(job)) return job;
    if (Date.now() > deadline) {
      const p = job.status?.progress;
      const looks = (p?.history ?? []).map((l) => `${l.at.slice(11, 19)} ${l.verdict} ${JSON.stringify(l.requests)}`).join('; ');
      throw new Error(`${ns}: ${what} not reached within ${timeoutMs} ms: phase ${job.status?.phase}, step ${p?.step} ${p?.phase}: ${p?.message}; last verdict: ${p?.lastVerdict?.message}; looks: ${looks}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
