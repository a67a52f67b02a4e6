import 'server-only';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { AppError, type FieldError } from '@/lib/api/errors';
import type { StrategyImportResponse } from '@/lib/kubesphere/import-view';
import { IMPORT_PENDING_ANNOTATION, KS_SERVICEMESH_GROUP, KS_STRATEGY_PLURAL, KS_STRATEGY_VERSION, type KsStrategy } from '@/lib/kubesphere/strategy-types';
import { RELEASE_GROUP, RELEASE_LABEL, RELEASE_PLURAL } from '@/lib/release';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { isNotFound } from '../kube/not-found';
import { requireProject } from '../projects/projects';
import { createRelease } from '../releases/create';
import { readNamespaceObjects, toPlain } from '../releases/namespace-objects';
import { RELEASE_VERSION } from '../releases/release-objects';
import { previewFromObjects, strategiesServed, type StrategyImportPreview } from './strategies';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategyWhere = (ns: string) => ({ group: KS_SERVICEMESH_GROUP, version: KS_STRATEGY_VERSION, plural: KS_STRATEGY_PLURAL, namespace: ns });


/** The preview refuses: 422 with its fields (409 when the Service is taken or the name exists). */
function refusal(preview: StrategyImportPreview): AppError | null {
  if (!preview.release || preview.errors.length > 0) {
    const fields: FieldError[] = preview.errors.length > 0 ? preview.errors : [{ field: 'spec', message: 'the Strategy cannot be converted into a release job' }];
    return new AppError('invalid', `Strategy ${preview.strategy.name} cannot be imported: ${fields.map((f) => f.message).join('; ')}`, { fields });
  }
  if (preview.contextErrors.length > 0) {
    const taken = preview.contextErrors.some((f) => f.field === 'metadata.name' || /active/i.test(f.message));
    return new AppError(taken ? 'conflict' : 'invalid', `Strategy ${preview.strategy.name} cannot be imported now: ${preview.contextErrors.map((f) => f.message).join('; ')}`, { fields: preview.contextErrors });
  }
  return null;
}

async function setReleaseLabel(ns: string, deployment: string, value: string | null, clients: KubeClients): Promise<void> {
  await kubeCall(clients, (c) => c.apps.patchNamespacedDeployment({ name: deployment, namespace: ns, body: { metadata: { labels: { [RELEASE_LABEL]: value } } } }, MERGE_PATCH));
}

/** Rollback steps never hide the error that caused them; one failing is logged and the rest still run. */
async function undo(steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (err) {
      console.error(`[kubesphere-import] rollback step failed: ${(err as Error).message}`);
    }
  }
}

/**
 * Applies the import of one KubeSphere Strategy, all or nothing: label the KubeSphere-made
 * candidate Deployment `graylane.io/release=<job>` (so the controller adopts it rather than refusing
 * the version), create the job through the REST API's create path (same checks, including the mesh)
 * held with `graylane.io/import-pending` so the controller does not act yet, delete the Strategy,
 * then release the hold. A failure undoes the steps already done, newest first.
 * https://kubesphere.io/docs/v3.4/project-user-guide/grayscale-release/overview/
 */
export async function applyStrategyImport(ns: string, strategyName: string, user: string, clients: KubeClients = getKubeClients()): Promise<StrategyImportResponse> {
  if (!(await strategiesServed(clients))) throw new AppError('not_found', `no KubeSphere Strategy ${strategyName} in project ${ns}: the servicemesh.kubesphere.io API is not installed`);
  let raw: unknown;
  try {
    raw = await kubeCall(clients, (c) => c.custom.getNamespacedCustomObject({ ...strategyWhere(ns), name: strategyName }));
  } catch (err) {
    if (isNotFound(err)) throw new AppError('not_found', `KubeSphere Strategy ${strategyName} not found in project ${ns}`);
    throw err;
  }
  const strategy = toPlain<KsStrategy>(raw, `${KS_SERVICEMESH_GROUP}/${KS_STRATEGY_VERSION}`, 'Strategy');
  const [namespace, objects] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients)]);
  const preview = previewFromObjects({ ...strategy, metadata: { ...strategy.metadata, namespace: ns } }, objects, namespace.metadata?.labels ?? {});
  const refused = refusal(preview);
  if (refused) throw refused;
  const job = preview.release!;
  const jobName = job.metadata.name;

  const done: (() => Promise<unknown>)[] = [];
  try {
    for (const deployment of preview.adopt) {
      await setReleaseLabel(ns, deployment, jobName, clients);
      done.push(() => setReleaseLabel(ns, deployment, null, clients));
    }
    const annotations = { ...job.metadata.annotations, [IMPORT_PENDING_ANNOTATION]: strategyName };
    await createRelease(ns, { name: jobName, spec: job.spec }, user, clients, annotations);
    // Never accepted while held, so deleting it has no finalizer to run: it just disappears.
    done.push(() => kubeCall(clients, (c) => c.custom.deleteNamespacedCustomObject({ group: RELEASE_GROUP, version: RELEASE_VERSION, plural: RELEASE_PLURAL, namespace: ns, name: jobName })));
    await kubeCall(clients, (c) => c.custom.deleteNamespacedCustomObject({ ...strategyWhere(ns), name: strategyName }));
    done.push(() => recreateStrategy(ns, strategy, clients));
    await kubeCall(clients, (c) =>
      c.custom.patchNamespacedCustomObject(
        { group: RELEASE_GROUP, version: RELEASE_VERSION, plural: RELEASE_PLURAL, namespace: ns, name: jobName, body: { metadata: { annotations: { [IMPORT_PENDING_ANNOTATION]: null } } } },
        MERGE_PATCH,
      ),
    );
    return {
      release: jobName,
      adopted: preview.adopt,
      deletedStrategy: strategyName,
    };
  } catch (err) {
    await undo(done);
    throw err;
  }
}

/** Puts a deleted Strategy back (rollback of the last step): same spec, labels and annotations. */
async function recreateStrategy(ns: string, strategy: KsStrategy, clients: KubeClients): Promise<void> {
  const { name, labels, annotations } = strategy.metadata;
  const body = { apiVersion: `${KS_SERVICEMESH_GROUP}/${KS_STRATEGY_VERSION}`, kind: 'Strategy', metadata: { name, namespace: ns, labels, annotations }, spec: strategy.spec };
  await kubeCall(clients, (c) => c.custom.createNamespacedCustomObject({ ...strategyWhere(ns), body }));
}
