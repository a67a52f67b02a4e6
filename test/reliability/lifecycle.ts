/**
 * Shared by the lifecycle-under-load and crash-anywhere scenarios: a release job's full lifecycle
 * through the console's REST API (create, 5 traffic changes, take over, restore, take over, Job
 * Offline), convergence checks read straight from the Kubernetes API, the end-state audit (no
 * orphaned Deployments or subsets), and the mesh's own count of failed hops.
 */
import type { ApiSession, Stack } from './types';

export type Strategy = 'Canary' | 'BlueGreen' | 'Mirror';

/** One service's release plan: which strategy, and how a candidate version's images are set. */
export interface ServicePlan {
  service: string;
  strategy: Strategy;
  /** container images for a candidate version (none: the baseline's image is kept) */
  images?(version: string): Record<string, string>;
}

/** The three Bookinfo services released concurrently, one strategy each. */
export const PLANS: ServicePlan[] = [
  { service: 'reviews', strategy: 'Canary', images: (v) => ({ reviews: `registry.istio.io/release/examples-bookinfo-reviews-${v}:1.20.3` }) },
  { service: 'ratings', strategy: 'BlueGreen' },
  { service: 'details', strategy: 'Mirror' },
];

/** Traffic settings of the 5 changes per strategy (BlueGreen can only flip between 0 and 100). */
const TRAFFIC_STEPS: Record<Strategy, Array<Record<string, number>>> = {
  Canary: [10, 30, 50, 70, 90].map((w) => ({ candidateWeight: w })),
  BlueGreen: [100, 0, 100, 0, 100].map((w) => ({ candidateWeight: w })),
  Mirror: [20, 40, 60, 80, 100].map((p) => ({ mirrorPercent: p })),
};

interface Condition {
  type: string;
  status: string;
  observedGeneration?: number;
}
/** The parts of a GrayscaleRelease the checks read. */
export interface JobObject {
  metadata: { name: string; generation?: number; finalizers?: string[]; deletionTimestamp?: string };
  spec: { service: string; baseline: { version: string }; candidate: { version: string }; takeOver?: string; offline?: boolean };
  status?: { phase?: string; observedGeneration?: number; conditions?: Condition[]; keptVersion?: string; message?: string };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The namespace's jobs as a watch keeps them (list, then watch; re-listed whenever the stream ends,
 * e.g. in an API outage). Waiting on it reacts to each change at once, without polling the API.
 */
function jobWatch(apiUrl: string, ns: string) {
  const path = `/apis/graylane.io/v1alpha1/namespaces/${ns}/grayscalereleases`;
  const headers = { authorization: 'Bearer graylane-sim-token' };
  const latest = new Map<string, JobObject>();
  let waiters: Array<() => void> = [];
  const notify = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const abort = new AbortController();
  let connected = false;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const list = (await (await fetch(apiUrl + path, { headers, signal: abort.signal })).json()) as { items: JobObject[]; metadata: { resourceVersion: string } };
        latest.clear();
        for (const j of list.items) latest.set(j.metadata.name, j);
        connected = true;
        notify();
        const res = await fetch(`${apiUrl}${path}?watch=true&resourceVersion=${list.metadata.resourceVersion}`, { headers, signal: abort.signal });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            const ev = JSON.parse(buf.slice(0, i)) as { type: string; object: JobObject };
            buf = buf.slice(i + 1);
            if (ev.type === 'ADDED' || ev.type === 'MODIFIED') latest.set(ev.object.metadata.name, ev.object);
            else if (ev.type === 'DELETED') latest.delete(ev.object.metadata.name);
          }
          notify();
        }
      } catch {
        // API down (outage scenarios) or stopping: re-list after a pause
      }
      connected = false;
      if (!abort.signal.aborted) await sleep(300);
    }
  };
  void loop();
  return {
    get: (name: string) => (connected ? latest.get(name) : undefined),
    /** resolves at the next change, or after `ms` at the latest */
    changed: (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        waiters.push(() => (clearTimeout(t), resolve()));
      }),
    stop: () => {
      abort.abort();
      notify();
    },
  };
}

