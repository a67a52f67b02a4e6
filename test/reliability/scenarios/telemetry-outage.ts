/**
 * Scenario 5 (issue 8), telemetry backends down: Prometheus is stopped under steady load, then the
 * trace backend (the Jaeger query API; `setTracesDown`, a test control of the embedded cluster).
 * - While it is down, the topology and metrics APIs answer quickly (no hang) with 503
 *   `metrics_unavailable` naming the Prometheus URL; everything else keeps working: services,
 *   applications and release jobs list, traces (Jaeger is a separate backend) list and open, and
 *   the mesh keeps serving the load with no failed request.
 * - Once Prometheus is back on the same address, the same panels recover on their own (no console
 *   restart): the topology shows traffic again and the metrics API answers 200.
 * - While Jaeger is down, the traces APIs answer quickly with 503 `tracing_unavailable` naming
 *   Jaeger's address; topology, metrics and the rest keep working; once it is back the traces list
 *   and a trace's detail answer again, with no console restart.
 * Jaeger down in a browser (tracing says so, the rest works) is proven by e2e/telemetry-edges.spec.ts,
 * which runs its own console with a Jaeger URL that refuses connections.
 */
import type { ApiSession, Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';

/** an answer slower than this while Prometheus is down counts as hanging */
const HANG_MS = 10_000;
/** how long the panels may take to recover once Prometheus is back */
const RECOVER_MS = 90_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Timed {
  status: number;
  body: unknown;
  ms: number;
}

async function timed(api: ApiSession, method: string, p: string): Promise<Timed> {
  const t = Date.now();
  try {
    return { ...(await api.request(method, p)), ms: Date.now() - t };
  } catch (err) {
    return { status: 0, body: (err as Error).message, ms: Date.now() - t };
  }
}

/** One figure for many recoveries (soak mode): the value, or the median and the slowest. */
function spread(ms: number[]): string {
  if (ms.length === 0) return 'n/a';
  const s = [...ms].sort((a, b) => a - b).map((m) => (m / 1000).toFixed(1));
  return s.length === 1 ? s[0] : `median ${s[Math.floor(s.length / 2)]}, max ${s[s.length - 1]}`;
}

const text = (r: Timed) => JSON.stringify(r.body).slice(0, 300);

interface TopologyBody {
  nodes?: { kind: string; service?: string; traffic: { requestRate: number } }[];
}

/** Whether the topology shows productpage serving requests. */
function hasTraffic(r: Timed): boolean {
  const nodes = (r.body as TopologyBody).nodes ?? [];
  return r.status === 200 && nodes.some((n) => n.kind === 'version' && n.service === 'productpage' && n.traffic.requestRate > 0);
}

async function waitFor(what: string, read: () => Promise<Timed>, ok: (r: Timed) => boolean, timeoutMs: number): Promise<{ ms: number; last: Timed }> {
  const t0 = Date.now();
  for (;;) {
    const last = await read();
    if (ok(last)) return { ms: Date.now() - t0, last };
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s (last answer ${last.status}: ${text(last)})`);
    await sleep(1000);
  }
}

/** One outage: stop Prometheus, check every surface, start it again, wait for recovery. */
async function outage(stack: Stack, api: ApiSession, opts: ScenarioOptions, failures: string[], figures: { slowestDownMs: number; otherCalls: number; otherOk: number; recoverMs: number[] }): Promise<void> {
  const ns = stack.namespace;
  const base = `/api/projects/${ns}`;
  const promUrl = stack.prometheusUrl!;

  await stack.stopPrometheus();
  opts.log('Prometheus stopped');
  try {
    for (const p of [`${base}/topology?app=bookinfo&window=1m`, `${base}/metrics?service=reviews&window=5m`]) {
      const r = await timed(api, 'GET', p);
      figures.slowestDownMs = Math.max(figures.slowestDownMs, r.ms);
      const err = (r.body as { error?: { code?: string; message?: string } }).error;
      if (r.ms > HANG_MS) failures.push(`GET ${p} with Prometheus down took ${(r.ms / 1000).toFixed(1)} s`);
      if (r.status !== 503 || err?.code !== 'metrics_unavailable') failures.push(`GET ${p} with Prometheus down answered ${r.status}, expected 503 metrics_unavailable: ${text(r)}`);
      else if (!err.message?.includes(new URL(promUrl).host)) failures.push(`GET ${p}: the message does not name Prometheus' address ${promUrl}: ${err.message}`);
    }
    // The rest of the console does not depend on Prometheus.
    const traces = await timed(api, 'GET', `${base}/traces?service=productpage&limit=5`);
    const others: [string, Timed][] = [
      ['healthz', await timed(api, 'GET', '/api/healthz')],
      ['services', await timed(api, 'GET', `${base}/services`)],
      ['applications', await timed(api, 'GET', `${base}/applications`)],
      ['releases', await timed(api, 'GET', `${base}/releases`)],
      ['traces', traces],
    ];
    const first = ((traces.body as { items?: { traceId: string }[] }).items ?? [])[0];
    if (first) others.push(['trace detail', await timed(api, 'GET', `${base}/traces/${first.traceId}`)]);
    else failures.push(`no trace of productpage to open while Prometheus is down: ${text(traces)}`);
    for (const [what, r] of others) {
      figures.otherCalls++;
      if (r.status === 200) figures.otherOk++;
      else failures.push(`GET ${what} with Prometheus down answered ${r.status}: ${text(r)}`);
    }
  } finally {
    await stack.startPrometheus();
    opts.log('Prometheus started again');
  }
  // Same address, same data directory: the console needs no restart, only fresh scrapes.
  const { ms } = await waitFor('topology with traffic after Prometheus returned', () => timed(api, 'GET', `${base}/topology?app=bookinfo&window=1m`), hasTraffic, RECOVER_MS);
  figures.recoverMs.push(ms);
  const metrics = await timed(api, 'GET', `${base}/metrics?service=reviews&window=5m`);
  if (metrics.status !== 200) failures.push(`GET metrics after recovery answered ${metrics.status}: ${text(metrics)}`);
  opts.log(`panels recovered ${(ms / 1000).toFixed(1)} s after Prometheus returned`);
}

