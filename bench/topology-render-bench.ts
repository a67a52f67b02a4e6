/**
 * Browser render time of the traffic graph (issue 6 "the browser's time to render the graph"): the
 * production console (`next start`, needs a prior `next build`) against the embedded cluster and the
 * REAL Prometheus scraping synthetic meshes (bench/topology-synthetic.ts), loaded in Debian's
 * chromium. Times come from the page's own User Timing marks (lib/ui/telemetry-perf.ts), relative to
 * navigation start: the topology answer arriving, dagre's layout, and the graph painted. The
 * baseline, measured in the same run, is the same page for an empty namespace (its "no traffic"
 * state), i.e. everything but the graph.
 *
 *   npx tsx bench/topology-render-bench.ts [--sizes 10,100,1000] [--iterations N]
 *
 * The layout runs dagre on the flat service-level graph (lib/ui/telemetry-layout.ts); the
 * compound layout it replaced took ~4 s at 100 services and ~132 s at 1,000 in this benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startCluster } from '../sim/cluster';
import { startPrometheus } from '../scripts/lib/prometheus';
import { fmt, printTable, summarize } from './stats';
import { inventoryObjects, meshNamespace, startSyntheticMetrics } from './topology-synthetic';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('--sizes') ?? '10,100,1000').split(',').map(Number);
const ITERATIONS = Number(arg('--iterations')) || 3;
const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
const MARKS = { data: 'graylane:topology-data', layout: 'graylane:topology-layout', rendered: 'graylane:topology-rendered' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

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
  domContentLoaded: number;
  data: number;
  layout: number;
  rendered: number;
  nodes: number;
  edges: number;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npx next build` first (this benchmark starts `next start`)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-render-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, kubeconfig });
  for (const n of [0, ...SIZES]) {
    const ns = meshNamespace(n);
    cluster.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } });
    const inv = inventoryObjects(ns, n);
    for (const s of inv.services) cluster.store.create('services', s);
    for (const d of inv.deployments) cluster.store.create('apps/deployments', d);
  }
  const metrics = await startSyntheticMetrics(SIZES);
  const prom = await startPrometheus({ port: await freePort(), targets: metrics.targets, scrapeIntervalS: 5, dataDir: path.join(dir, 'prom') });
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

    const load = async (ns: string, mark: string): Promise<Sample> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name: name!, value: rest.join('='), url }]);
      const page = await context.newPage();
      try {
        await page.goto(`${url}/projects/${ns}/traffic?window=1m`, { timeout: 180_000 });
        await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 600_000, polling: 100 });
        // a plain function body: tsx names inner arrow functions with a `__name` helper that does
        // not exist in the page
        const read = new Function('m', `
          const first = (name) => performance.getEntriesByName(name)[0];
          const nav = performance.getEntriesByType('navigation')[0];
          const rendered = first(m.rendered);
          return {
            domContentLoaded: nav.domContentLoadedEventEnd,
            data: first(m.data)?.startTime ?? NaN,
            layout: first(m.layout)?.duration ?? NaN,
            rendered: rendered?.startTime ?? NaN,
            nodes: rendered?.detail?.nodes ?? 0,
            edges: rendered?.detail?.edges ?? 0,
          };`) as (m: typeof MARKS) => Sample;
        return await page.evaluate(read, MARKS);
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
      for (const n of SIZES) bySize.get(n)!.push(await load(meshNamespace(n), MARKS.rendered));
    }
    const p50 = (xs: number[]) => summarize(xs).p50;
    const baseline = p50(base.map((s) => s.data));
    const rows: (string | number)[][] = [['0 (baseline: empty state)', 0, 0, fmt(p50(base.map((s) => s.domContentLoaded)), 0), fmt(baseline, 0), '-', fmt(baseline, 0), '-']];
    for (const n of SIZES) {
      const s = bySize.get(n)!;
      const rendered = p50(s.map((x) => x.rendered));
      rows.push([n, s[0]!.nodes, s[0]!.edges, fmt(p50(s.map((x) => x.domContentLoaded)), 0), fmt(p50(s.map((x) => x.data)), 0), fmt(p50(s.map((x) => x.layout)), 0), fmt(rendered, 0), fmt(rendered - baseline, 0)]);
    }
    console.log(`\nbrowser time to the traffic graph, p50 of ${ITERATIONS} loads, ms from navigation start (chromium, 1280x800)`);
    printTable(['services', 'graph nodes', 'edges', 'DOMContentLoaded', 'topology data', 'dagre layout', 'graph rendered', 'rendered - baseline'], rows);
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
