/**
 * Scenario 2 (issue 8), crash anywhere: while lifecycles run on three services under load, the
 * controller process is SIGKILLed at random moments (seeded; the seed is printed) 30 times and
 * restarted. Every job must converge to what its spec asks (Completed, only the kept version's
 * Deployment and subset left), and no request may fail at the ingress or inside the mesh.
 */
import { PLANS, auditService, currentVersion, kubeReader, meshDelta, meshFailures, runLifecycle, seededRandom, type ServicePlan } from '../lifecycle';
import type { Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';

const KILLS = 30;
/** enough to see a failed request at any moment; scenario 1 proves the 100 req/s */
const RPS = 25;
/** a step waits through restarts of the controller, so it may take longer than in scenario 1 */
const STEP_TIMEOUT_MS = 180_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
  const seed = Number(process.env.GRAYLANE_RELIABILITY_SEED) || Math.floor(Math.random() * 2 ** 31);
  opts.log(`seed ${seed} (replay: npm run reliability -- --only crash-anywhere --seed ${seed})`);
  const rng = seededRandom(seed);
  const failures: string[] = [];
  const api = await stack.login('project-regular');
  const kube = kubeReader(stack);
  const ns = stack.namespace;
  const deadline = opts.soak ? Date.now() + opts.soakMs : Infinity;
  /** the step each service's lifecycle is at, so each kill says what it interrupted */
  const at = new Map<string, string>();
  const stepsHit = new Set<string>();
  let killing = true;
  let kills = 0;
  let started = 0;
  let completed = 0;
  let restartMs = 0;

  const meshBefore = await meshFailures(stack.telemetryUrl);
  const load = stack.startLoad(RPS);

  const serviceLoop = async (plan: ServicePlan) => {
    for (let i = 0; killing; i++) {
      const baseline = await currentVersion(kube, ns, plan.service);
      const candidate = baseline === 'v1' ? 'v2' : 'v1';
      const name = `crash-${plan.service}-${i + 1}`;
      started++;
      try {
        await runLifecycle(api, kube, ns, plan, { name, service: plan.service, baseline, candidate }, (step) => void at.set(plan.service, `${plan.strategy} ${step}`), STEP_TIMEOUT_MS);
        completed++;
      } catch (err) {
        failures.push(`${plan.strategy} ${name}: ${(err as Error).message}`);
        return;
      }
      const problems = await auditService(kube, ns, plan.service, candidate);
      if (problems.length > 0) {
        failures.push(...problems.map((p) => `after ${name}: ${p}`));
        return;
      }
    }
  };
  const loops = Promise.all(PLANS.map(serviceLoop));

  const killer = async () => {
    while (opts.soak ? Date.now() < deadline : kills < KILLS) {
      // Anywhere from just after the controller took the lead to well into a lifecycle.
      await sleep(100 + rng() * 1900);
      const hit = [...at.values()];
      await stack.killController();
      kills++;
      for (const h of hit) stepsHit.add(h);
      await sleep(rng() * 300);
      const t = Date.now();
      await stack.startController();
      restartMs += Date.now() - t;
      if (kills % 10 === 0) opts.log(`${kills} kills; lifecycles completed ${completed}; load ${JSON.stringify({ ...load.snapshot(), samples: undefined })}`);
    }
  };
  try {
    await killer();
  } finally {
    killing = false;
  }
  await loops;

  const figures = await load.stop();
  const mesh = meshDelta(meshBefore, await meshFailures(stack.telemetryUrl));
  // Every job of this scenario, not only the ones the loops saw through: none may be left half-done.
  for (const j of (await kube.jobs(ns)).filter((x) => x.metadata.name.startsWith('crash-'))) {
    if (j.status?.phase !== 'Completed') failures.push(`job ${j.metadata.name} is ${j.status?.phase ?? 'without status'}: ${j.status?.message ?? ''}`);
  }
  if (figures.non2xx > 0) failures.push(`${figures.non2xx} of ${figures.sent} ingress requests failed, e.g. ${figures.samples.join('; ')}`);
  if (mesh.failed > 0) failures.push(`${mesh.failed} failed hops inside the mesh: ${JSON.stringify(mesh.byKind)}`);
  if (completed !== started) failures.push(`${completed} of ${started} jobs completed`);
  kube.close();
  return {
    figures: {
      seed,
      kills,
      'steps hit': stepsHit.size,
      'avg restart ms': kills ? Math.round(restartMs / kills) : 0,
      'jobs completed': completed,
      'requests sent': figures.sent,
      'non-2xx': figures.non2xx,
      'mesh non-2xx': mesh.failed,
    },
    failures,
  };
}

/** Scenario 2: crash anywhere. */
export const crashAnywhere: Scenario = {
  id: 'crash-anywhere',
  title: `Crash anywhere: the controller SIGKILLed ${KILLS} times at random moments of lifecycles`,
  run,
};
