/**
 * Blue-green, end to end under steady load: the green version (v2) runs at full replicas and gets
 * nothing until switched; Take Over flips all traffic to green and back to blue, Restore returns
 * to the configured target, and Job Offline keeping green removes blue. Every request through the
 * ingress during all of it must succeed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RELEASE_FINALIZER } from '@/lib/release';
import { canarySpec, createJob, deploymentNames, patchJob, waitForJob } from '../controller/harness';
import { expectPreviewInSync, reviewsVersion, routesInForce, sample, startStrategyCluster, steadyLoad, type StrategyCluster } from './traffic';

const NS = 'blue-green';
const JOB = 'reviews-blue-green';
let c: StrategyCluster;

beforeAll(async () => {
  c = await startStrategyCluster(NS);
});

afterAll(async () => {
  await c?.stop();
});

it('switches to green and back under steady load with zero non-2xx', async () => {
  const load = steadyLoad(async () => {
    const version = await reviewsVersion(c.ingress);
    return { status: version.startsWith('error:') ? Number(version.slice(6)) : 200, version };
  }, 60, 8);
  const pause = () => new Promise((r) => setTimeout(r, 300));

  await createJob(c.h, NS, JOB, canarySpec({ strategy: 'BlueGreen', traffic: { candidateWeight: 0 } }));
  const ready = await routesInForce(c, JOB, 'green ready, blue serving', (j) => j.status?.phase === 'Progressing');
  expect(ready.status?.versions?.map((v) => [v.version, v.readyReplicas, v.weight])).toEqual([
    ['v1', 1, 100],
    ['v2', 1, 0],
  ]);
  await expectPreviewInSync(c, JOB);
  expect(await sample(c.ingress, 30)).toEqual({ v1: 30 });
  await pause();

  await patchJob(c.h, NS, JOB, { spec: { takeOver: 'v2' } });
  await routesInForce(c, JOB, 'switched to green', (j) => j.status?.phase === 'TakenOver');
  expect(await sample(c.ingress, 30)).toEqual({ v2: 30 });
  await pause();

  await patchJob(c.h, NS, JOB, { spec: { takeOver: 'v1' } });
  await routesInForce(c, JOB, 'switched back to blue', (j) => j.status?.phase === 'TakenOver');
  expect(await sample(c.ingress, 30)).toEqual({ v1: 30 });
  await pause();

  await patchJob(c.h, NS, JOB, { spec: { takeOver: '' } });
  await routesInForce(c, JOB, 'restored to the configured target (blue)', (j) => j.status?.phase === 'Progressing');
  expect(await sample(c.ingress, 30)).toEqual({ v1: 30 });
  await pause();

  await patchJob(c.h, NS, JOB, { spec: { takeOver: 'v2' } });
  await routesInForce(c, JOB, 'green again', (j) => j.status?.phase === 'TakenOver');
  await pause();
  await patchJob(c.h, NS, JOB, { spec: { offline: true } });
  await waitForJob(c.h, NS, JOB, (j) => j.status?.phase === 'Completed' && !(j.metadata.finalizers ?? []).includes(RELEASE_FINALIZER), 'offline keeping green');
  await pause();

  const result = await load.stop();
  console.log(`blue-green: ${JSON.stringify(result)}`);
  expect(result.total).toBeGreaterThan(60);
  expect(result.non2xx).toBe(0);
  expect(result.versions.v1).toBeGreaterThan(0);
  expect(result.versions.v2).toBeGreaterThan(0);
  expect(await deploymentNames(c.h, NS)).not.toContain('reviews-v1');
  expect(await sample(c.ingress, 20)).toEqual({ v2: 20 });
}, 40_000);
