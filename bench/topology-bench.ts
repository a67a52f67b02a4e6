/**
 * Topology benchmark: synthetic meshes of 10, 100 and 1,000 services (Istio-standard
 * `istio_requests_total` and `istio_request_duration_milliseconds` rendered by the embedded
 * cluster's own metric registry and label code, served from an in-bench /metrics) scraped by the
 * REAL Prometheus; Services and Deployments live in the embedded cluster. Prints the topology
 * route's server time (zod, cluster listing, four PromQL queries, join) next to the time of the
 * same four queries issued directly (fetch + JSON parse, in parallel as the server does), as a
 * ratio. Targets (issue 6): < 1.5x the queries; < 500 ms for 1,000 services.
 *
 *   npx tsx bench/topology-bench.ts [--iterations N]
 */
import http from 'node:http';
import { register } from 'node:module';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../sim/cluster';
import type { KubeObject } from '../sim/api/types';
import { ISTIO_LABEL_NAMES, reportLabelValues, type PeerLabels } from '../sim/telemetry/istio-metrics';
import { createCounter, createHistogram, incCounter, observeHistogram, renderFamilies, PROMETHEUS_CONTENT_TYPE } from '../sim/telemetry/prometheus-registry';
import { startPrometheus } from '../scripts/lib/prometheus';
import { topologyQueries, windowSeconds } from '../lib/telemetry/promql';
import { fmt, printTable, summarize } from './stats';

// server/ modules import 'server-only', which throws outside a React server build: resolve it to
// an empty module, as vitest does.
const STUB = `data:text/javascript,${encodeURIComponent('export {};')}`;
register(`data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { return s === 'server-only' ? { url: ${JSON.stringify(STUB)}, shortCircuit: true } : n(s, c); }`)}`);

const SIZES = [10, 100, 1000];
const ITERATIONS = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 7;
// large enough for a 1,000-service /metrics (~30 MB of Istio-labelled text) on a busy machine
const SCRAPE_S = 10;

function peer(ns: string, service: string, version: string): PeerLabels {
  return {
    workload: `${service}-${version}`,
    workloadNamespace: ns,
    principal: `spiffe://cluster.local/ns/${ns}/sa/${service}`,
    app: service,
    version,
    canonicalService: service,
    canonicalRevision: version,
    cluster: 'Kubernetes',
  };
}

const INGRESS: PeerLabels = {
  workload: 'istio-ingressgateway', workloadNamespace: 'istio-system', principal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
  app: 'istio-ingressgateway', version: 'unknown', canonicalService: 'istio-ingressgateway', canonicalRevision: 'latest', cluster: 'Kubernetes',
};

// every tenth service runs a canary next to v1
const versionsOf = (i: number) => (i % 10 === 0 ? ['v1', 'v2'] : ['v1']);

/** Label values of every series of one synthetic mesh: a binary tree of calls under the ingress. */
function meshSeries(ns: string, n: number): string[][] {
  const out: string[][] = [];
  const add = (src: PeerLabels, dstSvc: number, code: number) => {
    for (const v of versionsOf(dstSvc)) {
      const name = `svc-${dstSvc}`;
      out.push(reportLabelValues({
        reporter: 'destination', source: src, destination: peer(ns, name, v), destinationService: `${name}.${ns}.svc.cluster.local`,
        destinationServiceName: name, destinationServiceNamespace: ns, responseCode: code, responseFlags: '-', connectionSecurityPolicy: 'mutual_tls',
        durationMs: 0, requestBytes: 0, responseBytes: 0,
      }));
    }
  };
  add(INGRESS, 0, 200);
  for (let i = 0; i < n; i++) {
    for (const child of [2 * i + 1, 2 * i + 2]) {
      if (child >= n) continue;
      for (const v of versionsOf(i)) {
        add(peer(ns, `svc-${i}`, v), child, 200);
        if (child % 10 === 0) add(peer(ns, `svc-${i}`, v), child, 503);
      }
    }
  }
  return out;
}

