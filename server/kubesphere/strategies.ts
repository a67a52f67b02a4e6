import 'server-only';
import type { StrategyImportPreview } from '@/lib/kubesphere/import-view';
import { importStrategy } from '@/lib/kubesphere/strategy-import';
import { KS_ANNOTATIONS, KS_SERVICEMESH_GROUP, KS_STRATEGY_PLURAL, KS_STRATEGY_VERSION, type KsStrategy, type WorkloadFacts } from '@/lib/kubesphere/strategy-types';
import { isServiceHost, RELEASE_LABEL, validateReleaseContext, VERSION_LABEL, type Deployment, type FieldError } from '@/lib/release';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { pickVersion, servedGroups } from '../kube/discovery';
import { orWhenNotFound } from '../kube/not-found';
import { readNamespaceObjects, toPlain, type NamespaceObjects } from '../releases/namespace-objects';
import { baselineDeploymentOf, contextFacts } from '../releases/validation';
import { meshMembership, templateWorkload } from '@/lib/mesh/membership';
import { requireProject } from '../projects/projects';

/** KubeSphere's Strategy objects, or why there are none. */
export interface StrategyList {
  /** false when the cluster does not serve `strategies.servicemesh.kubesphere.io` (no KubeSphere 3.x mesh) */
  available: boolean;
  items: KsStrategy[];
}

export type { StrategyImportPreview } from '@/lib/kubesphere/import-view';

/**
 * Whether the cluster serves KubeSphere's Strategy API. Discovery rather than reading the CRD, so
 * the console needs no permission on customresourcedefinitions.
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
export async function strategiesServed(clients: KubeClients = getKubeClients()): Promise<boolean> {
  return pickVersion(await servedGroups(clients), KS_SERVICEMESH_GROUP, [KS_STRATEGY_VERSION]) !== undefined;
}

/**
 * Lists KubeSphere 3.x Strategy objects in a namespace (or all namespaces); `available: false` and
 * no items when the API is not served.
 * https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export async function listStrategies(ns?: string, clients: KubeClients = getKubeClients()): Promise<StrategyList> {
  if (!(await strategiesServed(clients))) return { available: false, items: [] };
  const where = { group: KS_SERVICEMESH_GROUP, version: KS_STRATEGY_VERSION, plural: KS_STRATEGY_PLURAL };
  const list = await orWhenNotFound(
    kubeCall(clients, (c) => (ns ? c.custom.listNamespacedCustomObject({ ...where, namespace: ns }) : c.custom.listClusterCustomObject(where))),
    { items: [] },
  );
  const items = ((list as { items?: unknown[] }).items ?? []).map((o) => toPlain<KsStrategy>(o, `${KS_SERVICEMESH_GROUP}/${KS_STRATEGY_VERSION}`, 'Strategy'));
  return { available: true, items };
}

function workloadFacts(d: Deployment | undefined): WorkloadFacts | null {
  if (!d) return null;
  return {
    name: d.metadata.name,
    version: d.spec.template.metadata?.labels?.[VERSION_LABEL],
    replicas: d.spec.replicas,
    containers: d.spec.template.spec.containers.map((c) => ({ name: c.name, image: c.image })),
  };
}

/** The Deployment KubeSphere named in an annotation, else the one of the Strategy's app running `version`. */
function findWorkload(objects: NamespaceObjects, strategy: KsStrategy, name: string | undefined, version: string | undefined): Deployment | undefined {
  if (name) {
    const named = objects.deployments.find((d) => d.metadata.name === name);
    if (named) return named;
  }
  const app = strategy.spec.selector?.matchLabels?.app;
  if (!app || !version) return undefined;
  return objects.deployments.find((d) => d.spec.template.metadata?.labels?.app === app && d.spec.template.metadata?.labels?.[VERSION_LABEL] === version);
}

/**
 * Builds the import preview of one Strategy from the objects of its namespace (pure apart from
 * the reads already done): the converted job, warnings, the cluster checks and what to adopt.
 */