/** Minimal reads of the Kubernetes API (the embedded cluster; same paths as a real one). */
export function kubeReader(stack: Pick<Stack, 'apiUrl'>) {
  const get = async <T>(p: string): Promise<T | undefined> => {
    const r = await fetch(stack.apiUrl + p, { headers: { authorization: 'Bearer graylane-sim-token' }, signal: AbortSignal.timeout(15_000) });
    if (r.status === 404) return undefined;
    if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const watches = new Map<string, ReturnType<typeof jobWatch>>();
  return {
    get,
    /** the namespace's job watch (started on first use; `close()` ends it) */
    watch(ns: string) {
      let w = watches.get(ns);
      if (!w) watches.set(ns, (w = jobWatch(stack.apiUrl, ns)));
      return w;
    },
    close() {
      for (const w of watches.values()) w.stop();
      watches.clear();
    },
    job: (ns: string, name: string) => get<JobObject>(`/apis/graylane.io/v1alpha1/namespaces/${ns}/grayscalereleases/${name}`),
    jobs: async (ns: string) => (await get<{ items: JobObject[] }>(`/apis/graylane.io/v1alpha1/namespaces/${ns}/grayscalereleases`))?.items ?? [],
    deployments: async (ns: string) =>
      (await get<{ items: Array<{ metadata: { name: string; labels?: Record<string, string> }; status?: { readyReplicas?: number } }> }>(`/apis/apps/v1/namespaces/${ns}/deployments`))?.items ?? [],
    destinationRule: (ns: string, name: string) => get<{ spec: { subsets?: Array<{ name: string }> } }>(`/apis/networking.istio.io/v1/namespaces/${ns}/destinationrules/${name}`),
    virtualService: (ns: string, name: string) =>
      get<{ spec: { http?: Array<{ name?: string; route?: Array<{ destination: { subset?: string }; weight?: number }>; mirror?: unknown }> } }>(
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/${name}`,
      ),
    events: async (ns: string, name: string) =>
      (await get<{ items: Array<{ reason: string; message: string; involvedObject: { name: string; kind: string } }> }>(`/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name%3D${name}`))?.items ?? [],
  };
}
export type KubeReader = ReturnType<typeof kubeReader>;

/** Waits (on the namespace's job watch) until `ok` holds; throws naming `what` and the last status seen. */
export async function waitForJob(kube: KubeReader, ns: string, name: string, ok: (j: JobObject) => boolean, what: string, timeoutMs = 60_000): Promise<JobObject> {
  const deadline = Date.now() + timeoutMs;
  const w = kube.watch(ns);
  let last: JobObject | undefined;
  for (;;) {
    last = w.get(name) ?? last;
    if (last && ok(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`job ${name}: not ${what} within ${timeoutMs / 1000} s (generation ${last?.metadata.generation}, status ${JSON.stringify(last?.status ?? null)})`);
    }
    await w.changed(Math.min(1000, Math.max(1, deadline - Date.now())));
  }
}

const routesApplied = (j: JobObject) => {
  const gen = j.metadata.generation ?? 0;
  const c = j.status?.conditions?.find((x) => x.type === 'RoutesApplied');
  return j.status?.observedGeneration === gen && c?.status === 'True' && (c.observedGeneration === undefined || c.observedGeneration >= gen);
};
const inPhase = (phase: string) => (j: JobObject) => j.status?.phase === phase && routesApplied(j);
const completed = (j: JobObject) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).some((f) => f.startsWith('graylane.io'));

/** What a REST call must answer; anything else is a failure, reported with its body. */
async function call(api: ApiSession, method: string, p: string, body: unknown, expect: number[]): Promise<Record<string, unknown>> {
  const r = await api.request(method, p, body);
  if (expect.includes(r.status)) return (r.body ?? {}) as Record<string, unknown>;
  throw new Error(`${method} ${p} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
}

/** The version label of the service's only Deployment (throws when there is not exactly one). */
export async function currentVersion(kube: KubeReader, ns: string, service: string): Promise<string> {
  const deps = (await kube.deployments(ns)).filter((d) => d.metadata.labels?.app === service);
  const version = deps.length === 1 ? deps[0].metadata.labels?.version : undefined;
  if (!version) throw new Error(`${service}: expected one Deployment with a version label, found ${JSON.stringify(deps.map((d) => d.metadata.name))}`);
  return version;
}

export interface LifecycleRun {
  name: string;
  service: string;
  baseline: string;
  candidate: string;
}

/**
 * Runs one job's full lifecycle and waits for each step to converge. `onStep` is called before each
 * step (crash-anywhere kills the controller from there).
 */
export async function runLifecycle(
  api: ApiSession,
  kube: KubeReader,
  ns: string,
  plan: ServicePlan,
  run: LifecycleRun,
  onStep?: (step: string) => Promise<void> | void,
  /** how long one step may take to converge */
  stepTimeoutMs = 60_000,
): Promise<void> {
  const base = `/api/projects/${ns}/releases`;
  const job = `${base}/${run.name}`;
  const step = async (s: string) => onStep?.(s);
  const spec = {
    strategy: plan.strategy,
    service: plan.service,
    baseline: { version: run.baseline },
    candidate: { version: run.candidate, replicas: 1, ...(plan.images ? { images: plan.images(run.candidate) } : {}) },
    traffic: plan.strategy === 'Mirror' ? { candidateWeight: 0, mirrorPercent: 10 } : { candidateWeight: 0 },
  };
  /** a step has converged once the job shows at least the generation the REST call answered with */
  const gen = (view: Record<string, unknown>) => (typeof view.generation === 'number' ? view.generation : 1);
  const converged = (view: Record<string, unknown>, ok: (j: JobObject) => boolean) => (j: JobObject) => (j.metadata.generation ?? 0) >= gen(view) && ok(j);
  await step('create');
  let view = await call(api, 'POST', base, { name: run.name, spec }, [201]);
  await waitForJob(kube, ns, run.name, converged(view, inPhase('Progressing')), 'Progressing', stepTimeoutMs);
  for (const [i, traffic] of TRAFFIC_STEPS[plan.strategy].entries()) {
    await step(`traffic ${i + 1}`);
    view = await call(api, 'PATCH', job, traffic, [200]);
    await waitForJob(kube, ns, run.name, converged(view, inPhase('Progressing')), `routed with ${JSON.stringify(traffic)}`, stepTimeoutMs);
  }
  await step('take over');
  view = await call(api, 'POST', `${job}/takeover`, { version: run.candidate }, [200]);
  await waitForJob(kube, ns, run.name, converged(view, inPhase('TakenOver')), 'TakenOver', stepTimeoutMs);
  await step('restore');
  view = await call(api, 'POST', `${job}/restore`, {}, [200]);
  await waitForJob(kube, ns, run.name, converged(view, inPhase('Progressing')), 'Progressing after restore', stepTimeoutMs);
  await step('take over again');
  view = await call(api, 'POST', `${job}/takeover`, { version: run.candidate }, [200]);
  await waitForJob(kube, ns, run.name, converged(view, inPhase('TakenOver')), 'TakenOver again', stepTimeoutMs);
  await step('offline');
  view = await call(api, 'POST', `${job}/offline`, {}, [200, 202]);
  await waitForJob(kube, ns, run.name, converged(view, completed), 'Completed', stepTimeoutMs);
  await step('done');
}

/**
 * The end state a completed job's spec asks for: only the kept version's Deployment (ready), only its
 * subset, and the service's routes on it alone. Returns what is wrong (empty when all is well).
 */
export async function auditService(kube: KubeReader, ns: string, service: string, kept: string): Promise<string[]> {
  const problems: string[] = [];
  const deps = (await kube.deployments(ns)).filter((d) => d.metadata.labels?.app === service);
  const names = deps.map((d) => d.metadata.name).sort();
  if (names.length !== 1 || names[0] !== `${service}-${kept}`) problems.push(`${service}: Deployments ${JSON.stringify(names)}, expected only ${service}-${kept}`);
  const dr = await kube.destinationRule(ns, service);
  const subsets = (dr?.spec.subsets ?? []).map((s) => s.name);
  if (subsets.length !== 1 || subsets[0] !== kept) problems.push(`${service}: DestinationRule subsets ${JSON.stringify(subsets)}, expected only ${kept}`);
  const vs = await kube.virtualService(ns, service);
  const routed = new Set((vs?.spec.http ?? []).flatMap((h) => (h.route ?? []).filter((r) => (r.weight ?? 100) > 0).map((r) => r.destination.subset ?? '(none)')));
  const mirrors = (vs?.spec.http ?? []).filter((h) => h.mirror);
  if ([...routed].some((s) => s !== kept && s !== '(none)')) problems.push(`${service}: VirtualService still routes to ${JSON.stringify([...routed])}, expected only ${kept}`);
  if (mirrors.length > 0) problems.push(`${service}: VirtualService still mirrors (${JSON.stringify(mirrors.map((m) => m.mirror))})`);
  return problems;
}

/** Failed hops as the mesh itself counts them (source-reported istio_requests_total, non-2xx). */
export async function meshFailures(telemetryUrl: string): Promise<{ total: number; failed: number; byKind: Record<string, number> }> {
  const text = await (await fetch(`${telemetryUrl}/metrics`, { signal: AbortSignal.timeout(15_000) })).text();
  let total = 0;
  let failed = 0;
  const byKind: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('istio_requests_total{') || !line.includes('reporter="source"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    total += value;
    const code = /response_code="([^"]*)"/.exec(line)?.[1] ?? '';
    if (/^2\d\d$/.test(code)) continue;
    failed += value;
    const dest = /destination_service_name="([^"]*)"/.exec(line)?.[1] ?? '?';
    const flags = /response_flags="([^"]*)"/.exec(line)?.[1] ?? '';
    const key = `${dest} ${code} ${flags}`;
    byKind[key] = (byKind[key] ?? 0) + value;
  }
  return { total, failed, byKind };
}

/** Difference of two meshFailures readings. */
export function meshDelta(before: Awaited<ReturnType<typeof meshFailures>>, after: Awaited<ReturnType<typeof meshFailures>>): { total: number; failed: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byKind)) {
    const d = v - (before.byKind[k] ?? 0);
    if (d > 0) byKind[k] = d;
  }
  return { total: after.total - before.total, failed: after.failed - before.failed, byKind };
}

/** Seeded PRNG: the same seed replays the same kill moments. */
export { seededRandom } from '../../lib/seeded-random';
