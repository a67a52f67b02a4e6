/**
 * Mesh benchmark: requests/s and p50/p99 latency of the full Bookinfo productpage chain
 * (ingress → productpage → details + reviews → ratings, every hop routed, measured and traced),
 * over HTTP and in-process, next to one bare in-process echo hop (the floor), with ratios.
 * Targets (issue 3): ≥ 1,000 productpage req/s; p99 < 50 ms at 200 req/s.
 *
 *   npx tsx bench/mesh-bench.ts [--seconds N]
 */
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { readManifests, startCluster } from '../sim/cluster';
import type { ClusterStore, KubeObject } from '../sim/api/types';
import { startMesh } from '../sim/mesh/index';
import { INGRESS_GATEWAY_IDENTITY } from '../sim/mesh/workload';
import { fmt, printTable, summarize } from './stats';

const NS = 'bench';
const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 4;

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** Closed loop: `concurrency` workers back to back for `seconds`. */
async function closedLoop(name: string, op: () => Promise<number>, concurrency: number, seconds: number): Promise<Result> {
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if ((await op()) >= 400) errors++;
        lat.push(performance.now() - t);
      }
    }),
  );
  const s = summarize(lat);
  return { name, rps: lat.length / ((performance.now() - start) / 1000), p50: s.p50, p99: s.p99, errors };
}

/** Open loop: requests started on a fixed schedule of `rps`, whatever the latency. */
async function openLoop(name: string, op: () => Promise<number>, rps: number, seconds: number): Promise<Result> {
  const lat: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const total = rps * seconds;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(
      op().then((status) => {
        if (status >= 400) errors++;
        lat.push(performance.now() - t);
      }),
    );
  }
  await Promise.all(pending);
  const s = summarize(lat);
  return { name, rps: lat.length / ((performance.now() - start) / 1000), p50: s.p50, p99: s.p99, errors };
}

/**
 * HTTP load from a worker thread, so the client (like curl or a load tool on a real machine) does
 * not compete with the server for the mesh's event loop. Plain JS: workers do not go through tsx.
 */
const HTTP_LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const { url, mode, concurrency, rps, seconds } = workerData;
const lat = [];
let errors = 0;
function get() {
  return new Promise((resolve) => {
    const t = performance.now();
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode >= 400) errors++; lat.push(performance.now() - t); resolve(); });
    }).on('error', () => { errors++; resolve(); });
  });
}
(async () => {
  const start = performance.now();
  if (mode === 'closed') {
    const end = start + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (performance.now() < end) await get(); }));
  } else {
    const pending = [];
    for (let i = 0; i < rps * seconds; i++) {
      const wait = start + (i * 1000) / rps - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(get());
    }
    await Promise.all(pending);
  }
  parentPort.postMessage({ lat, errors, elapsed: performance.now() - start });
  agent.destroy();
})();
`;

function httpLoad(name: string, url: string, load: { mode: 'closed'; concurrency: number } | { mode: 'open'; rps: number }, seconds: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const w = new Worker(HTTP_LOAD_WORKER, { eval: true, workerData: { url, seconds, ...load } });
    w.once('message', (m: { lat: number[]; errors: number; elapsed: number }) => {
      const s = summarize(m.lat);
      resolve({ name, rps: m.lat.length / (m.elapsed / 1000), p50: s.p50, p99: s.p99, errors: m.errors });
      void w.terminate();
    });
    w.once('error', reject);
  });
}

function deployEcho(store: ClusterStore): void {
  store.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: NS }, spec: { selector: { app: 'echo' }, ports: [{ port: 9080, name: 'http' }] } });
}

async function applyViaApi(api: string, obj: KubeObject): Promise<void> {
  const kinds: Record<string, string> = { Service: 'services', ServiceAccount: 'serviceaccounts', Deployment: 'deployments' };
  const base = obj.apiVersion.includes('/') ? `${api}/apis/${obj.apiVersion}` : `${api}/api/${obj.apiVersion}`;
  const res = await fetch(`${base}/namespaces/${NS}/${kinds[obj.kind]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) });
  if (!res.ok) throw new Error(`create ${obj.kind} ${obj.metadata.name}: ${res.status} ${await res.text()}`);
}

async function main(): Promise<void> {
  const cluster = await startCluster({ podReadyDelayMs: 10 });
  await fetch(`${cluster.apiUrl}/api/v1/namespaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }) });
  for (const obj of readManifests('deploy/samples/bookinfo.yaml')) await applyViaApi(cluster.apiUrl, obj);
  await applyViaApi(cluster.apiUrl, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'echo-v1', labels: { app: 'echo', version: 'v1' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'echo', version: 'v1' } }, template: { metadata: { labels: { app: 'echo', version: 'v1' } }, spec: { containers: [{ name: 'echo', image: 'example.com/echo:1' }] } } },
  });
  deployEcho(cluster.store);
  // a second mesh on the same store, so the benchmark can also drive the in-process entry points
  const mesh = await startMesh(cluster.store, {});
  for (;;) {
    const ready = cluster.store.list('pods', NS).filter((p) => ((p.status as { conditions?: Array<{ type: string; status: string }> })?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
    if (ready.length >= 7) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const pageUrl = `${mesh.ingressUrl}/productpage`;
  const caller = { identity: { ...INGRESS_GATEWAY_IDENTITY, workloadNamespace: NS } };
  const echoHop = () => mesh.core.plane.send(caller, { method: 'GET', authority: 'echo:9080', path: '/', headers: {} }).then((r) => r.status);
  const pageInProcess = () => mesh.core.ingress({ method: 'GET', authority: 'bench', path: '/productpage', headers: { 'user-agent': 'bench' } }).then((r) => r.status);
  const pageHttp = () => get(pageUrl);

  // warm-up (JIT, app instances, snapshot)
  await closedLoop('warm-up', pageHttp, 8, 1);
  await closedLoop('warm-up', echoHop, 8, 0.5);

  const results: Result[] = [];
  results.push(await closedLoop('echo hop, in-process (floor), max', echoHop, 16, SECONDS));
  results.push(await closedLoop('productpage chain, in-process, max', pageInProcess, 16, SECONDS));
  results.push(await httpLoad('productpage via ingress HTTP, max (client in a worker)', pageUrl, { mode: 'closed', concurrency: 32 }, SECONDS));
  results.push(await openLoop('echo hop, in-process, 200 req/s', echoHop, 200, SECONDS));
  results.push(await httpLoad('productpage via ingress HTTP, 200 req/s (client in a worker)', pageUrl, { mode: 'open', rps: 200 }, SECONDS));
  results.push(await closedLoop('productpage via ingress HTTP, max (client in-process)', pageHttp, 32, SECONDS));

  const floor = results[0]!;
  printTable(
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'req/s vs floor', 'p50 vs floor'],
    results.map((r) => [r.name, fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), r.errors, `${fmt(r.rps / floor.rps, 3)}x`, `${fmt(r.p50 / floor.p50, 1)}x`]),
  );
  const max = results[2]!;
  const fixed = results[4]!;
  console.log(`\ntarget productpage ≥ 1000 req/s: ${fmt(max.rps, 0)} ${max.rps >= 1000 ? 'OK' : 'MISSED'}`);
  console.log(`target p99 < 50 ms at 200 req/s: ${fmt(fixed.p99, 2)} ms ${fixed.p99 < 50 ? 'OK' : 'MISSED'}`);
  console.log(`traces kept: ${mesh.core.traces.size()}, metric series: ${mesh.core.metrics.requests.series.size}`);
  await mesh.stop();
  await cluster.stop();
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