export function previewFromObjects(stored: KsStrategy, objects: NamespaceObjects, namespaceLabels?: Record<string, string>): StrategyImportPreview {
  // Objects read from a cluster are not guaranteed to carry a spec.
  const strategy: KsStrategy = { ...stored, spec: stored.spec ?? {} };
  const ns = strategy.metadata.namespace ?? '';
  const annotations = strategy.metadata.annotations ?? {};
  const host = strategy.spec.template?.spec?.hosts?.[0] ?? '';
  const destinationRule = objects.destinationRules.find((dr) => host && isServiceHost(dr.spec.host, host.split('.')[0], ns)) ?? null;
  // A first pass tells the candidate version, needed to find its workload when no annotation names it.
  const first = importStrategy(strategy, { destinationRule });
  const baseline = findWorkload(objects, strategy, annotations[KS_ANNOTATIONS.oldWorkloadName], strategy.spec.principal);
  const candidate = findWorkload(objects, strategy, annotations[KS_ANNOTATIONS.newWorkloadName], first.release?.spec.candidate.version);
  const result = importStrategy(strategy, { destinationRule, baselineWorkload: workloadFacts(baseline), candidateWorkload: workloadFacts(candidate) });

  const adopt = candidate && candidate.metadata.labels?.[RELEASE_LABEL] !== result.release?.metadata.name ? [candidate.metadata.name] : [];
  let contextErrors: FieldError[] = [];
  if (result.release) {
    const name = result.release.metadata.name;
    // Check as if the candidate were already adopted: that is what applying the import does first.
    const adopted = objects.deployments.map((d) => (adopt.includes(d.metadata.name) ? { ...d, metadata: { ...d.metadata, labels: { ...d.metadata.labels, [RELEASE_LABEL]: name } } } : d));
    contextErrors = validateReleaseContext(result.release.spec, contextFacts(ns, name, result.release.spec, { ...objects, deployments: adopted }));
    const baselineDeployment = baselineDeploymentOf(result.release.spec, objects);
    const mesh = meshMembership({ namespace: ns, namespaceLabels, service: result.release.spec.service, workloads: baselineDeployment ? [templateWorkload(baselineDeployment)] : [] });
    if (!mesh.inMesh) contextErrors.push({ field: 'spec.service', message: mesh.reason });
    if (objects.releases.some((r) => r.metadata.name === name)) contextErrors.push({ field: 'metadata.name', message: `metadata.name: a release job named ${name} already exists in project ${ns}` });
  }
  return {
    ...result,
    strategy: { name: strategy.metadata.name, namespace: ns, type: strategy.spec.type },
    contextErrors,
    adopt,
    strategyStillPresent: true,
  };
}

/**
 * Import previews for every Strategy of a namespace (one read of the namespace's objects for all).
 * Nothing is written; import-apply.ts applies one (label `adopt`, create the job, then delete the
 * Strategy so KubeSphere's controller stops writing routes).
 * https://kubesphere.io/docs/v3.4/project-user-guide/grayscale-release/overview/
 */
export async function previewStrategyImports(ns: string, clients: KubeClients = getKubeClients()): Promise<{ available: boolean; previews: StrategyImportPreview[] }> {
  const list = await listStrategies(ns, clients);
  if (!list.available || list.items.length === 0) return { available: list.available, previews: [] };
  const [namespace, objects] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients)]);
  const labels = namespace.metadata?.labels ?? {};
  return { available: true, previews: list.items.map((s) => previewFromObjects({ ...s, metadata: { ...s.metadata, namespace: ns } }, objects, labels)) };
}

/** The import preview of one Strategy; 404 when it does not exist or the API is not served. */
export async function previewStrategyImport(ns: string, name: string, clients: KubeClients = getKubeClients()): Promise<StrategyImportPreview> {
  const where = { group: KS_SERVICEMESH_GROUP, version: KS_STRATEGY_VERSION, plural: KS_STRATEGY_PLURAL, namespace: ns, name };
  const [raw, objects, namespace] = await Promise.all([kubeCall(clients, (c) => c.custom.getNamespacedCustomObject(where)), readNamespaceObjects(ns, clients), requireProject(ns, clients)]);
  const strategy = toPlain<KsStrategy>(raw, `${KS_SERVICEMESH_GROUP}/${KS_STRATEGY_VERSION}`, 'Strategy');
  return previewFromObjects({ ...strategy, metadata: { ...strategy.metadata, namespace: ns } }, objects, namespace.metadata?.labels ?? {});
}