interface TraceList {
  items?: { traceId: string }[];
}

/** One trace backend outage: Jaeger API down, check every surface, bring it back, wait for recovery. */
async function traceOutage(stack: Stack, api: ApiSession, opts: ScenarioOptions, failures: string[], figures: { slowestDownMs: number; otherCalls: number; otherOk: number; recoverMs: number[] }): Promise<void> {
  const base = `/api/projects/${stack.namespace}`;
  const tracesPath = `${base}/traces?service=productpage&limit=5`;
  // A trace id known before the outage, to open its detail while down and after.
  const known = ((await timed(api, 'GET', tracesPath)).body as TraceList).items?.[0]?.traceId;
  if (!known) failures.push('no trace of productpage before the trace backend went down');
  stack.controls.setTracesDown(true);
  opts.log('trace backend (Jaeger API) down');
  try {
    for (const p of [tracesPath, ...(known ? [`${base}/traces/${known}`] : [])]) {
      const r = await timed(api, 'GET', p);
      figures.slowestDownMs = Math.max(figures.slowestDownMs, r.ms);
      const err = (r.body as { error?: { code?: string; message?: string } }).error;
      if (r.ms > HANG_MS) failures.push(`GET ${p} with Jaeger down took ${(r.ms / 1000).toFixed(1)} s`);
      if (r.status !== 503 || err?.code !== 'tracing_unavailable') failures.push(`GET ${p} with Jaeger down answered ${r.status}, expected 503 tracing_unavailable: ${text(r)}`);
      else if (!err.message?.includes(new URL(stack.telemetryUrl).host)) failures.push(`GET ${p}: the message does not name Jaeger's address ${stack.telemetryUrl}: ${err.message}`);
    }
    // Metrics come from Prometheus, not from the trace backend: the panels keep working.
    const others: [string, Timed][] = [
      ['topology', await timed(api, 'GET', `${base}/topology?app=bookinfo&window=1m`)],
      ['metrics', await timed(api, 'GET', `${base}/metrics?service=reviews&window=5m`)],
      ['services', await timed(api, 'GET', `${base}/services`)],
      ['releases', await timed(api, 'GET', `${base}/releases`)],
    ];
    for (const [what, r] of others) {
      figures.otherCalls++;
      if (r.status === 200) figures.otherOk++;
      else failures.push(`GET ${what} with Jaeger down answered ${r.status}: ${text(r)}`);
    }
  } finally {
    stack.controls.setTracesDown(false);
    opts.log('trace backend up again');
  }
  const { ms } = await waitFor('traces list after Jaeger returned', () => timed(api, 'GET', tracesPath), (r) => r.status === 200 && ((r.body as TraceList).items ?? []).length > 0, RECOVER_MS);
  figures.recoverMs.push(ms);
  if (known) {
    const detail = await timed(api, 'GET', `${base}/traces/${known}`);
    if (detail.status !== 200) failures.push(`GET trace ${known} after recovery answered ${detail.status}: ${text(detail)}`);
  }
  opts.log(`traces recovered ${(ms / 1000).toFixed(1)} s after Jaeger returned`);
}

