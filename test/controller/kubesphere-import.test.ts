/**
 * Applying a KubeSphere 3.x Strategy import against the embedded cluster with the controller
 * running: through the REST routes, the job is created, the KubeSphere-made candidate Deployment
 * is adopted (same object, not recreated), the Strategy is deleted and the job progresses; a failure
 * after the first write rolls every step back.
 */
import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listImports } from '@/app/api/projects/[ns]/imports/route';
import { POST as applyImport } from '@/app/api/projects/[ns]/imports/[strategy]/route';
import type { StrategyImportList, StrategyImportResponse } from '@/lib/kubesphere/import-view';
import { canaryByWeight } from '@/lib/kubesphere/strategy-fixtures.test-helpers';
import { strategyCrd } from '@/lib/kubesphere/strategy-fixtures.test-helpers';
import { IMPORT_PENDING_ANNOTATION, KS_SERVICEMESH_GROUP } from '@/lib/kubesphere/strategy-types';
import { RELEASE_LABEL } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { setKubeClients, type KubeClients } from '@/server/kube/client';
import { applyStrategyImport } from '@/server/kubesphere/import-apply';
import { adminCookie } from '../support/session';
import { bookinfoNamespace, controllerFor, getJob, startHarness, statusWeights, waitFor, waitForJob, type Harness } from './harness';

const NS = 'ks-import';
const STRATEGY = 'canary-release';
const strategies = { group: KS_SERVICEMESH_GROUP, version: 'v1alpha2', plural: 'strategies', namespace: NS };

let h: Harness;
let controller: RunningController;

/** What KubeSphere's console left behind: reviews-v2 next to reviews-v1, and the Strategy. */
async function kubesphereRelease(): Promise<void> {
  const v1 = await h.clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v1' });
  const labels = { ...v1.spec!.template.metadata!.labels, version: 'v2' };
  const template = structuredClone(v1.spec!.template);
  template.metadata = { ...template.metadata, labels };
  template.spec!.containers[0].image = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';
  await h.clients.objects.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'reviews-v2', namespace: NS, labels: { ...v1.metadata!.labels, version: 'v2' } },
    spec: { replicas: 1, selector: { matchLabels: { ...v1.spec!.selector.matchLabels, version: 'v2' } }, template },
  } as KubernetesObject);
  const { status: _status, ...strategy } = structuredClone(canaryByWeight);
  void _status;
  const { uid: _uid, resourceVersion: _rv, generation: _gen, ...metadata } = strategy.metadata;
  void [_uid, _rv, _gen];
  await h.clients.custom.createNamespacedCustomObject({ ...strategies, body: { ...strategy, metadata: { ...metadata, namespace: NS } } });
}

// Routes check the session (issue 7): a platform admin's cookie, made through server/auth.
let cookie = '';
const call = async <T>(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, method: string, path: string, params: Record<string, string>) => {
  const res = await handler(new Request(`http://console/api/projects/${path}`, { method, headers: { cookie } }), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as T };
};

const strategyExists = () => h.clients.custom.getNamespacedCustomObject({ ...strategies, name: STRATEGY }).then(() => true, () => false);
const candidateLabels = async () => (await h.clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v2' })).metadata?.labels ?? {};

beforeAll(async () => {
  h = await startHarness(100);
  setKubeClients(h.clients);
  cookie = await adminCookie(h.clients);
  controller = controllerFor(h);
  await controller.ready;
  await bookinfoNamespace(h, NS);
  await h.clients.custom.createClusterCustomObject({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', body: strategyCrd });
  await waitFor(() => h.rest.request({ method: 'GET', path: `/apis/${KS_SERVICEMESH_GROUP}/v1alpha2` }).then(() => true, () => false), Boolean, 'Strategy API served');
  await kubesphereRelease();
}, 90_000);

afterAll(async () => {
  setKubeClients(undefined);
  await controller?.stop();
  await h?.stop();
});

describe('importing a KubeSphere Strategy', () => {
  it('previews it through GET /imports with the candidate to adopt', async () => {
    const res = await call<StrategyImportList>(listImports, 'GET', `${NS}/imports`, { ns: NS });
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    const [preview] = res.body.previews;
    expect(preview).toMatchObject({ adopt: ['reviews-v2'], errors: [], contextErrors: [], strategy: { name: STRATEGY, type: 'Canary' } });
    expect(preview.release?.spec.traffic).toEqual({ candidateWeight: 20 });
  });

  it('undoes every step when a later one fails (the Strategy cannot be deleted)', async () => {
    // What a cluster whose ClusterRole predates the import (strategies: get, list) answers.
    const status = { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'strategies.servicemesh.kubesphere.io "canary-release" is forbidden' };
    const forbidden = new ApiException(403, 'Forbidden', JSON.stringify(status), {});
    const failing: KubeClients = {
      ...h.clients,
      custom: new Proxy(h.clients.custom, {
        get(target, prop, receiver) {
          if (prop === 'deleteNamespacedCustomObject') {
            return (req: { plural: string }) => (req.plural === 'strategies' ? Promise.reject(forbidden) : target.deleteNamespacedCustomObject(req as never));
          }
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }),
    };
    await expect(applyStrategyImport(NS, STRATEGY, 'tester', failing)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await getJob(h, NS, STRATEGY)).toBeNull();
    expect(await strategyExists()).toBe(true);
    expect((await candidateLabels())[RELEASE_LABEL]).toBeUndefined();
  });

  it('creates the job, adopts the candidate, deletes the Strategy, and the controller takes over', async () => {
    const before = await h.clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v2' });
    const res = await call<StrategyImportResponse>(applyImport, 'POST', `${NS}/imports/${STRATEGY}`, { ns: NS, strategy: STRATEGY });
    expect(res).toEqual({ status: 201, body: { release: STRATEGY, adopted: ['reviews-v2'], deletedStrategy: STRATEGY } });
    expect(await strategyExists()).toBe(false);
    expect((await candidateLabels())[RELEASE_LABEL]).toBe(STRATEGY);

    const job = await waitForJob(h, NS, STRATEGY, (j) => j.status?.phase === 'Progressing' && statusWeights(j).v2 === 20, 'imported job progresses at 80/20', 60_000);
    expect(job.metadata.annotations?.[IMPORT_PENDING_ANNOTATION]).toBeUndefined();
    expect(job.metadata.annotations?.['graylane.io/imported-from']).toContain(STRATEGY);
    const after = await h.clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v2' });
    expect(after.metadata?.uid).toBe(before.metadata?.uid);

    const again = await call<{ error: { code: string } }>(applyImport, 'POST', `${NS}/imports/${STRATEGY}`, { ns: NS, strategy: STRATEGY });
    expect(again.status).toBe(404);
  }, 90_000);
});
