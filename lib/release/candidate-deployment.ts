/**
 * The candidate Deployment, derived from the baseline: same spec, the version label rewritten,
 * images replaced, replicas from the job.
 *
 * No ownerReference to the GrayscaleRelease: garbage collection would delete the candidate when
 * the job object is deleted, but Job Offline may keep the candidate (takeOver: v2), and a finished
 * job may then be deleted while v2 serves all traffic. Ownership is instead marked by the
 * `graylane.io/release` label, and the controller's finalizer removes the candidate only when the
 * job's plan says so (see offline.ts).
 */

import { clone } from './clone';
import { DERIVED_FROM_ANNOTATION, LAST_APPLIED_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE, RELEASE_LABEL } from './managed';
import { candidateDeploymentName } from './names';
import { VERSION_LABEL, type Container, type Deployment, type GrayscaleReleaseSpec } from './types';

/** Labels Istio reads the revision from before `version`; rewriting them keeps telemetry per version right. */
const REVISION_LABELS = ['service.istio.io/canonical-revision', 'app.kubernetes.io/version'];
/** Server-set metadata that must not be copied into a new object. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'ownerReferences', 'finalizers'];
const SERVER_ANNOTATIONS = [LAST_APPLIED_ANNOTATION, 'deployment.kubernetes.io/revision'];

function rewriteVersion(labels: Record<string, string> | undefined, from: string, to: string, alwaysSet: boolean): Record<string, string> {
  const out = { ...(labels ?? {}) };
  if (alwaysSet || VERSION_LABEL in out) out[VERSION_LABEL] = to;
  for (const key of REVISION_LABELS) if (out[key] === from) out[key] = to;
  return out;
}

function replaceImages(containers: Container[] | undefined, images: Record<string, string>): Container[] | undefined {
  return containers?.map((c) => (images[c.name] ? { ...c, image: images[c.name] } : c));
}

/**
 * Derives the candidate Deployment from the baseline one for a release.
 * See https://kubernetes.io/docs/concepts/workloads/controllers/deployment/ and https://istio.io/latest/docs/concepts/traffic-management/#destination-rules
 */
export function deriveCandidateDeployment(releaseName: string, spec: GrayscaleReleaseSpec, baseline: Deployment): Deployment {
  const from = spec.baseline.version;
  const to = spec.candidate.version;
  const copy = clone(baseline);
  const metadata = { ...copy.metadata };
  for (const key of SERVER_FIELDS) delete metadata[key];
  const annotations = { ...(metadata.annotations ?? {}) };
  for (const key of SERVER_ANNOTATIONS) delete annotations[key];
  annotations[DERIVED_FROM_ANNOTATION] = baseline.metadata.name;

  const template = copy.spec.template;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...metadata,
      name: candidateDeploymentName(baseline.metadata.name, from, to),
      labels: { ...rewriteVersion(metadata.labels, from, to, true), [RELEASE_LABEL]: releaseName, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations,
    },
    spec: {
      ...copy.spec,
      replicas: spec.candidate.replicas,
      // The version in the selector keeps the two Deployments from adopting each other's pods.
      selector: { ...copy.spec.selector, matchLabels: rewriteVersion(copy.spec.selector.matchLabels, from, to, true) },
      template: {
        ...template,
        metadata: { ...(template.metadata ?? {}), labels: rewriteVersion(template.metadata?.labels, from, to, true) },
        spec: {
          ...template.spec,
          containers: replaceImages(template.spec.containers, spec.candidate.images ?? {}) ?? [],
          ...(template.spec.initContainers ? { initContainers: replaceImages(template.spec.initContainers, spec.candidate.images ?? {}) } : {}),
        },
      },
    },
  };
}

/**
 * What the controller makes of a candidate Deployment that already exists: the job's replicas and
 * named images enforced, everything else (the user's tuning, server-set annotations, defaults)
 * left as it is. The preview shows this, so a running job in sync shows no change.
 * See https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment
 */
export function updateCandidateDeployment(current: Deployment, spec: GrayscaleReleaseSpec): Deployment {
  const next = clone(current);
  delete (next as Deployment & { status?: unknown }).status;
  next.spec.replicas = spec.candidate.replicas;
  const images = spec.candidate.images ?? {};
  next.spec.template.spec.containers = replaceImages(next.spec.template.spec.containers, images) ?? [];
  if (next.spec.template.spec.initContainers) next.spec.template.spec.initContainers = replaceImages(next.spec.template.spec.initContainers, images);
  return next;
}

/** Whether a Deployment is this job's candidate (labelled by it, pods of the candidate version). */
export function isOwnCandidate(d: Deployment, releaseName: string, spec: GrayscaleReleaseSpec): boolean {
  return d.metadata.labels?.[RELEASE_LABEL] === releaseName && d.spec.template.metadata?.labels?.[VERSION_LABEL] === spec.candidate.version;
}

/**
 * Images the wizard pre-fills for the candidate: each baseline container's image with the baseline
 * version replaced where it stands as a whole token (`reviews-v1:1.20` -> `reviews-v2:1.20`);
 * containers whose image does not mention the version are left out (they keep the baseline's).
 * See https://kubernetes.io/docs/concepts/containers/images/
 */
export function suggestCandidateImages(baseline: Deployment, baselineVersion: string, candidateVersion: string): Record<string, string> {
  const escaped = baselineVersion.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  // JavaScript-only regex (never sent to Envoy), so lookaround is fine here.
  const token = new RegExp(`(?<![A-Za-z0-9.])${escaped}(?![A-Za-z0-9.])`, 'g');
  const out: Record<string, string> = {};
  for (const c of baseline.spec.template.spec.containers) {
    if (!c.image) continue;
    const next = c.image.replace(token, candidateVersion);
    if (next !== c.image) out[c.name] = next;
  }
  return out;
}
