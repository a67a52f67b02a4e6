/**
 * Browser render time of the traffic graph (issue 6 "the browser's time to render the graph"): the
 * production console (`next start`, needs a prior `next build`) against the embedded cluster and the
 * REAL Prometheus scraping synthetic meshes (bench/topology-synthetic.ts), loaded in Debian's
 * chromium. Times come from the page's own User Timing marks (lib/ui/telemetry-perf.ts), relative to
 * navigation start: the first topology answer arriving (the graph without latencies, latency=skip),
 * dagre's layout, the graph painted, and the full answer with the p95 labels arriving. The
 * baseline, measured in the same run, is the same page for an empty namespace (its "no traffic"
 * state), i.e. everything but the graph.
 *
 *   npx tsx bench/topology-render-bench.ts [--sizes 10,100,1000] [--iterations N] [--screenshots DIR]
 *
 * The layout runs dagre on the flat service-level graph (lib/ui/telemetry-layout.ts); the
 * compound layout it replaced took ~4 s at 100 services and ~132 s at 1,000 in this benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startCluster } from '../sim/cluster';
import { freePort } from '../scripts/lib/free-port';
import { startPrometheus, type PrometheusHandle } from '../scripts/lib/prometheus';
import { TOPOLOGY_MARKS } from '../lib/ui/telemetry-perf';
import { fmt, printTable, summarize } from './stats';
import { meshNamespace, seedMeshes, startSyntheticMetrics } from './topology-synthetic';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('--sizes') ?? '10,100,1000').split(',').map(Number);
const ITERATIONS = Number(arg('--iterations')) || 3;
/** where to save a screenshot of the traffic page per size (last load), if given */
const SHOTS = arg('--screenshots');
const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
// the page's own mark names (lib/ui/telemetry-perf.ts)
const MARKS = TOPOLOGY_MARKS;

