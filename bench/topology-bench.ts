/**
 * Topology benchmark: synthetic meshes of 10, 100 and 1,000 services (Istio-standard
 * `istio_requests_total` and `istio_request_duration_milliseconds` rendered by the embedded
 * cluster's own metric registry and label code, served from an in-bench /metrics) scraped by the
 * REAL Prometheus; Services and Deployments live in the embedded cluster. Prints the topology
 * route's server time (session, zod, cluster listing, the PromQL queries, join, JSON) next to the
 * time of exactly the queries the route issues (nextTopologyQueries: its bucket query sharded by
 * the Services it listed the time before, and narrowed to the buckets that decided the last
 * answer's quantiles, with the label-values call that goes beside it), issued directly in parallel
 * as the server does (fetch + JSON parse), as a ratio. Beside them, in the same run: the queries of
 * every bucket unsharded (what the route asked before it narrowed the buckets), and the
 * queries before the bucket query was made cheap ("previous"). A second table times the traffic
 * page's first paint, the graph without latencies (latency=skip: no bucket query), against its two
 * queries. Targets (issue 6): < 1.5x the queries; < 500 ms for 1,000 services.
 *
 *   npx tsx bench/topology-bench.ts [--iterations N] [--cluster-in-process] [--no-controller]
 */
import { register } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../scripts/lib/free-port';
import { startPrometheus } from '../scripts/lib/prometheus';
import { latencyBucketSeries, latencyQuantiles, topologyQueries, windowSeconds } from '../lib/telemetry/promql';
import { fmt, printTable, summarize } from './stats';
import { startCluster } from '../sim/cluster';
import { seedMeshes, startSyntheticCluster, startSyntheticMetrics } from './topology-synthetic';