function inventoryObjects(ns: string, n: number): { services: KubeObject[]; deployments: KubeObject[] } {
  const services: KubeObject[] = [];
  const deployments: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const labels = { app: name, 'app.kubernetes.io/name': `app-${i % 10}` };
    services.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' }] } });
    for (const v of versionsOf(i)) {
      const podLabels = { app: name, version: v };
      deployments.push({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${name}-${v}`, namespace: ns, labels },
        spec: { replicas: 0, selector: { matchLabels: podLabels }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'app', image: `example.com/${name}:${v}` }] } } },
      });
    }
  }
  return { services, deployments };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-topology-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, kubeconfig, bare: true });

  // metrics: one registry and /metrics target per mesh (parallel, smaller scrapes), advanced
  // every second like steady traffic
  const servers: http.Server[] = [];
  const targets: string[] = [];
  const ticks: (() => void)[] = [];
  let seriesCount = 0;
  for (const n of SIZES) {
    const ns = `bench-${n}`;
    cluster.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const inv = inventoryObjects(ns, n);
    for (const s of inv.services) cluster.store.create('services', s);
    for (const d of inv.deployments) cluster.store.create('apps/deployments', d);
    const series = meshSeries(ns, n);
    seriesCount += series.length;
    const requests = createCounter('istio_requests_total', 'Total requests.', ISTIO_LABEL_NAMES);
    const duration = createHistogram('istio_request_duration_milliseconds', 'Duration of requests in milliseconds.', ISTIO_LABEL_NAMES);
    const tick = () => {
      for (const values of series) {
        incCounter(requests, values, 5);
        observeHistogram(duration, values, 5 + Math.random() * 45);
      }
    };
    tick();
    ticks.push(tick);
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(renderFamilies([requests, duration])));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    targets.push(`127.0.0.1:${(server.address() as net.AddressInfo).port}`);
  }
  const timer = setInterval(() => ticks.forEach((t) => t()), 1000);
  const prom = await startPrometheus({ port: await freePort(), targets, scrapeIntervalS: SCRAPE_S, dataDir: path.join(dir, 'prom') });
  const cleanup = async () => {
    clearInterval(timer);
    servers.forEach((s) => s.close());
    await prom.stop();
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => prom.process.kill('SIGKILL'));
  console.log(`synthetic series: ${seriesCount} counters, ${seriesCount * 22} histogram lines; Prometheus ${prom.url} scraping every ${SCRAPE_S} s`);
  try {
    await measure(prom.url, kubeconfig);
  } finally {
    await cleanup();
  }
}

async function measure(promUrl: string, kubeconfig: string): Promise<void> {
  const prom = { url: promUrl };
  process.env.KUBECONFIG = kubeconfig;
  process.env.GRAYLANE_PROMETHEUS_URL = prom.url;
  // a shared, busy machine must not turn a slow answer into a failed run
  process.env.GRAYLANE_PROMETHEUS_TIMEOUT_MS ??= '60000';
  const { GET } = await import('../app/api/projects/[ns]/topology/route');
  // Routes check the session (issue 7): a platform admin's, made through server/auth like a login.
  const { adminCookie } = await import('../test/support/session');
  const cookie = await adminCookie();

  const raw = async (ns: string) => {
    const q = topologyQueries(ns, windowSeconds('1m'));
    const time = String(Date.now() / 1000);
    const res = await Promise.all(Object.values(q).map(async (query) => {
      const r = await fetch(`${prom.url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query, time }) });
      return (await r.json()) as { data: { result: unknown[] } };
    }));
    return res[0]!.data.result.length;
  };
  const api = async (ns: string) => {
    const r = await GET(new Request(`http://console/api/projects/${ns}/topology?window=1m`, { headers: { cookie } }), { params: Promise.resolve({ ns }) });
    const body = (await r.json()) as { nodes?: unknown[]; error?: unknown };
    if (r.status !== 200) throw new Error(`topology ${ns}: ${r.status} ${JSON.stringify(body)}`);
    return body.nodes!.length;
  };

  // wait until every mesh has at least three scrapes in the window
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = await Promise.all(SIZES.map((n) => raw(`bench-${n}`)));
    if (counts.every((c) => c > 0)) {
      await new Promise((r) => setTimeout(r, 2 * SCRAPE_S * 1000));
      break;
    }
    if (Date.now() > deadline) throw new Error('Prometheus has no data after 120 s');
    await new Promise((r) => setTimeout(r, 1000));
  }

  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const ns = `bench-${n}`;
    await raw(ns);
    const nodes = await api(ns);
    const rawMs: number[] = [];
    const apiMs: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      // alternate so both see the same Prometheus load
      let t = performance.now();
      await raw(ns);
      rawMs.push(performance.now() - t);
      t = performance.now();
      await api(ns);
      apiMs.push(performance.now() - t);
    }
    const r = summarize(rawMs);
    const a = summarize(apiMs);
    console.log(`bench-${n}: raw p50 ${fmt(summarize(rawMs).p50, 1)} ms, API p50 ${fmt(summarize(apiMs).p50, 1)} ms`);
    rows.push([n, nodes, fmt(r.p50, 1), fmt(a.p50, 1), fmt(a.p50 / r.p50, 2), fmt(a.p99, 1), a.p50 < 500 || n < 1000 ? 'ok' : 'SLOW']);
  }
  printTable(['services', 'nodes', 'raw PromQL p50 ms', 'topology API p50 ms', 'ratio', 'API p99 ms', '<500ms@1k'], rows);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
