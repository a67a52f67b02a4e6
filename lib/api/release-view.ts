/**
 * Pure reshaping of a GrayscaleRelease and the objects around it (its Service's Deployments and
 * pods, the VirtualService in force, its Events) into the REST view model. The server lists the
 * objects; this decides what the UI sees, so it is unit-tested without a cluster.
 */
import { isManagedRoute, RELEASE_LABEL } from '../release/managed';
import { candidateDeploymentName } from '../release/names';
import { routedWeights } from '../release/offline';
import { effectiveSpec } from '../release/progressive';
import { RELEASE_PHASES, type GrayscaleRelease, type ReleasePhase, type ReleaseVersionStatus, type VirtualService } from '../release/types';
import { serviceSelects, matchesSelector } from './label-selector';
import type { KubeDeployment, KubePod, KubeService } from './kube-shapes';
import { progressiveView } from './release-progress';
import { releaseHistory, type KubeEvent } from './release-view-history';
import { offlineOutcome } from './release-view-offline';
import type { ReleaseConditionView, ReleaseOfflineView, ReleaseVersionView, ReleaseView } from './release-types';
import { imagesOf, podView, toIso, versionOf } from './view-models';

/** Everything a job's view is built from; lists may hold unrelated objects of the namespace. */
export interface ReleaseViewInput {
  release: GrayscaleRelease;
  /** the job's Service, null when it does not exist */
  service: KubeService | null;
  deployments: KubeDeployment[];
  pods: KubePod[];
  /** the VirtualService carrying the job's routes now, if any */
  virtualService: VirtualService | null;
  /** the job's Events (any order) */
  events: KubeEvent[];
}

/** The phase as reported, `Pending` until the controller has written one. */
export function releasePhase(release: GrayscaleRelease): ReleasePhase {
  const phase = release.status?.phase;
  return phase && (RELEASE_PHASES as readonly string[]).includes(phase) ? phase : 'Pending';
}

/**
 * The Deployment of one version: the workload status names, else the one the Service selects with
 * that `version` label (for the candidate, the one labelled as this job's first), else by the
 * candidate's derived name.
 */
function findDeployment(input: ReleaseViewInput, version: string, role: 'baseline' | 'candidate', status: ReleaseVersionStatus | undefined): KubeDeployment | undefined {
  const { deployments, release, service } = input;
  const named = (name: string | undefined) => (name ? deployments.find((d) => d.metadata?.name === name) : undefined);
  const fromStatus = named(status?.workload);
  if (fromStatus) return fromStatus;
  const selector = service?.spec?.selector;
  const ofVersion = deployments.filter((d) => versionOf(d) === version && (!selector || Object.keys(selector).length === 0 || serviceSelects(selector, d.spec?.template?.metadata?.labels)));
  if (role === 'candidate') {
    const ours = ofVersion.find((d) => d.metadata?.labels?.[RELEASE_LABEL] === release.metadata.name);
    if (ours) return ours;
    const baseline = findDeployment(input, release.spec.baseline.version, 'baseline', undefined);
    const derived = baseline?.metadata?.name ? named(candidateDeploymentName(baseline.metadata.name, release.spec.baseline.version, version)) : undefined;
    if (derived) return derived;
  }
  return ofVersion[0];
}

/** Percent of unmatched traffic per version: the VirtualService's routes when it has the job's, else status, else all on the baseline. */
function weightsNow(input: ReleaseViewInput): Record<string, number> {
  const { release, virtualService } = input;
  const { spec } = release;
  if (virtualService && (virtualService.spec.http ?? []).some((r) => isManagedRoute(r, release.metadata.name))) {
    return routedWeights(virtualService, release.metadata.name, spec);
  }
  const fromStatus = release.status?.versions ?? [];
  if (fromStatus.some((v) => v.weight !== undefined)) {
    return Object.fromEntries([spec.baseline.version, spec.candidate.version].map((v) => [v, fromStatus.find((s) => s.version === v)?.weight ?? 0]));
  }
  return { [spec.baseline.version]: 100, [spec.candidate.version]: 0 };
}

function versionView(input: ReleaseViewInput, role: 'baseline' | 'candidate', weights: Record<string, number>): ReleaseVersionView {
  const { spec } = input.release;
  const version = role === 'baseline' ? spec.baseline.version : spec.candidate.version;
  const status = input.release.status?.versions?.find((v) => v.version === version);
  const deployment = findDeployment(input, version, role, status);
  let images = deployment ? imagesOf(deployment) : {};
  if (!deployment && role === 'candidate') {
    // Not created yet: show what it will run (the baseline's images with the job's replacements).
    const baseline = findDeployment(input, spec.baseline.version, 'baseline', undefined);
    images = { ...(baseline ? imagesOf(baseline) : {}), ...(spec.candidate.images ?? {}) };
  }
  const pods = deployment ? input.pods.filter((p) => matchesSelector(deployment.spec?.selector, p.metadata?.labels)) : [];
  return {
    version,
    role,
    workload: status?.workload ?? deployment?.metadata?.name ?? null,
    replicas: status?.replicas ?? deployment?.spec?.replicas ?? (role === 'candidate' ? spec.candidate.replicas : 0),
    readyReplicas: status?.readyReplicas ?? deployment?.status?.readyReplicas ?? 0,
    weight: weights[version] ?? 0,
    images,
    pods: pods.map(podView).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function conditionViews(release: GrayscaleRelease): ReleaseConditionView[] {
  return (release.status?.conditions ?? []).map((c) => {
    const view: ReleaseConditionView = { type: c.type, status: c.status };
    if (c.reason) view.reason = c.reason;
    if (c.message) view.message = c.message;
    if (c.lastTransitionTime) view.lastTransitionTime = c.lastTransitionTime;
    return view;
  });
}

/**
 * A GrayscaleRelease as the UI shows it: versions with pods and the weights applied now, phase,
 * conditions, history and what Job Offline would do.
 * See https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export function releaseView(input: ReleaseViewInput): ReleaseView & { offline: ReleaseOfflineView; progressive: ReleaseView['progressive'] } {
  const { release } = input;
  const meta = release.metadata;
  const weights = weightsNow(input);
  const phase = releasePhase(release);
  const deleting = Boolean(meta.deletionTimestamp);
  const conditions = conditionViews(release);
  const versions = [versionView(input, 'baseline', weights), versionView(input, 'candidate', weights)];
  // a progressive job routes by its current step (lib/release/progressive.ts), so Job Offline is judged on that
  const routed = effectiveSpec(release.spec, release.status?.progress);
  const kept = versions.find((v) => v.version === (routed.takeOver || routed.baseline.version));
  return {
    name: meta.name,
    namespace: meta.namespace ?? '',
    strategy: release.spec.strategy,
    service: release.spec.service,
    resourceVersion: meta.resourceVersion ?? '',
    generation: meta.generation ?? 0,
    observedGeneration: release.status?.observedGeneration ?? 0,
    phase,
    spec: release.spec,
    versions,
    conditions,
    drifted: conditions.some((c) => c.type === 'Drifted' && c.status === 'True'),
    createdAt: toIso(meta.creationTimestamp),
    deleting,
    history: releaseHistory(input.events),
    offline: offlineOutcome({ spec: routed, phase, deleting, keptReady: (kept?.readyReplicas ?? 0) > 0 }),
    progressive: progressiveView(release),
  };
}

/** Newest first (by creation time, then name), as the job list shows them. */
export function compareNewestFirst(a: ReleaseView, b: ReleaseView): number {
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.name.localeCompare(b.name);
}
