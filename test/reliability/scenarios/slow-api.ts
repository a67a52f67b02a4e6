/**
 * Scenario 7 (issue 8), slow dependencies: the Kubernetes API answers slowly (injected latency; the
 * embedded cluster commits a write at once and holds its answer, the hard case for retries).
 * - 2 s per call: the console still works; a client that gives up on a create and retries gets a
 *   409, not a second job; the controller converges without recording anything twice.
 * - 12 s per call (over the console's 10 s deadline per Kubernetes request): console requests
 *   answer with a clear "did not answer within" error instead of hanging; after recovery a
 *   retried change is applied once and the controller catches up.
 */
import { auditService, currentVersion, kubeReader, type KubeReader } from '../lifecycle';
import type { ApiSession, Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';

const SLOW_MS = 2000;
const VERY_SLOW_MS = 12_000;
/** a console request that takes longer than this counts as hanging */
const HANG_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Timed {
  status: number;
  body: unknown;
  ms: number;
}
async function timed(api: ApiSession, method: string, p: string, body?: unknown): Promise<Timed> {
  const t = Date.now();
  try {
    const r = await api.request(method, p, body);
    return { ...r, ms: Date.now() - t };
  } catch (err) {
    return { status: 0, body: (err as Error).message, ms: Date.now() - t };
  }
}
const message = (r: Timed) => JSON.stringify(r.body).slice(0, 240);

/** Events recorded twice: the same reason and message on the same job. */
async function duplicateEvents(kube: KubeReader, ns: string, job: string): Promise<string[]> {
  const seen = new Map<string, number>();
  for (const e of await kube.events(ns, job)) {
    const key = `${e.reason}: ${e.message}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${n}x ${k}`);
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

async function run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
  const failures: string[] = [];
  const api = await stack.login('project-regular');
  const kube = kubeReader(stack);
  const ns = stack.namespace;
  const service = 'reviews';
  const baseline = await currentVersion(kube, ns, service);
  const candidate = baseline === 'v1' ? 'v2' : 'v1';
  const name = `slow-${service}-${Date.now().toString(36)}`;
  const releases = `/api/projects/${ns}/releases`;
  const job = `${releases}/${name}`;
  let slowest = 0;
  let clearTimeouts = 0;
  let retries = 0;
  const note = (r: Timed) => (slowest = Math.max(slowest, r.ms));
  const hung = (what: string, r: Timed) => {
    note(r);
    if (r.ms > HANG_MS || r.status === 0) failures.push(`${what} took ${(r.ms / 1000).toFixed(1)} s (${r.status}: ${message(r)})`);
  };

  try {
    // --- 2 s per Kubernetes call ---------------------------------------------------------------
    stack.controls.setApiLatency(SLOW_MS);
    opts.log(`API latency ${SLOW_MS} ms`);
    const list = await timed(api, 'GET', releases);
    hung('GET releases at 2 s latency', list);
    if (list.status !== 200) failures.push(`GET releases at 2 s latency answered ${list.status}: ${message(list)}`);

    const spec = { strategy: 'Canary', service, baseline: { version: baseline }, candidate: { version: candidate, replicas: 1 }, traffic: { candidateWeight: 20 } };
    // An impatient client gives up after 3 s (the create takes a read round and a write round, ~4 s)
    // and sends the same create again while the first is still being processed.
    const first = timed(api, 'POST', releases, { name, spec });
    await sleep(3000);
    retries++;
    const retry = await timed(api, 'POST', releases, { name, spec });
    const original = await first;
    hung('create at 2 s latency', original);
    hung('retried create at 2 s latency', retry);
    const statuses = [original.status, retry.status].sort();
    if (statuses[0] !== 201 || statuses[1] !== 409) failures.push(`create + retried create answered ${original.status} and ${retry.status}, expected 201 and 409 (${message(retry)})`);
    const copies = (await kube.jobs(ns)).filter((j) => j.spec.service === service && j.status?.phase !== 'Completed');
    if (copies.length !== 1) failures.push(`${copies.length} active jobs for ${service} after a retried create, expected 1`);

    await waitFor('job Progressing at 2 s latency', async () => (await kube.job(ns, name))?.status?.phase === 'Progressing', 120_000);
    opts.log('job converged at 2 s latency');

    // --- 12 s per Kubernetes call: over the console's deadline ---------------------------------
    stack.controls.setApiLatency(VERY_SLOW_MS);
    opts.log(`API latency ${VERY_SLOW_MS} ms`);
    const [get, patch] = await Promise.all([timed(api, 'GET', job), timed(api, 'PATCH', job, { candidateWeight: 50 })]);
    for (const [what, r] of [['GET job', get], ['PATCH weight', patch]] as const) {
      hung(`${what} at 12 s latency`, r);
      const text = message(r);
      if (r.status >= 500 && /did not answer within|cannot reach/.test(text)) clearTimeouts++;
      else if (r.status !== 200) failures.push(`${what} at 12 s latency answered ${r.status} without a clear timeout message: ${text}`);
    }
    // let the controller's own requests time out and retry for a while
    await sleep(4000);
  } finally {
    stack.controls.setApiLatency(0);
    opts.log('API latency off');
  }

  // --- recovery: the retried change is applied once, the controller catches up -----------------
  retries++;
  const again = await timed(api, 'PATCH', job, { candidateWeight: 50 });
  hung('retried PATCH after recovery', again);
  if (again.status !== 200) failures.push(`retried PATCH after recovery answered ${again.status}: ${message(again)}`);
  try {
    await waitFor(
      'weight 50 applied after recovery',
      async () => {
        const j = await kube.job(ns, name);
        const routed = j?.status?.conditions?.find((c) => c.type === 'RoutesApplied');
        return j?.status?.phase === 'Progressing' && j.status.observedGeneration === j.metadata.generation && routed?.status === 'True';
      },
      60_000,
    );
    // Job Offline needs an unambiguous survivor: roll back to the baseline first.
    const back = await timed(api, 'POST', `${job}/takeover`, { version: baseline });
    if (back.status !== 200) failures.push(`take over ${baseline} answered ${back.status}: ${message(back)}`);
    const off = await timed(api, 'POST', `${job}/offline`, {});
    if (off.status !== 200 && off.status !== 202) failures.push(`offline answered ${off.status}: ${message(off)}`);
    await waitFor('job Completed', async () => (await kube.job(ns, name))?.status?.phase === 'Completed', 60_000);
    failures.push(...(await auditService(kube, ns, service, baseline)));
  } catch (err) {
    failures.push((err as Error).message);
  }
  const dupes = await duplicateEvents(kube, ns, name);
  if (dupes.length > 0) failures.push(`Events recorded twice: ${dupes.join('; ')}`);
  const objects = (await kube.jobs(ns)).filter((j) => j.metadata.name === name).length;
  kube.close();
  return {
    figures: {
      'latency injected': `${SLOW_MS / 1000} s, ${VERY_SLOW_MS / 1000} s`,
      'slowest console answer s': Number((slowest / 1000).toFixed(1)),
      'clear timeout errors': clearTimeouts,
      'retried writes': retries,
      'duplicate jobs': Math.max(0, objects - 1),
      'duplicate events': dupes.length,
    },
    failures,
  };
}

/** Scenario 7: slow Kubernetes API. */
export const slowApi: Scenario = {
  id: 'slow-api',
  title: 'Slow Kubernetes API: clear timeouts, nothing hangs, no duplicate writes on retry',
  run,
};
