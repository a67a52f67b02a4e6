/**
 * The Create Job wizard's prefill for a Service: its baseline version and images, and a candidate
 * with the next free version name and the baseline's images with the version replaced
 * (`examples-bookinfo-reviews-v1:1.20.3` -> `examples-bookinfo-reviews-v2:1.20.3`).
 */
import { CANDIDATE_VERSION, CANDIDATE_VERSION_MAX } from '../release/names';
import type { KubeDeployment, KubeReleaseRef, KubeService } from './kube-shapes';
import type { ReleaseDefaults } from './release-types';
import { activeReleaseFor, deploymentsOfService, imagesOf, versionOf } from './view-models';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the baseline version where it stands as a whole token of an image reference (between
 * `/ : - _ . @` or the ends), so `v1` is replaced in `reviews-v1:1.0` but not inside `v10` or `1.20.1`.
 * See https://github.com/distribution/reference/blob/main/reference.go
 */
export function replaceVersionInImage(image: string, from: string, to: string): string {
  if (from === '') return image;
  const token = new RegExp(`(^|[/:@_.-])${escapeRegExp(from)}(?=$|[/:@_.-])`, 'g');
  return image.replace(token, (_m, lead: string) => `${lead}${to}`);
}

/** Makes any label value a valid candidate version (lower-case DNS label, at most 16 characters). */
function asCandidateVersion(value: string): string {
  const v = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, CANDIDATE_VERSION_MAX)
    .replace(/^-+|-+$/g, '');
  return CANDIDATE_VERSION.test(v) ? v : '';
}

/** The next free version after `baseline`: its trailing number incremented (v1 -> v2, skipping taken ones), else `<baseline>-canary`, else v2. */
export function suggestNextVersion(baseline: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const m = /^(.*?)(\d+)$/.exec(baseline);
  if (m) {
    for (let n = Number(m[2]) + 1; n < Number(m[2]) + 100; n++) {
      const v = asCandidateVersion(`${m[1]}${n}`);
      if (v && !used.has(v)) return v;
    }
  }
  for (const candidate of [`${baseline}-canary`, 'canary', 'v2', 'v3', 'next']) {
    const v = asCandidateVersion(candidate);
    if (v && !used.has(v) && v !== baseline.toLowerCase()) return v;
  }
  return 'canary-2';
}

/** Thrown when a Service has nothing to release; `field` names the query parameter at fault. */
export class DefaultsProblem extends Error {
  constructor(
    readonly field: 'service' | 'baseline',
    message: string,
  ) {
    super(message);
    this.name = 'DefaultsProblem';
  }
}

/**
 * Prefill for a new job on `service`, with `baseline` (a version label value) or else its first version.
 * See https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export function releaseDefaults(service: KubeService, deployments: KubeDeployment[], releases: KubeReleaseRef[], baseline?: string): ReleaseDefaults {
  const name = service.metadata?.name ?? '';
  const own = deploymentsOfService(service, deployments).filter((d) => versionOf(d) !== '');
  if (own.length === 0) throw new DefaultsProblem('service', `Service ${name} selects no Deployment with a version label, so there is no baseline to release from`);
  const versions = [...new Set(own.map(versionOf))];
  const base = baseline === undefined ? own[0] : own.find((d) => versionOf(d) === baseline);
  if (!base) throw new DefaultsProblem('baseline', `Service ${name} has no version ${baseline} (versions: ${versions.join(', ')})`);
  const baseVersion = versionOf(base);
  const next = suggestNextVersion(baseVersion, versions);
  const images = imagesOf(base);
  const candidateImages = Object.fromEntries(Object.entries(images).map(([c, image]) => [c, replaceVersionInImage(image, baseVersion, next)]));
  const replicas = base.spec?.replicas ?? 1;
  const defaults: ReleaseDefaults = {
    service: name,
    baseline: { version: baseVersion, deployment: base.metadata?.name ?? '', replicas, images },
    candidate: { version: next, replicas: Math.max(1, replicas), images: candidateImages },
    versions,
  };
  const active = activeReleaseFor(name, releases);
  if (active) defaults.activeRelease = active;
  return defaults;
}
