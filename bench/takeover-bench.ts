/**
 * Take-over latency: from the write of a job's `spec.takeOver` (a merge patch, as the REST API does)
 * to (a) the VirtualService being updated (seen on a watch) and (b) 100% of ingress traffic reaching
 * the new version, p50/p99 over 50 toggles (take over v2 / clear), next to a direct merge patch of
 * the VirtualService (what `kubectl patch` sends) measured in the same run, as a ratio.
 *
 * The controller imports `server-only`, which only resolves to its empty module under the
 * `react-server` condition: when started plainly (`npx tsx bench/takeover-bench.ts`, `npm run bench`)
 * the file re-runs itself with that condition.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, printTable, summarize } from './stats';

const RUNS = Number(process.env.TAKEOVER_BENCH_RUNS ?? 50);
const NS = 'bench';
const JOB = 'canary-release';

if (!process.env.GRAYLANE_BENCH_CHILD) {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, GRAYLANE_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
} else {
  await main();
}

function startControllerProcess(kubeconfig: string): { child: ChildProcess; ready: Promise<void> } {
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server', 'controller', 'main.ts');
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', main], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/\] ready/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`controller exited with ${code}: ${out}`)));
  });
  return { child, ready };
}

interface VsEvent {
  at: number;
  subsets: string[];
}

async function main(): Promise<void> {
  const { startCluster } = await import('../sim/cluster');
  const { createKubeClients } = await import('../server/kube/client');
  const { deploySampleApplication } = await import('../server/applications/deploy-sample');
  const { createKubeRest, MERGE_PATCH } = await import('../server/controller/rest');
  const { Watch } = await import('@kubernetes/client-node');

  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 100 });
  const clients = createKubeClients({ kubeconfigPath: kubeconfig });
  const rest = createKubeRest(clients.kubeConfig);
  // The controller runs as its own process (`npm run controller`), as it would beside a real API
  // server: sharing this process's event loop with the embedded API server and the observer would
  // charge its CPU time to the direct patch too.
  const controller = startControllerProcess(kubeconfig);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const jobPath = `/apis/graylane.io/v1alpha1/namespaces/${NS}/grayscalereleases`;
  const vsPath = `/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices`;
  type Job = { status?: { phase?: string; versions?: { version: string; weight?: number }[] } };
  type Route = { name?: string; route?: { destination: { subset?: string } }[] };
  type Vs = { spec: { http: Route[] } };

  try {
    await controller.ready;
    await clients.core.createNamespace({ body: { metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } } });
    await deploySampleApplication(NS, { clients });
    await rest.request({
      method: 'POST',
      path: jobPath,
      body: {
        apiVersion: 'graylane.io/v1alpha1',
        kind: 'GrayscaleRelease',
        metadata: { name: JOB },
        spec: {
          strategy: 'Canary',
          service: 'reviews',
          baseline: { version: 'v1' },
          candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
          traffic: { candidateWeight: 0 },
        },
      },
    });
    for (;;) {
      const job = await rest.request<Job>({ method: 'GET', path: `${jobPath}/${JOB}` });
      if (job.status?.phase === 'Progressing') break;
      await sleep(50);
    }

    // The observer: a watch on the namespace's VirtualServices, time-stamping each change.
    const events: VsEvent[] = [];
    const subsetsOf = (vs: Vs) => [...new Set((vs.spec.http ?? []).filter((r) => r.name?.startsWith(`graylane-${JOB}-`)).flatMap((r) => (r.route ?? []).map((d) => d.destination.subset ?? '')))];
    const watcher = await new Watch(clients.kubeConfig).watch(vsPath, {}, (type: string, obj: Vs & { metadata: { name: string } }) => {
      if (obj.metadata?.name === 'reviews' && type !== 'DELETED') events.push({ at: performance.now(), subsets: subsetsOf(obj) });
    }, () => undefined);
    await sleep(200);

    const waitVs = async (since: number, subset: string): Promise<number> => {
      const deadline = performance.now() + 10_000;
      for (;;) {
        const e = events.find((x) => x.at >= since && x.subsets.length === 1 && x.subsets[0] === subset);
        if (e) return e.at;
        if (performance.now() > deadline) throw new Error(`VirtualService never routed all to ${subset}`);
        await sleep(0.5);
      }
    };
    /** First moment from which 5 consecutive productpage loads all show the version. */
    const waitTraffic = async (stars: string): Promise<number> => {
      const deadline = performance.now() + 10_000;
      let streakStart = 0;
      let streak = 0;
      while (streak < 5) {
        if (performance.now() > deadline) throw new Error(`traffic never reached ${stars}`);
        const sent = performance.now();
        const body = await (await fetch(`${cluster.ingressUrl}/productpage`)).text();
        if (body.includes(`data-stars="${stars}"`)) {
          if (streak === 0) streakStart = sent;
          streak++;
        } else streak = 0;
      }
      return streakStart;
    };
    const baseVs = await rest.request<Vs & { metadata: unknown }>({ method: 'GET', path: `${vsPath}/reviews` });
    const routesTo = (subset: string) => baseVs.spec.http.map((r) => (r.name?.startsWith(`graylane-${JOB}-`) ? { ...r, route: [{ destination: { ...r.route![0].destination, subset } }] } : r));

    const results = { controller: { vs: [] as number[], traffic: [] as number[] }, direct: { vs: [] as number[], traffic: [] as number[] } };
    const writeRtt = { job: [] as number[], vs: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const toV2 = i % 2 === 0;
      const subset = toV2 ? 'v2' : 'v1';
      const stars = toV2 ? 'black' : 'none';

      let t0 = performance.now();
      await rest.request({ method: 'PATCH', path: `${jobPath}/${JOB}`, body: { spec: { takeOver: toV2 ? 'v2' : '' } }, contentType: MERGE_PATCH });
      writeRtt.job.push(performance.now() - t0);
      results.controller.vs.push((await waitVs(t0, subset)) - t0);
      results.controller.traffic.push((await waitTraffic(stars)) - t0);
      await sleep(50);

      // Direct: the same change written straight into the VirtualService, then put back as the job has it.
      t0 = performance.now();
      await rest.request({ method: 'PATCH', path: `${vsPath}/reviews`, body: { spec: { http: routesTo(toV2 ? 'v1' : 'v2') } }, contentType: MERGE_PATCH });
      writeRtt.vs.push(performance.now() - t0);
      results.direct.vs.push((await waitVs(t0, toV2 ? 'v1' : 'v2')) - t0);
      results.direct.traffic.push((await waitTraffic(toV2 ? 'none' : 'black')) - t0);
      await rest.request({ method: 'PATCH', path: `${vsPath}/reviews`, body: { spec: { http: routesTo(subset) } }, contentType: MERGE_PATCH });
      await waitVs(performance.now() - 1000, subset);
      await sleep(50);
    }
    watcher.abort();

    const rows: (string | number)[][] = [];
    const c = { vs: summarize(results.controller.vs), traffic: summarize(results.controller.traffic) };
    const d = { vs: summarize(results.direct.vs), traffic: summarize(results.direct.traffic) };
    rows.push(['take over via job → VirtualService updated', RUNS, fmt(c.vs.p50), fmt(c.vs.p99), fmt(d.vs.p50), fmt(d.vs.p99), `${fmt(c.vs.p50 / d.vs.p50)}x`, `${fmt(c.vs.p99 / d.vs.p99)}x`]);
    rows.push(['take over via job → 100% ingress traffic', RUNS, fmt(c.traffic.p50), fmt(c.traffic.p99), fmt(d.traffic.p50), fmt(d.traffic.p99), `${fmt(c.traffic.p50 / d.traffic.p50)}x`, `${fmt(c.traffic.p99 / d.traffic.p99)}x`]);
    console.log(`\nTake-over latency (ms), ${RUNS} toggles (take over v2 / clear), direct = merge patch of the VirtualService in the same run`);
    printTable(['measure', 'runs', 'job p50', 'job p99', 'direct p50', 'direct p99', 'ratio p50', 'ratio p99'], rows);
    console.log(`\nwrite round trips p50: job merge patch ${fmt(summarize(writeRtt.job).p50)} ms, VirtualService merge patch ${fmt(summarize(writeRtt.vs).p50)} ms; the job path is two writes and two watch deliveries, the direct one is one of each`);
    const pass = c.traffic.p50 < 300 && c.vs.p50 / d.vs.p50 < 1.5;
    console.log(`\ntargets: p50 to full traffic < 300 ms (${fmt(c.traffic.p50)} ms), VirtualService p50 ratio < 1.5x (${fmt(c.vs.p50 / d.vs.p50)}x): ${pass ? 'met' : 'NOT met'}`);
  } finally {
    controller.child.kill('SIGTERM');
    await new Promise((r) => controller.child.once('exit', r));
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
