/**
 * The observability API against the embedded cluster and the REAL Prometheus (scraping every
 * second): Bookinfo with reviews v1/v2 split 80/20 under steady traffic, then v2 made to fail 30%
 * of its requests. Route handlers are called with Requests; no Next server runs. Fails (does not
 * skip) when the prometheus binary is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '@/scripts/lib/free-port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '@/sim/cluster';
import { prometheusBinary, startPrometheus, type PrometheusHandle } from '@/scripts/lib/prometheus';
import type { ServiceMetricsView, TopologyView, TraceDetail, TraceSummary } from '@/lib/api/telemetry-types';
import { createKubeClients, setKubeClients, type KubeClients } from '@/server/kube/client';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import { GET as topologyRoute } from '@/app/api/projects/[ns]/topology/route';
import { GET as metricsRoute } from '@/app/api/projects/[ns]/metrics/route';
import { GET as tracesRoute } from '@/app/api/projects/[ns]/traces/route';
import { GET as traceRoute } from '@/app/api/projects/[ns]/traces/[traceId]/route';
import { getTopology, warmTopology } from '@/server/telemetry/topology';
import { startLoad, httpGetter } from '../support/load';
import { adminCookie } from '../support/session';

type Cluster = Awaited<ReturnType<typeof startCluster>>;

const NS = 'telemetry-it';
// 80 rps: ~3,000 reviews requests in the first reading, so a 10% relative bound on the 20% share is ~2.8 sigma
const RPS = 80;
const ISTIO = { group: 'networking.istio.io', version: 'v1', namespace: NS };

let dir: string;
let cluster: Cluster;
let clients: KubeClients;
let prom: PrometheusHandle;
let trafficStart = 0;
let cookie: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, params: Record<string, string>) {
  const res = await handler(new Request(`http://console${url}`, { headers: { cookie } }), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as any };
}

async function metrics(window = '1m'): Promise<ServiceMetricsView> {
  const r = await call(metricsRoute, `/api/projects/${NS}/metrics?service=reviews&window=${window}`, { ns: NS });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** The instant queries Prometheus has answered (its own /metrics); nothing else queries it here. */
async function answered(): Promise<number> {
  const text = await (await fetch(`${prom.url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('prometheus_http_requests_total{') && l.includes('handler="/api/v1/query"')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/**
 * answered() once it reaches `n`: Prometheus counts a query after its answer has been written, so
 * a reading taken the moment the console has its answers can be one short. Waits for the count,
 * then checks it stays put (one query too many still shows).
 */
async function settled(n: number): Promise<number> {
  const deadline = Date.now() + 3000;
  while ((await answered()) < n && Date.now() < deadline) await sleep(50);
  await sleep(200);
  return answered();
}

async function topology(latency?: 'skip'): Promise<TopologyView> {
  const r = await call(topologyRoute, `/api/projects/${NS}/topology?window=1m&app=bookinfo${latency ? `&latency=${latency}` : ''}`, { ns: NS });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 2000)}`);
    await sleep(500);
  }
}

async function v2Deployment(): Promise<V1Deployment> {
  const v1 = await clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v1' });
  const relabel = (l: Record<string, string> | undefined) => ({ ...(l ?? {}), version: 'v2' });
  const tpl = structuredClone(v1.spec!.template);
  tpl.metadata = { ...tpl.metadata, labels: relabel(tpl.metadata?.labels) };
  for (const c of tpl.spec!.containers) c.image = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'reviews-v2', namespace: NS, labels: relabel(v1.metadata?.labels) },
    spec: { replicas: 1, selector: { matchLabels: relabel(v1.spec!.selector.matchLabels) }, template: tpl },
  };
}

beforeAll(async () => {
  // Fail, never skip: the real Prometheus is part of what this proves.
  if (!prometheusBinary()) throw new Error('prometheus not found at /usr/bin/prometheus: install it with `sudo apt-get install --no-install-recommends prometheus`');
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-telemetry-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 300, traffic: RPS });
  clients = createKubeClients({ kubeconfigPath: kubeconfig });
  setKubeClients(clients);
  cookie = await adminCookie(clients);
  await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
  await deploySampleApplication(NS, { clients });
  await clients.apps.createNamespacedDeployment({ namespace: NS, body: await v2Deployment() });
  await clients.custom.createNamespacedCustomObject({
    ...ISTIO,
    plural: 'destinationrules',
    body: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews' }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } },
  });
  await clients.custom.createNamespacedCustomObject({
    ...ISTIO,
    plural: 'virtualservices',
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] },
    },
  });
  await waitFor('all Bookinfo pods ready', () => clients.apps.listNamespacedDeployment({ namespace: NS }), (l) => l.items.length === 5 && l.items.every((d) => (d.status?.readyReplicas ?? 0) >= 1));
  trafficStart = Date.now();
  const telemetry = new URL(cluster.telemetryUrl!);
  prom = await startPrometheus({ port: await freePort(), targets: [telemetry.host], scrapeIntervalS: 1, dataDir: path.join(dir, 'prom') });
  process.env.GRAYLANE_PROMETHEUS_URL = prom.url;
  process.env.GRAYLANE_JAEGER_URL = cluster.telemetryUrl;
}, 60_000);

