/**
 * Naming rules shared by validation and translation: Kubernetes name syntaxes, version label values,
 * the subset name derived from a version and the candidate Deployment's name.
 */

/** DNS-1123 label (most Kubernetes object names): https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1035 label (Service names must start with a letter). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A label value (the baseline's `version` may be any existing label value, e.g. `1.2.0`). */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** The candidate version: DNS-safe already, so its subset name is the version itself. */
export const CANDIDATE_VERSION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const CANDIDATE_VERSION_MAX = 16;

/**
 * The DestinationRule subset name for a `version` label value: lower-cased, `.`/`_` turned into `-`,
 * trimmed to a DNS-1123 label, because Istio validates subset names as DNS-1123 labels.
 * See https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset.
 */
export function subsetNameFor(version: string): string {
  const name = version
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'version' : name;
}

/**
 * The candidate Deployment's name: the baseline's name with a trailing `-<baselineVersion>` replaced
 * (`reviews-v1` -> `reviews-v2`), else with `-<candidateVersion>` appended.
 * See https://kubernetes.io/docs/concepts/workloads/controllers/deployment/.
 */
export function candidateDeploymentName(baselineName: string, baselineVersion: string, candidateVersion: string): string {
  // Compare against the DNS-safe form: a `version: V1.0` Deployment is typically named `x-v1-0`.
  for (const suffix of [`-${baselineVersion}`, `-${subsetNameFor(baselineVersion)}`]) {
    if (baselineName.endsWith(suffix) && baselineName.length > suffix.length) {
      return `${baselineName.slice(0, -suffix.length)}-${candidateVersion}`;
    }
  }
  return `${baselineName}-${candidateVersion}`;
}
