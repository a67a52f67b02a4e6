/**
 * Services without sidecars cannot be released: the REST API refuses the job (422 on
 * `spec.service`, nothing written) and the controller refuses a kubectl-applied one (Failed,
 * Accepted=False reason NotInMesh) until the namespace is labelled for injection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/api/errors';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import type { RunningController } from '@/server/controller';
import { MERGE_PATCH } from '@/server/kube/rest';
import { createRelease } from '@/server/releases/create';
import { canarySpec, conditionOf, controllerFor, createJob, deploymentNames, getJob, startHarness, waitFor, waitForJob, type Harness } from './harness';

const PLAIN = 'no-injection';
let h: Harness;
let controller: RunningController;

beforeAll(async () => {
  h = await startHarness(100);
  controller = controllerFor(h);
  await controller.ready;
  await h.clients.core.createNamespace({ body: { metadata: { name: PLAIN } } });
  await deploySampleApplication(PLAIN, { clients: h.clients });
  await waitFor(() => deploymentNames(h, PLAIN), (names) => names.length >= 4, 'Bookinfo deployed');
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await h?.stop();
});

describe('a Service not in the mesh', () => {
  it('is refused by the REST API with the reason on spec.service, writing nothing', async () => {
    const err = await createRelease(PLAIN, { name: 'api-job', spec: canarySpec() }, 'tester', h.clients).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('invalid');
    const fields = isAppError(err) ? (err.fields ?? []) : [];
    expect(fields[0]?.field).toBe('spec.service');
    expect(fields[0]?.message).toContain('istio-injection=enabled');
    expect(await getJob(h, PLAIN, 'api-job')).toBeNull();
  });

  it('is refused by the controller for a kubectl-applied job, which starts once the namespace is labelled', async () => {
    await createJob(h, PLAIN, 'kubectl-job', canarySpec());
    const refused = await waitForJob(h, PLAIN, 'kubectl-job', (j) => j.status?.phase === 'Failed', 'refused as not in the mesh');
    expect(conditionOf(refused, 'Accepted')).toMatchObject({ status: 'False', reason: 'NotInMesh' });
    expect(refused.metadata.finalizers ?? []).toEqual([]);
    expect(await deploymentNames(h, PLAIN)).not.toContain('reviews-v2');

    await h.rest.request({ method: 'PATCH', path: `/api/v1/namespaces/${PLAIN}`, body: { metadata: { labels: { 'istio-injection': 'enabled' } } }, contentType: MERGE_PATCH });
    // Namespace labels are not watched: the controller looks again on its periodic retry.
    await waitForJob(h, PLAIN, 'kubectl-job', (j) => j.status?.phase === 'Progressing', 'starts once in the mesh', 60_000);
  }, 90_000);
});