afterAll(async () => {
  delete process.env.GRAYLANE_PROMETHEUS_URL;
  delete process.env.GRAYLANE_JAEGER_URL;
  setKubeClients(undefined);
  await prom?.stop().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('metrics and topology under an 80/20 split', () => {
  it('per-version request rates follow the split within 10% and success is 100%', async () => {
    // Let ~40 s of traffic into the 1m window before the one reading that is judged.
    await waitFor('v1 and v2 in the metrics', metrics, (m) => m.versions.filter((v) => v.summary.requestRate > 0).length === 2);
    await sleep(Math.max(0, trafficStart + 40_000 - Date.now()));
    const m = await metrics();
    const v1 = m.versions.find((v) => v.version === 'v1')!;
    const v2 = m.versions.find((v) => v.version === 'v2')!;
    const total = v1.summary.requestRate + v2.summary.requestRate;
    expect(v1.summary.requestRate / total).toBeGreaterThan(0.8 * 0.9);
    expect(v1.summary.requestRate / total).toBeLessThan(0.8 * 1.1);
    expect(v2.summary.requestRate / total).toBeGreaterThan(0.2 * 0.9);
    expect(v2.summary.requestRate / total).toBeLessThan(0.2 * 1.1);
    expect(v1.summary.successRate).toBe(1);
    expect(v2.summary.successRate).toBe(1);
    expect(v2.summary.p95Ms).toBeGreaterThan(0);
    expect(v2.requestRate.some((p) => p.v !== null && p.v > 0)).toBe(true);
    expect(m.queries.join('\n')).toContain('destination_service_name="reviews"');

    const t = await topology();
    const ids = t.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['ingress:istio-system/istio-ingressgateway', 'service:telemetry-it/reviews', 'version:telemetry-it/reviews/v2', 'version:telemetry-it/ratings/v1']));
    const edge = t.edges.find((e) => e.id === 'version:telemetry-it/productpage/v1->version:telemetry-it/reviews/v2')!;
    expect(edge.health).toBe('healthy');
    expect(edge.share).toBeGreaterThan(0.05);
    expect(t.edges.find((e) => e.source.startsWith('ingress:'))?.target).toBe('version:telemetry-it/productpage/v1');
    expect(t.nodes.find((n) => n.id === 'version:telemetry-it/reviews/v2')?.health).toBe('healthy');

    // The graph's quantiles, computed by the console from bucket rates, are Prometheus' own
    // histogram_quantile over the same series at the same instant (a few seconds back, so no
    // scrape lands between the two readings).
    const at = Date.now() - 3000;
    const view = await getTopology(NS, { window: '1m' }, { now: () => at });
    const promQuantile = async (q: number, sel: string) => {
      const query = `histogram_quantile(${q}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="${NS}",${sel}}[1m])))`;
      const res = await fetch(`${prom.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query, time: String(at / 1000) }) });
      const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
      return Number(body.data.result[0]!.value[1]);
    };
    const cases = [
      { figures: view.nodes.find((n) => n.id === 'version:telemetry-it/reviews/v1')!.traffic, sel: 'destination_service_name="reviews",destination_canonical_revision="v1"' },
      { figures: view.nodes.find((n) => n.id === 'service:telemetry-it/reviews')!.traffic, sel: 'destination_service_name="reviews"' },
      { figures: view.edges.find((e) => e.id === 'version:telemetry-it/productpage/v1->version:telemetry-it/reviews/v2')!.traffic, sel: 'source_workload="productpage-v1",destination_service_name="reviews",destination_canonical_revision="v2"' },
    ];
    for (const c of cases) {
      for (const [q, ours] of [[0.5, c.figures.p50Ms], [0.95, c.figures.p95Ms], [0.99, c.figures.p99Ms]] as const) {
        const theirs = await promQuantile(q, c.sel);
        expect(Number.isFinite(theirs), `${c.sel} p${q * 100}`).toBe(true);
        expect(Math.abs(ours! - theirs), `${c.sel} p${q * 100}: console ${ours}, Prometheus ${theirs}`).toBeLessThan(1e-9 * Math.max(1, theirs));
      }
    }
  }, 70_000);

  it('topology requests arriving together share one computation: three queries reach Prometheus, not six', async () => {
    const before = await answered();
    const [a, b] = await Promise.all([topology(), topology()]);
    expect(await settled(before + 3)).toBe(before + 3);
    expect(b.queriedAt).toBe(a.queriedAt);
    // the next request, once the first finished, asks again
    await topology();
    expect(await settled(before + 6)).toBe(before + 6);

    // the traffic page's warm-up (its queries start while the page renders): the page's request
    // takes the warmed answer instead of asking again, once; the next request asks again
    await warmTopology(NS, { window: '1m', app: 'bookinfo' });
    expect(await settled(before + 9)).toBe(before + 9);
    const warmed = await topology();
    expect(await settled(before + 9)).toBe(before + 9);
    const fresh = await topology();
    expect(await settled(before + 12)).toBe(before + 12);
    expect(fresh.queriedAt > warmed.queriedAt).toBe(true);
    // a request arriving while the warm-up runs joins it, and nothing is kept for later
    const warming = warmTopology(NS, { window: '1m', app: 'bookinfo' });
    await topology();
    await warming;
    expect(await settled(before + 15)).toBe(before + 15);
    await topology();
    expect(await settled(before + 18)).toBe(before + 18);
  });

  it("latency=skip: the same graph without latencies, sharing the full request's queries when both arrive together", async () => {
    const before = await answered();
    // what the traffic page does: both at once; the quick one skips the bucket query and shares the rest
    const [quick, full] = await Promise.all([topology('skip'), topology()]);
    expect(await settled(before + 3)).toBe(before + 3);
    expect(quick.latencyOmitted).toBe(true);
    expect(full.latencyOmitted).toBeUndefined();
    expect(quick.queriedAt).toBe(full.queriedAt);
    // the same graph, figures and health; only the quantiles are left out
    const strip = (v: TopologyView) => ({
      nodes: v.nodes.map((n) => ({ ...n, traffic: { ...n.traffic, p50Ms: null, p95Ms: null, p99Ms: null } })),
      edges: v.edges.map((e) => ({ ...e, traffic: { ...e.traffic, p50Ms: null, p95Ms: null, p99Ms: null } })),
    });
    expect(strip(quick)).toEqual(strip(full));
    expect(quick.edges.length).toBeGreaterThan(0);
    expect(quick.edges.every((e) => e.traffic.p95Ms === null)).toBe(true);
    expect(full.edges.some((e) => e.traffic.requestRate > 0 && e.traffic.p95Ms !== null && e.traffic.p95Ms > 0)).toBe(true);
    // alone, the quick one asks two queries, not three
    await topology('skip');
    expect(await settled(before + 5)).toBe(before + 5);
    const bad = await call(topologyRoute, `/api/projects/${NS}/topology?window=1m&latency=later`, { ns: NS });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('latency');
  });

  it('lists traces through productpage touching reviews v1 and v2, with pods in the detail', async () => {
    const r = await call(tracesRoute, `/api/projects/${NS}/traces?service=productpage&limit=50`, { ns: NS });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const items = r.body.items as TraceSummary[];
    expect(items.length).toBeGreaterThan(0);
    const versions = new Set(items.flatMap((t) => t.versions));
    expect(versions.has('reviews@v1') || versions.has('reviews@v2')).toBe(true);
    const filtered = await call(tracesRoute, `/api/projects/${NS}/traces?service=reviews&version=v2&limit=5`, { ns: NS });
    expect(filtered.status).toBe(200);
    expect((filtered.body.items as TraceSummary[]).every((t) => t.versions.includes('reviews@v2'))).toBe(true);
    const d = await call(traceRoute, `/api/projects/${NS}/traces/${items[0]!.traceId}`, { ns: NS, traceId: items[0]!.traceId });
    expect(d.status).toBe(200);
    const detail = d.body as TraceDetail;
    expect(detail.spans.some((s) => s.pod?.startsWith('productpage-v1'))).toBe(true);
    expect(detail.spans.some((s) => s.onCriticalPath)).toBe(true);
    const missing = await call(traceRoute, `/api/projects/${NS}/traces/00000000000000000000000000000abc`, { ns: NS, traceId: '00000000000000000000000000000abc' });
    expect(missing.status).toBe(404);
  });

  it('v2 with SIM_ERROR_RATE=0.3: success rate 70% +/- 5 points and its node fails', async () => {
    await clients.apps.patchNamespacedDeployment(
      { namespace: NS, name: 'reviews-v2', body: [{ op: 'add', path: '/spec/template/spec/containers/0/env', value: [{ name: 'SIM_ERROR_RATE', value: '0.3' }] }] },
    );
    await waitFor('v2 rolled out', () => clients.core.listNamespacedPod({ namespace: NS, labelSelector: 'app=reviews,version=v2' }), (l) =>
      l.items.length === 1 && !l.items[0]!.metadata?.deletionTimestamp && (l.items[0]!.spec?.containers[0]?.env ?? []).some((e) => e.name === 'SIM_ERROR_RATE') && l.items[0]!.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true);
    const ready = Date.now();
    // Chart points rate over [30s]: once 30 s of the failing pod are in, the latest point is all
    // v2-with-errors. The steady 80 rps alone give v2 ~480 requests in that window, where +/- 5
    // points is 2.4 sigma (a failed run in ~60); 80 more through the ingress meanwhile make it
    // ~960 requests and 3.4 sigma.
    const extra = httpGetter(new URL('/productpage', cluster.ingressUrl!));
    const load = startLoad(extra.send, { rps: 80, maxInFlight: 40 });
    await sleep(Math.max(0, ready + 32_000 - Date.now()));
    const m = await metrics();
    const sent = await load.stop();
    extra.close();
    expect(sent.ok).toBeGreaterThan(1500);
    const v2 = m.versions.find((v) => v.version === 'v2')!;
    const latest = [...v2.successRate].reverse().find((p) => p.v !== null)!;
    expect(latest.v).toBeGreaterThan(0.65);
    expect(latest.v).toBeLessThan(0.75);
    expect(m.versions.find((v) => v.version === 'v1')!.summary.successRate).toBe(1);
    const t = await topology();
    expect(t.nodes.find((n) => n.id === 'version:telemetry-it/reviews/v2')?.health).toBe('failing');
    expect(t.nodes.find((n) => n.id === 'version:telemetry-it/reviews/v1')?.health).toBe('healthy');
  }, 60_000);
});

describe('backends missing, unreachable or slow', () => {
  it('answers 503 metrics_unavailable / tracing_unavailable when not configured', async () => {
    const saved = { p: process.env.GRAYLANE_PROMETHEUS_URL, j: process.env.GRAYLANE_JAEGER_URL };
    delete process.env.GRAYLANE_PROMETHEUS_URL;
    delete process.env.GRAYLANE_JAEGER_URL;
    try {
      const t = await call(topologyRoute, `/api/projects/${NS}/topology`, { ns: NS });
      expect(t.status).toBe(503);
      expect(t.body.error.code).toBe('metrics_unavailable');
      expect(t.body.error.message).toContain('metrics backend not configured: set GRAYLANE_PROMETHEUS_URL');
      const tr = await call(tracesRoute, `/api/projects/${NS}/traces?service=productpage`, { ns: NS });
      expect(tr.status).toBe(503);
      expect(tr.body.error).toMatchObject({ code: 'tracing_unavailable', message: expect.stringContaining('GRAYLANE_JAEGER_URL') });
    } finally {
      process.env.GRAYLANE_PROMETHEUS_URL = saved.p;
      process.env.GRAYLANE_JAEGER_URL = saved.j;
    }
  });

  it('answers 503 naming the URL when unreachable, 504 when too slow, 400 naming fields', async () => {
    const saved = { p: process.env.GRAYLANE_PROMETHEUS_URL, j: process.env.GRAYLANE_JAEGER_URL };
    const dead = `http://127.0.0.1:${await freePort()}`;
    // accepts connections, never answers
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      process.env.GRAYLANE_PROMETHEUS_URL = dead;
      process.env.GRAYLANE_JAEGER_URL = dead;
      const m = await call(metricsRoute, `/api/projects/${NS}/metrics?service=reviews`, { ns: NS });
      expect(m.status).toBe(503);
      expect(m.body.error).toMatchObject({ code: 'metrics_unavailable', message: expect.stringContaining(dead) });
      const tr = await call(tracesRoute, `/api/projects/${NS}/traces?service=productpage`, { ns: NS });
      expect(tr.body.error).toMatchObject({ code: 'tracing_unavailable', message: expect.stringContaining(dead) });
      expect(tr.status).toBe(503);

      process.env.GRAYLANE_PROMETHEUS_URL = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      process.env.GRAYLANE_PROMETHEUS_TIMEOUT_MS = '300';
      const slow = await call(topologyRoute, `/api/projects/${NS}/topology`, { ns: NS });
      expect(slow.status).toBe(504);
      expect(slow.body.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('did not answer within 0.3 s') });

      const bad = await call(metricsRoute, `/api/projects/${NS}/metrics?service=a%22%7Db%0A&window=2m`, { ns: NS });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['service', 'window']);
      const badLimit = await call(tracesRoute, `/api/projects/${NS}/traces?service=x&limit=7`, { ns: NS });
      expect(badLimit.body.error.fields[0].field).toBe('limit');
    } finally {
      delete process.env.GRAYLANE_PROMETHEUS_TIMEOUT_MS;
      process.env.GRAYLANE_PROMETHEUS_URL = saved.p;
      process.env.GRAYLANE_JAEGER_URL = saved.j;
      silent.close();
    }
  });
});
