import 'server-only';
import { ownedDestinationRule, ownedGatewayVirtualServices, ownedVirtualService } from '@/lib/release/owned-objects';
import {
  candidateDeploymentName,
  RELEASE_LABEL,
  VERSION_LABEL,
  type Deployment,
  type DestinationRule,
  type GrayscaleRelease,
  type Service,
  type VirtualService,
} from '@/lib/release';
import type { Verdict } from '@/lib/analysis';
import type { Informer, KubeObject } from './informer';

/** The caches a reconcile reads from (one informer per kind). */
export interface Caches {
  releases: Informer;
  deployments: Informer;
  services: Informer;
  pods: Informer;
  virtualServices: Informer;
  destinationRules: Informer;
}

/** Everything one reconcile of a job needs to know, read at one instant. */
export interface World {
  release: GrayscaleRelease;
  /** other jobs in the namespace for the same Service */
  rivals: GrayscaleRelease[];
  service: Service | null;
  /** the Deployment the Service selects with `version=<baseline>` (not being deleted) */
  baseline: Deployment | null;
  /** the candidate Deployment this job owns (not being deleted) */
  candidate: Deployment | null;
  /** a Deployment holding the candidate's name that this job does not own */
  foreignCandidate: Deployment | null;
  /** ready, non-terminating pods of the Service per `version` label */
  readyPods: Record<string, number>;
  virtualService: VirtualService | null;
  /** gateway-only VirtualServices routing to the Service (ingress traffic the job also governs) */
  gatewayVirtualServices: VirtualService[];
  destinationRule: DestinationRule | null;
  /** labels of the job's namespace; undefined when not read (mesh membership is then not judged) */
  namespaceLabels?: Record<string, string>;
  /** the reconcile's clock (ms), one value for every decide of one reconcile; default Date.now() */
  now?: number;
  /** progressive jobs: the analysis look taken in this reconcile, if one was due */
  look?: Verdict;
}

const as = <T>(o: KubeObject | undefined): T | null => (o ? (o as unknown as T) : null);

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

const deleting = (o: { metadata: { deletionTimestamp?: string } }) => Boolean(o.metadata.deletionTimestamp);
const byName = (a: { metadata: { name: string } }, b: { metadata: { name: string } }) => a.metadata.name.localeCompare(b.metadata.name);

/** Whether a pod is Ready and not terminating (what Envoy would send requests to). https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions */
export function isPodReady(pod: KubeObject): boolean {
  if ((pod.metadata as { deletionTimestamp?: string }).deletionTimestamp) return false;
  const status = (pod.status ?? {}) as { conditions?: { type: string; status: string }[] };
  return (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Reads a job's world from the informer caches, or null when the job is gone.
 * https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export function readWorld(caches: Caches, namespace: string, name: string, namespaceLabels?: Record<string, string>): World | null {
  const release = as<GrayscaleRelease>(caches.releases.get(namespace, name));
  if (!release) return null;
  const spec = release.spec ?? ({} as GrayscaleRelease['spec']);
  const rivals = caches.releases
    .list(namespace)
    .map((o) => o as unknown as GrayscaleRelease)
    .filter((r) => r.metadata.name !== name && r.spec?.service === spec.service);
  const service = spec.service ? as<Service>(caches.services.get(namespace, spec.service)) : null;
  const selector = service?.spec.selector;
  const baselineVersion = spec.baseline?.version;
  const candidateVersion = spec.candidate?.version;

  const deployments = caches.deployments.list(namespace).map((o) => o as unknown as Deployment).sort(byName);
  const baseline =
    deployments.find((d) => !deleting(d) && selects(selector, d.spec.template.metadata?.labels) && d.spec.template.metadata?.labels?.[VERSION_LABEL] === baselineVersion) ?? null;
  const ours = deployments.find(
    (d) => !deleting(d) && d.metadata.labels?.[RELEASE_LABEL] === name && d.spec.template.metadata?.labels?.[VERSION_LABEL] === candidateVersion,
  );
  const expectedName = baseline && baselineVersion && candidateVersion ? candidateDeploymentName(baseline.metadata.name, baselineVersion, candidateVersion) : undefined;
  const named = expectedName ? deployments.find((d) => d.metadata.name === expectedName) : undefined;
  const foreignCandidate = named && named.metadata.labels?.[RELEASE_LABEL] !== name ? named : null;

  const readyPods: Record<string, number> = {};
  for (const pod of caches.pods.list(namespace)) {
    const labels = (pod.metadata as { labels?: Record<string, string> }).labels;
    if (!selects(selector, labels) || !isPodReady(pod)) continue;
    const version = labels?.[VERSION_LABEL] ?? '';
    readyPods[version] = (readyPods[version] ?? 0) + 1;
  }

  const vsList = caches.virtualServices.list(namespace).map((o) => o as unknown as VirtualService);
  const drList = caches.destinationRules.list(namespace).map((o) => o as unknown as DestinationRule);
  return {
    release,
    rivals,
    service,
    baseline,
    candidate: ours ?? null,
    foreignCandidate,
    readyPods,
    virtualService: service ? ownedVirtualService(vsList, { releaseName: name, serviceName: service.metadata.name, namespace }) : null,
    gatewayVirtualServices: service ? ownedGatewayVirtualServices(vsList, { releaseName: name, serviceName: service.metadata.name, namespace }) : [],
    destinationRule: service ? ownedDestinationRule(drList, { serviceName: service.metadata.name, namespace }) : null,
    namespaceLabels,
  };
}
