/**
 * Scenario 1 (issue 8), lifecycle under load: steady load on /productpage through the ingress while
 * three jobs' full lifecycles (Canary on reviews, BlueGreen on ratings, Mirror on details) run
 * 20 times each through the console's REST API as a project user. Every request must succeed,
 * every hop inside the mesh too, and every job must complete with nothing left behind.
 */
import { PLANS, auditService, currentVersion, kubeReader, meshDelta, meshFailures, runLifecycle, type ServicePlan } from '../lifecycle';
import type { Scenario, ScenarioResult, Stack } from '../types';

const ITERATIONS = 20;
const RPS = 100;

async function run(stack: Stack, opts: Parameters<Scenario['run']>[1]): Promise<ScenarioResult> {
  const failures: string[] = [];
  const api = await stack.login('project-regular');
  const kube = kubeReader(stack);
  const ns = stack.namespace;
  const deadline = opts.soak ? Date.now() + opts.soakMs : Infinity;
  const more = (i: number) => (opts.soak ? Date.now() < deadline : i < ITERATIONS);
  let started = 0;
  let completed = 0;

  const meshBefore = await meshFailures(stack.telemetryUrl);
  const t0 = Date.now();
  const load = stack.startLoad(RPS);

  const serviceLoop = async (plan: ServicePlan) => {
    for (let i = 0; more(i); i++) {
      const baseline = await currentVersion(kube, ns, plan.service);
      const candidate = baseline === 'v1' ? 'v2' : 'v1';
      const name = `load-${plan.service}-${i + 1}`;
      started++;
      try {
        await runLifecycle(api, kube, ns, plan, { name, service: plan.service, baseline, candidate });
        completed++;
      } catch (err) {
        failures.push(`${plan.strategy} ${name}: ${(err as Error).message}`);
        return; // the service's state is unknown now; the other services carry on
      }
      const problems = await auditService(kube, ns, plan.service, candidate);
      if (problems.length > 0) {
        failures.push(...problems.map((p) => `after ${name}: ${p}`));
        return;
      }
      if ((i + 1) % 5 === 0) opts.log(`${plan.strategy} on ${plan.service}: ${i + 1} lifecycles, load so far ${JSON.stringify({ ...load.snapshot(), samples: undefined })}`);
    }
  };
  await Promise.all(PLANS.map(serviceLoop));

  const figures = await load.stop();
  const seconds = (Date.now() - t0) / 1000;
  const mesh = meshDelta(meshBefore, await meshFailures(stack.telemetryUrl));
  if (figures.non2xx > 0) failures.push(`${figures.non2xx} of ${figures.sent} ingress requests failed, e.g. ${figures.samples.join('; ')}`);
  if (mesh.failed > 0) failures.push(`${mesh.failed} failed hops inside the mesh: ${JSON.stringify(mesh.byKind)}`);
  const expected = opts.soak ? started : ITERATIONS * PLANS.length;
  if (completed !== expected) failures.push(`${completed} jobs completed, expected ${expected}`);
  kube.close();
  return {
    figures: {
      'requests sent': figures.sent,
      'non-2xx': figures.non2xx,
      'req/s': Math.round(figures.sent / seconds),
      'mesh hops': mesh.total,
      'mesh non-2xx': mesh.failed,
      'jobs completed': completed,
      'lifecycles/min': Math.round((completed / seconds) * 60),
    },
    failures,
  };
}

/** Scenario 1: lifecycle under load. */
export const lifecycleUnderLoad: Scenario = {
  id: 'lifecycle-under-load',
  title: `Lifecycle under load: ${ITERATIONS} lifecycles per strategy at ${RPS} req/s, zero failed requests`,
  run,
};