async function run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
  const failures: string[] = [];
  if (!stack.prometheusUrl) {
    // fail, never skip: the scenario is about Prometheus
    return { figures: {}, failures: ['Prometheus is not installed (/usr/bin/prometheus): install it with `sudo apt-get install --no-install-recommends prometheus`'] };
  }
  const api = await stack.login('project-viewer');
  const base = `/api/projects/${stack.namespace}`;
  const load = stack.startLoad(10);
  const figures = { slowestDownMs: 0, otherCalls: 0, otherOk: 0, recoverMs: [] as number[] };
  const jaeger = { slowestDownMs: 0, otherCalls: 0, otherOk: 0, recoverMs: [] as number[] };
  let outages = 0;
  let traceOutages = 0;
  try {
    // Up first: the panels work before anything is broken.
    const before = await waitFor('topology with traffic before the outage', () => timed(api, 'GET', `${base}/topology?app=bookinfo&window=1m`), hasTraffic, RECOVER_MS);
    opts.log(`topology shows traffic (${before.last.ms} ms answer)`);
    const deadline = Date.now() + (opts.soak ? opts.soakMs : 0);
    do {
      await outage(stack, api, opts, failures, figures);
      outages++;
      await traceOutage(stack, api, opts, failures, jaeger);
      traceOutages++;
    } while (Date.now() < deadline && failures.length === 0);
  } catch (err) {
    failures.push((err as Error).message);
  } finally {
    // whatever happened, leave Prometheus and Jaeger running for the next scenario
    stack.controls.setTracesDown(false);
    await stack.startPrometheus().catch((err: unknown) => failures.push(`Prometheus did not start again: ${(err as Error).message}`));
  }
  const l = await load.stop();
  if (l.non2xx > 0) failures.push(`${l.non2xx} of ${l.sent} ingress requests failed during the scenario (${l.samples.slice(0, 3).join('; ')})`);
  return {
    figures: {
      outages,
      'slowest answer while down ms': figures.slowestDownMs,
      'other API calls ok while down': `${figures.otherOk}/${figures.otherCalls}`,
      'recovered after s': spread(figures.recoverMs),
      'Jaeger outages': traceOutages,
      'slowest answer while Jaeger down ms': jaeger.slowestDownMs,
      'other API calls ok while Jaeger down': `${jaeger.otherOk}/${jaeger.otherCalls}`,
      'traces recovered after s': spread(jaeger.recoverMs),
      'ingress requests': l.sent,
      'non-2xx': l.non2xx,
    },
    failures,
  };
}

/** Scenario 5: Prometheus down and back, then Jaeger; the rest of the console keeps working, panels recover. */
export const telemetryOutage: Scenario = {
  id: 'telemetry-outage',
  title: 'Prometheus, then the trace backend down: the rest of the console keeps working; panels recover when they return',
  run,
};
