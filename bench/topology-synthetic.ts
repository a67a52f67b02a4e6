/**
 * Synthetic meshes for the topology benchmarks (bench/topology-bench.ts, bench/topology-render-bench.ts):
 * Services and Deployments of `n` services, and Istio-standard `istio_requests_total` and
 * `istio_request_duration_milliseconds` for a binary tree of calls under the ingress, rendered by
 * the embedded cluster's own metric registry and label code. The /metrics servers run in a child
 * process: rendering ~30 MB of text for 1,000 services blocks an event loop for a long while, and in
 * the benchmark's own process that time would be charged to whatever it measures.
 *
 *   node --import tsx bench/topology-synthetic.ts --serve-synthetic-metrics 10,100,1000
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { ClusterStore, KubeObject } from '../sim/api/types';
import { ISTIO_LABEL_NAMES, reportLabelValues, type PeerLabels } from '../sim/telemetry/istio-metrics';
import { createCounter, createHistogram, incCounter, observeHistogram, renderFamilies, PROMETHEUS_CONTENT_TYPE } from '../sim/telemetry/prometheus-registry';

/** Namespace of the synthetic mesh of `n` services. */
export const meshNamespace = (n: number) => `bench-${n}`;

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

/** Every tenth service runs a canary next to v1. */
export const versionsOf = (i: number) => (i % 10 === 0 ? ['v1', 'v2'] : ['v1']);

/** Label values of every series of one synthetic mesh: a binary tree of calls under the ingress, every tenth edge with some 503s. */
export function meshSeries(ns: string, n: number): string[][] {
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
  if (n === 0) return out;
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

/** The Services and Deployments (0 replicas: no pods needed) of the synthetic mesh of `n` services. */
export function inventoryObjects(ns: string, n: number): { services: KubeObject[]; deployments: KubeObject[] } {
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

/** Writes each mesh's Namespace (with `labels`), Services and Deployments into an embedded cluster's store. */
export function seedMeshes(store: ClusterStore, sizes: number[], labels?: Record<string, string>): void {
  for (const n of sizes) {
    const ns = meshNamespace(n);
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, ...(labels ? { labels } : {}) } });
    const inv = inventoryObjects(ns, n);
    for (const s of inv.services) store.create('services', s);
    for (const d of inv.deployments) store.create('apps/deployments', d);
  }
}

export interface SyntheticMetrics {
  /** host:port of each mesh's /metrics, in the order of `sizes` */
  targets: string[];
  /** series per mesh (counters; each also has 20 buckets, a sum and a count) */
  series: number[];
  stop(): Promise<void>;
}

/** Starts the /metrics servers of the meshes of `sizes` services in a child process. */
export async function startSyntheticMetrics(sizes: number[]): Promise<SyntheticMetrics> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'topology-synthetic.ts'), '--serve-synthetic-metrics', sizes.join(',')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const ready = await new Promise<{ targets: string[]; series: number[] }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('synthetic-metrics '));
      if (line) resolve(JSON.parse(line.slice('synthetic-metrics '.length)) as { targets: string[]; series: number[] });
    });
    child.once('exit', (code) => reject(new Error(`synthetic metrics exited with ${code}`)));
  });
  return {
    ...ready,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Starts the embedded cluster (with the CRDs) with each mesh's namespace, Services and Deployments in a
 * child process of its own, writing its kubeconfig to `kubeconfig`: a benchmark timing the
 * console's server code in its own process must not also pay for the cluster's side of every
 * listing (a real API server does that elsewhere), nor wait behind the /metrics rendering.
 */
export async function startSyntheticCluster(sizes: number[], kubeconfig: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'topology-synthetic.ts'), '--serve-synthetic-cluster', sizes.join(','), kubeconfig], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('synthetic-cluster ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`synthetic cluster exited with ${code}`)));
  });
  return {
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

async function serveCluster(sizes: number[], kubeconfig: string): Promise<void> {
  const { startCluster } = await import('../sim/cluster');
  // with Istio's and Graylane's CRDs, as a real mesh has: the console's in-process controller needs them to sync
  const cluster = await startCluster({ apiPort: 0, kubeconfig });
  seedMeshes(cluster.store, sizes);
  process.once('SIGTERM', () => void cluster.stop().finally(() => process.exit(0)));
  console.log('synthetic-cluster ready');
}

async function serve(sizes: number[]): Promise<void> {
  const targets: string[] = [];
  const counts: number[] = [];
  const ticks: (() => void)[] = [];
  for (const n of sizes) {
    const series = meshSeries(meshNamespace(n), n);
    counts.push(series.length);
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
    targets.push(`127.0.0.1:${(server.address() as net.AddressInfo).port}`);
  }
  // steady traffic: every series moves every second
  setInterval(() => ticks.forEach((t) => t()), 1000);
  process.once('SIGTERM', () => process.exit(0));
  console.log(`synthetic-metrics ${JSON.stringify({ targets, series: counts })}`);
}

const flag = process.argv.indexOf('--serve-synthetic-metrics');
if (flag >= 0) {
  serve(process.argv[flag + 1]!.split(',').map(Number)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
const clusterFlag = process.argv.indexOf('--serve-synthetic-cluster');
if (clusterFlag >= 0) {
  serveCluster(process.argv[clusterFlag + 1]!.split(',').map(Number), process.argv[clusterFlag + 2]!).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