// server/ modules import 'server-only', which throws outside a React server build: resolve it to
// an empty module, as vitest does.
const STUB = `data:text/javascript,${encodeURIComponent('export {};')}`;
register(`data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { return s === 'server-only' ? { url: ${JSON.stringify(STUB)}, shortCircuit: true } : n(s, c); }`)}`);

const SIZES = [10, 100, 1000];
const ITERATIONS = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 9;
// large enough for a 1,000-service /metrics (~30 MB of Istio-labelled text) on a busy machine
const SCRAPE_S = 10;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-topology-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  // the embedded cluster with the meshes' Services and Deployments in a child process: as with a
  // real API server, the cluster's side of a listing is not the console's time. --cluster-in-process
  // runs it in this process, as the bench did before (for comparing figures across that change)
  const cluster = process.argv.includes('--cluster-in-process') ? await inProcessCluster(kubeconfig) : await startSyntheticCluster(SIZES, kubeconfig);
  // one /metrics target per mesh (parallel, smaller scrapes), in another child process
  const metrics = await startSyntheticMetrics(SIZES);
  const targets = metrics.targets;
  const seriesCount = metrics.series.reduce((x, y) => x + y, 0);
  // a loaded machine can take Prometheus past startPrometheus' 20 s readiness wait: try again
  let prom: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  for (let attempt = 1; !prom; attempt++) {
    try {
      prom = await startPrometheus({ port: await freePort(), targets, scrapeIntervalS: SCRAPE_S, dataDir: path.join(dir, `prom-${attempt}`) });
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`Prometheus not ready (${(err as Error).message.split('\n')[0]}); retrying`);
    }
  }
  const cleanup = async () => {
    await metrics.stop();
    await prom.stop();
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => prom.process.kill('SIGKILL'));
  // stopped from outside: still run the exit handlers, which stop the child processes
  process.once('SIGTERM', () => process.exit(143));
  console.log(`synthetic series: ${seriesCount} counters, ${seriesCount * 22} histogram lines; Prometheus ${prom.url} scraping every ${SCRAPE_S} s`);
  try {
    if (process.argv.includes('--hold')) {
      // exploration: keep the stack up for hand-run queries
      console.log(`holding: PROM=${prom.url} KUBECONFIG=${kubeconfig}`);
      await new Promise((r) => process.once('SIGINT', r));
      return;
    }
    await measure(prom.url, kubeconfig);
  } finally {
    await cleanup();
  }
}

/** The embedded cluster with the meshes in this process. */
async function inProcessCluster(kubeconfig: string): Promise<{ stop(): Promise<void> }> {
  // with Istio's and Graylane's CRDs, as a real mesh has: the console's in-process controller waits for them
  const cluster = await startCluster({ apiPort: 0, kubeconfig });
  seedMeshes(cluster.store, SIZES);
  return { stop: () => cluster.stop() };
}

/**
 * The topology's queries before they were made cheaper: requests by seven labels, and p50/p95/p99
 * asked of Prometheus per edge and per version and Service (`or`-joined label_replace), which
 * evaluates the rate of every bucket series nine times. Kept to print the before/after figures.
 */
function previousQueries(ns: string, rangeS: number): string[] {
  const dest = `reporter="destination",destination_service_namespace="${ns}"`;
  const edge = ['source_workload', 'source_workload_namespace', 'source_canonical_revision', 'destination_service_name', 'destination_workload', 'destination_canonical_revision'];
  const w = `[${rangeS / 60}m]`;
  return [
    `sum by (${[...edge, 'response_code'].join(', ')}) (rate(istio_requests_total{${dest}}${w}))`,
    `sum by (source_workload, source_workload_namespace, source_canonical_revision, destination_service_name, response_code, response_flags) (rate(istio_requests_total{reporter="source",destination_service_namespace="${ns}",destination_workload="unknown"}${w}))`,
    latencyQuantiles(dest, edge, rangeS),
    `${latencyQuantiles(dest, ['destination_service_name', 'destination_canonical_revision'], rangeS)} or ${latencyQuantiles(dest, ['destination_service_name'], rangeS)}`,
  ];
}

async function measure(promUrl: string, kubeconfig: string): Promise<void> {
  const prom = { url: promUrl };
  process.env.KUBECONFIG = kubeconfig;
  process.env.GRAYLANE_PROMETHEUS_URL = prom.url;
  // a shared, busy machine must not turn a slow answer into a failed run
  process.env.GRAYLANE_PROMETHEUS_TIMEOUT_MS ??= '60000';
  // and a busy machine must not turn a slow cluster listing into a failed run either
  const { createKubeClients, setKubeClients } = await import('../server/kube/client');
  setKubeClients(createKubeClients({ timeoutMs: 60_000 }));
  // The console hosts the controller by default (instrumentation.ts), and the topology's inventory
  // then comes from its watch caches: started here the same way, so the API is timed as deployed.
  // --no-controller times the listing path (GRAYLANE_CONTROLLER=off, or a separate controller).
  if (!process.argv.includes('--no-controller')) {
    const { startController } = await import('../server/controller/index');
    const { soleLeader } = await import('../server/controller/leadership');
    const { inProcessController } = await import('../server/controller/in-process');
    const controller = startController({ kubeconfigPath: kubeconfig, leadership: soleLeader, log: (m) => process.env.BENCH_DEBUG && console.log(m) });
    await controller.ready;
    for (const until = Date.now() + 60_000; !inProcessController()?.namespaceWorkloads?.('bench-1000')?.services.length; ) {
      if (Date.now() > until) throw new Error('the in-process controller did not sync its caches within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    process.once('exit', () => void controller.stop());
    console.log('in-process controller synced: the inventory comes from its watch caches (--no-controller: from listings)');
  }
  const { GET } = await import('../app/api/projects/[ns]/topology/route');
  // Routes check the session (issue 7): a platform admin's, made through server/auth like a login.
  const { adminCookie } = await import('../test/support/session');
  // a busy machine can reset the first call on a kept-alive connection: one more try
  const cookie = await adminCookie().catch(() => adminCookie());

  // `boundsOf`: the series whose `le` values the route lists beside a bucket query narrowed to some buckets
  const issue = async (queries: string[], boundsOf?: string) => {
    const time = String(Date.now() / 1000);
    const bounds = boundsOf
      ? fetch(`${prom.url}/api/v1/label/le/values?${new URLSearchParams({ 'match[]': boundsOf, start: String(Number(time) - 60), end: time })}`).then((r) => r.json())
      : null;
    const res = await Promise.all(queries.map(async (query) => {
      const r = await fetch(`${prom.url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query, time }) });
      return (await r.json()) as { data: { result: unknown[] } };
    }));
    await bounds;
    return res[0]!.data.result.length;
  };
  // exactly the queries the route issues next (its bucket query sharded by the Services it listed last time)
  const { nextTopologyQueries } = await import('../server/telemetry/topology');
  const apiQueries = (ns: string) => {
    const q = nextTopologyQueries(ns, '1m', prom.url);
    return [...q.latencyBuckets, q.requests, q.unreached];
  };
  // the buckets the route asks for (lib/telemetry/latency-bounds.ts), with the label-values call beside
  const raw = (ns: string) => issue(apiQueries(ns), nextTopologyQueries(ns, '1m', prom.url).bucketFilter && latencyBucketSeries(ns));
  // the queries of every bucket, unsharded (one bucket query), and with the bucket query in 2 shards (+ the
  // complement; lib/telemetry/promql.ts MAX_SHARDS), for the effect of sharding in the same run
  const unsharded = (ns: string) => issue(Object.values(topologyQueries(ns, windowSeconds('1m'))).flat());
  const sharded2 = (ns: string) => {
    const q = nextTopologyQueries(ns, '1m', prom.url, { servicesPerShard: 1, maxShards: 2 });
    return issue([...q.latencyBuckets, q.requests, q.unreached]);
  };
  const previous = (ns: string) => issue(previousQueries(ns, windowSeconds('1m')));
  // the traffic page's first paint: the graph without latencies (latency=skip), and its two queries
  const rawGraph = (ns: string) => {
    const q = nextTopologyQueries(ns, '1m', prom.url);
    return issue([q.requests, q.unreached]);
  };
  // The server's time: until its answer is serialized (Response.json stringifies at once) and the
  // bytes are read; parsing them is the browser's work, so only the first call parses (to count
  // nodes and check the answer). Until stop 17 the timed calls parsed too (~5-10 ms at 1,000).
  const api = async (ns: string, latency?: 'skip', parse = false): Promise<number> => {
    const r = await GET(new Request(`http://console/api/projects/${ns}/topology?window=1m${latency ? `&latency=${latency}` : ''}`, { headers: { cookie } }), { params: Promise.resolve({ ns }) });
    if (r.status !== 200 || parse) {
      const body = (await r.json()) as { nodes?: unknown[]; error?: unknown };
      if (r.status !== 200) throw new Error(`topology ${ns}: ${r.status} ${JSON.stringify(body)}`);
      return body.nodes!.length;
    }
    return (await r.arrayBuffer()).byteLength;
  };

  // wait until every mesh has at least three scrapes in the window
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = await Promise.all(SIZES.map((n) => unsharded(`bench-${n}`)));
    if (counts.every((c) => c > 0)) {
      await new Promise((r) => setTimeout(r, 2 * SCRAPE_S * 1000));
      break;
    }
    if (Date.now() > deadline) throw new Error('Prometheus has no data after 120 s');
    await new Promise((r) => setTimeout(r, 1000));
  }

  // where the API's time beside the queries goes: the session check and the inventory (from the
  // controller's caches, or listed with --no-controller); both run beside the queries in the route,
  // timed here on their own, in the same loop
  const { loadInventory } = await import('../server/telemetry/inventory');
  const { authenticateCookie } = await import('../server/auth/authenticate');
  const rows: (string | number)[][] = [];
  const graphRows: (string | number)[][] = [];
  console.log(`load average before measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
  for (const n of SIZES) {
    const ns = `bench-${n}`;
    await raw(ns);
    const nodes = await api(ns, undefined, true);
    const rawMs: number[] = [];
    const apiMs: number[] = [];
    const prevMs: number[] = [];
    const unshardedMs: number[] = [];
    const sharded2Ms: number[] = [];
    const inventoryMs: number[] = [];
    const sessionMs: number[] = [];
    const rawGraphMs: number[] = [];
    const apiGraphMs: number[] = [];
    const shards = apiQueries(ns).length - 2;
    const lap = async (into: number[], work: () => Promise<unknown>) => {
      const t = performance.now();
      await work();
      into.push(performance.now() - t);
    };
    // the small meshes' queries take ~10 ms, where one Prometheus scrape landing in a lap moves the
    // p50: three times the iterations there (they are cheap)
    const iterations = n < 1000 ? 3 * ITERATIONS : ITERATIONS;
    // The API and its raw queries are timed as a pair, back to back (which goes first alternates),
    // and the ratio is the median of the pairs' ratios: both see the same moment of a machine
    // whose load drifts with Prometheus' scrapes of 30 MB; a ratio of two medians taken apart
    // moved by 0.3-0.7 between runs at the same code.
    const ratios: number[] = [];
    const graphRatios: number[] = [];
    const pair = async (i: number, rawInto: number[], rawWork: () => Promise<unknown>, apiInto: number[], apiWork: () => Promise<unknown>, into: number[]) => {
      if (i % 2 === 0) {
        await lap(rawInto, rawWork);
        await lap(apiInto, apiWork);
      } else {
        await lap(apiInto, apiWork);
        await lap(rawInto, rawWork);
      }
      into.push(apiInto.at(-1)! / rawInto.at(-1)!);
    };
    const laps: ((i: number) => Promise<unknown>)[] = [
      () => lap(unshardedMs, () => unsharded(ns)),
      () => lap(sharded2Ms, () => sharded2(ns)),
      (i) => pair(i, rawMs, () => raw(ns), apiMs, () => api(ns), ratios),
      (i) => pair(i, rawGraphMs, () => rawGraph(ns), apiGraphMs, () => api(ns, 'skip'), graphRatios),
      () => lap(sessionMs, () => authenticateCookie(cookie)),
      () => lap(inventoryMs, () => loadInventory(ns)),
    ];
    for (let i = 0; i < iterations; i++) {
      // interleaved so all see the same Prometheus load, and rotated so none always follows the
      // same one (at 10 services a lap after the old query set's large answers paid for its
      // garbage collection: the API measured 15.8 ms after the raw queries' 8.6, 9.4 alone)
      for (let j = 0; j < laps.length; j++) await laps[(i + j) % laps.length]!(i);
    }
    // the old query set after the others: at 1,000 services each lap is ~4 s of Prometheus work
    // whose aftermath (its garbage collection) landed in the next lap, whichever it was
    for (let i = 0; i < iterations; i++) await lap(prevMs, () => previous(ns));
    const r = summarize(rawMs);
    const a = summarize(apiMs);
    const p = summarize(prevMs);
    const u = summarize(unshardedMs);
    const s2 = summarize(sharded2Ms);
    console.log(`bench-${n}: session check p50 ${fmt(summarize(sessionMs).p50, 1)} ms, inventory (Services + versions) p50 ${fmt(summarize(inventoryMs).p50, 1)} ms`);
    const filter = nextTopologyQueries(ns, '1m', prom.url).bucketFilter;
    console.log(`bench-${n}: the API asks for ${filter ? `the buckets le=~"${filter.values.join('|')}"` : 'every bucket'}`);
    console.log(`bench-${n}: previous queries p50 ${fmt(p.p50, 1)} ms, every bucket ${fmt(u.p50, 1)} ms, 2 shards ${fmt(s2.p50, 1)} ms, raw (the API's ${shards} bucket ${shards > 1 ? 'queries' : 'query'}) p50 ${fmt(r.p50, 1)} ms, API p50 ${fmt(a.p50, 1)} ms`);
    const rg = summarize(rawGraphMs);
    const ag = summarize(apiGraphMs);
    graphRows.push([n, fmt(rg.p50, 1), fmt(ag.p50, 1), fmt(summarize(graphRatios).p50, 2), fmt(ag.p99, 1), fmt(a.p50, 1), ag.p50 < 500 || n < 1000 ? 'ok' : 'SLOW']);
    rows.push([n, nodes, fmt(p.p50, 1), fmt(u.p50, 1), fmt(s2.p50, 1), shards, fmt(r.p50, 1), fmt(a.p50, 1), fmt(summarize(ratios).p50, 2), fmt(p.p50 / a.p50, 1), fmt(a.p99, 1), a.p50 < 500 || n < 1000 ? 'ok' : 'SLOW']);
  }
  printTable(['services', 'nodes', 'previous queries p50 ms', 'every bucket, 1 query p50 ms', '2 shards + complement p50 ms', 'API bucket queries', 'raw PromQL (the API\'s) p50 ms', 'topology API p50 ms', 'API/raw (median of pairs)', 'previous/API', 'API p99 ms', '<500ms@1k'], rows);
  console.log('\nthe traffic page\'s first paint: the graph without latencies (latency=skip: requests and unreached requests, no bucket query); the full answer above follows with the p95 labels');
  printTable(['services', 'raw PromQL (its 2 queries) p50 ms', 'graph API p50 ms', 'graph API/raw (median of pairs)', 'graph API p99 ms', 'full API p50 ms (p95 labels)', 'graph <500ms@1k'], graphRows);
  console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