async function waitFor<T>(what: string, timeoutMs: number, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface Sample {
  /** the HTML's last byte (server render included) */
  htmlEnd: number;
  /** the topology request sent (after hydration) and answered */
  apiStart: number;
  apiEnd: number;
  domContentLoaded: number;
  /** the longest main-thread task (Long Tasks API) from navigation until the graph was rendered */
  longestTask: number;
  data: number;
  layout: number;
  rendered: number;
  /** the full answer (with latencies) arrived */
  latency: number;
  nodes: number;
  edges: number;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npx next build` first (this benchmark starts `next start`)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-render-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, kubeconfig });
  seedMeshes(cluster.store, [0, ...SIZES], { 'istio-injection': 'enabled' });
  const metrics = await startSyntheticMetrics(SIZES);
  // a loaded machine can take Prometheus past startPrometheus' 20 s readiness wait: try again
  let prom: PrometheusHandle | undefined;
  for (let attempt = 1; !prom; attempt++) {
    try {
      prom = await startPrometheus({ port: await freePort(), targets: metrics.targets, scrapeIntervalS: 5, dataDir: path.join(dir, `prom-${attempt}`) });
    } catch (err) {
      if (attempt >= 3) {
        await metrics.stop();
        await cluster.stop();
        throw err;
      }
      console.log(`Prometheus not ready (${(err as Error).message.split('\n')[0]}); retrying`);
    }
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const consoleProc: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', KUBECONFIG: kubeconfig, GRAYLANE_DEMO: '1', GRAYLANE_CONTROLLER: 'off', GRAYLANE_PROMETHEUS_URL: prom.url, GRAYLANE_PROMETHEUS_TIMEOUT_MS: '60000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.once('exit', () => {
    consoleProc.kill('SIGKILL');
    prom.process.kill('SIGKILL');
  });
  const browser = await chromium.launch({ executablePath: process.env.GRAYLANE_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const cookie = await waitFor('console login', 90_000, async () => {
      const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      return res.ok ? res.headers.get('set-cookie')!.split(';')[0] : undefined;
    });
    const [name, ...rest] = cookie.split('=');
    console.log(`console ${url}, Prometheus ${prom.url} (synthetic series per mesh: ${metrics.series.join(', ')})`);
    for (const n of SIZES) {
      await waitFor(`traffic of ${meshNamespace(n)} in Prometheus`, 180_000, async () => {
        const res = await fetch(`${url}/api/projects/${meshNamespace(n)}/topology?window=1m`, { headers: { cookie } });
        const body = (await res.json()) as { edges?: { traffic: { requestRate: number } }[] };
        return (body.edges ?? []).filter((e) => e.traffic.requestRate > 0).length >= n ? true : undefined;
      });
    }

    const load = async (ns: string, mark: string, shot?: string): Promise<Sample> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name: name!, value: rest.join('='), url }]);
      // long tasks of the main thread, from the start (the observer must exist before they happen)
      // (a string: tsx would wrap a function's inner functions in its `__name` helper, missing in the page)
      await context.addInitScript({
        content: `window.__longTasks = [];
          new PerformanceObserver(function (list) {
            for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
          }).observe({ type: 'longtask', buffered: true });`,
      });
      const page = await context.newPage();
      try {
        await page.goto(`${url}/projects/${ns}/traffic?window=1m`, { timeout: 180_000 });
        await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 600_000, polling: 100 });
        // the first paint, before the p95 labels (at 1,000 services they read "p95 …" here)
        if (shot) await page.screenshot({ path: shot });
        // and the p95 labels: the full answer after the quick graph
        await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, MARKS.latency, { timeout: 600_000, polling: 100 });
        // a plain function body: tsx names inner arrow functions with a `__name` helper that does
        // not exist in the page
        const read = new Function('m', `
          const first = (name) => performance.getEntriesByName(name)[0];
          const nav = performance.getEntriesByType('navigation')[0];
          const rendered = first(m.rendered);
          const until = rendered?.startTime ?? first(m.data)?.startTime ?? Infinity;
          const tasks = window.__longTasks.filter((t) => t.start < until).map((t) => t.end - t.start);
          const api = performance.getEntriesByType('resource').find((r) => r.name.includes('/topology?'));
          return {
            htmlEnd: nav.responseEnd,
            apiStart: api?.startTime ?? NaN,
            apiEnd: api?.responseEnd ?? NaN,
            domContentLoaded: nav.domContentLoadedEventEnd,
            longestTask: tasks.length ? Math.max(...tasks) : 0,
            data: first(m.data)?.startTime ?? NaN,
            layout: first(m.layout)?.duration ?? NaN,
            rendered: rendered?.startTime ?? NaN,
            latency: first(m.latency)?.startTime ?? NaN,
            nodes: rendered?.detail?.nodes ?? 0,
            edges: rendered?.detail?.edges ?? 0,
          };`) as (m: typeof MARKS) => Sample;
        const sample = await page.evaluate(read, MARKS);
        if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-latencies.png') });
        return sample;
      } finally {
        await context.close();
      }
    };

    // warm the server's route and the browser's cache once
    await load(meshNamespace(0), MARKS.data);
    const base: Sample[] = [];
    const bySize = new Map<number, Sample[]>(SIZES.map((n) => [n, []]));
    for (let i = 0; i < ITERATIONS; i++) {
      // interleaved, so every size sees the same machine load
      base.push(await load(meshNamespace(0), MARKS.data));
      for (const n of SIZES) bySize.get(n)!.push(await load(meshNamespace(n), MARKS.rendered, SHOTS && i === ITERATIONS - 1 ? path.join(SHOTS, `traffic-${n}-services.png`) : undefined));
    }
    const p50 = (xs: number[]) => summarize(xs).p50;
    const baseline = p50(base.map((s) => s.data));
    const f = (xs: Sample[], k: keyof Sample) => fmt(p50(xs.map((x) => x[k])), 0);
    const rows: (string | number)[][] = [['0 (baseline: empty state)', 0, 0, f(base, 'htmlEnd'), f(base, 'domContentLoaded'), f(base, 'apiStart'), f(base, 'apiEnd'), fmt(baseline, 0), '-', fmt(baseline, 0), '-', f(base, 'latency'), fmt(p50(base.map((s) => s.longestTask)), 0)]];
    for (const n of SIZES) {
      const s = bySize.get(n)!;
      const rendered = p50(s.map((x) => x.rendered));
      rows.push([n, s[0]!.nodes, s[0]!.edges, f(s, 'htmlEnd'), f(s, 'domContentLoaded'), f(s, 'apiStart'), f(s, 'apiEnd'), fmt(p50(s.map((x) => x.data)), 0), fmt(p50(s.map((x) => x.layout)), 0), fmt(rendered, 0), fmt(rendered - baseline, 0), f(s, 'latency'), fmt(p50(s.map((x) => x.longestTask)), 0)]);
    }
    console.log(`\nbrowser time to the traffic graph, p50 of ${ITERATIONS} loads, ms from navigation start (chromium, 1280x800)`);
    printTable(['services', 'graph nodes', 'edges', 'HTML received', 'DOMContentLoaded', 'first topology request sent', 'answered', 'first topology data', 'layout (worker)', 'graph rendered', 'rendered - baseline', 'p95 labels (full answer)', 'longest main-thread task'], rows);
    console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
  } finally {
    await browser.close();
    consoleProc.kill('SIGTERM');
    await metrics.stop();
    await prom.stop();
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
