/**
 * A controller killed at any point and restarted completes the job: restarts between the
 * lifecycle's user steps, and a run where every instance dies right after its first write (before
 * writing status or the Event), so every step boundary of the controller itself is crossed by a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_FINALIZER, type DestinationRule, type GrayscaleRelease } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { bookinfoNamespace, canarySpec, controllerFor, createJob, deploymentNames, getIstio, getJob, patchJob, startHarness, statusWeights, waitForJob, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(120);
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

interface Step {
  name: string;
  act(ns: string): Promise<unknown>;
  done(job: GrayscaleRelease): boolean;
}

const JOB = 'canary-release';
const LIFECYCLE: Step[] = [
  { name: 'create', act: (ns) => createJob(h, ns, JOB, canarySpec()), done: (j) => j.status?.phase === 'Progressing' && statusWeights(j).v2 === 30 },
  { name: 'weight', act: (ns) => patchJob(h, ns, JOB, { spec: { traffic: { candidateWeight: 70 } } }), done: (j) => statusWeights(j).v2 === 70 && j.status?.observedGeneration === j.metadata.generation },
  { name: 'take over', act: (ns) => patchJob(h, ns, JOB, { spec: { takeOver: 'v2' } }), done: (j) => j.status?.phase === 'TakenOver' && statusWeights(j).v2 === 100 },
  {
    name: 'offline',
    act: (ns) => patchJob(h, ns, JOB, { spec: { offline: true } }),
    done: (j) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).includes(RELEASE_FINALIZER),
  },
];

async function expectCompleted(ns: string): Promise<void> {
  expect(await deploymentNames(h, ns)).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v2']);
  const dr = await getIstio<DestinationRule>(h, ns, 'destinationrules', 'reviews');
  expect(dr?.spec.subsets?.map((s) => s.name)).toEqual(['v2']);
  const job = (await getJob(h, ns, JOB))!;
  expect(job.status?.versions?.find((v) => v.version === 'v2')).toMatchObject({ workload: 'reviews-v2', weight: 100, readyReplicas: 1 });
}

describe('restart between the lifecycle steps', () => {
  it.each(LIFECYCLE.map((s, i) => [s.name, LIFECYCLE[i + 1]?.name ?? 'completion', i] as const))('restart after "%s", before "%s"', async (_a, _b, index) => {
    const ns = `restart-${index}`;
    await bookinfoNamespace(h, ns);
    let controller: RunningController = controllerFor(h);
    await controller.ready;
    for (const [i, step] of LIFECYCLE.entries()) {
      await step.act(ns);
      if (i === index) {
        // Killed right after the user's change, before converging it.
        await controller.stop();
        controller = controllerFor(h);
        await controller.ready;
      }
      await waitForJob(h, ns, JOB, step.done, step.name);
    }
    await controller.stop();
    await expectCompleted(ns);
  });
});

describe('crash after every single write', () => {
  it('completes the lifecycle although each controller instance dies after its first write', async () => {
    const ns = 'crash-every-write';
    await bookinfoNamespace(h, ns);
    const writes: string[] = [];

    /** Runs controller instances, each killed right after its first write, until `done` holds. */
    async function drive(done: (job: GrayscaleRelease) => boolean): Promise<void> {
      for (let attempt = 0; attempt < 40; attempt++) {
        const job = await getJob(h, ns, JOB);
        if (job && done(job)) return;
        let wrote!: () => void;
        const written = new Promise<void>((r) => (wrote = r));
        const c = controllerFor(h, {
          onWrite: (_key, action) => {
            writes.push(action.kind);
            wrote();
            throw new Error('simulated crash after write');
          },
        });
        await c.ready;
        await Promise.race([written, new Promise((r) => setTimeout(r, 1500))]);
        await c.stop();
      }
      throw new Error(`lifecycle did not converge; writes: ${writes.join(', ')}`);
    }

    for (const step of LIFECYCLE) {
      await step.act(ns);
      await drive(step.done);
    }
    await expectCompleted(ns);
    // Every write was followed by a restart; the order is still make-before-break.
    expect(writes).toEqual([
      'addFinalizer',
      'applyDestinationRule', // v1 subset
      'applyVirtualService', // everything on v1 before the candidate exists
      'createDeployment',
      'applyDestinationRule', // v2 subset once v2 is ready
      'applyVirtualService', // 70/30
      'applyVirtualService', // weight 70
      'applyVirtualService', // take over
      'deleteDeployment', // v1, traffic already on v2
      'applyDestinationRule', // drop v1
      'removeFinalizer',
    ]);
  }, 60_000);
});
