/**
 * Names the deployment controller gives pods, shaped like the names a real cluster produces
 * (`<deployment>-<pod-template-hash>-<5 chars>`), so screenshots, logs and tests look familiar.
 */
import { stableStringify } from './stable-json';

/** Kubernetes' "safe" alphabet: no vowels (no accidental words) and no 0/1/3 (look like o/l/e). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Longest generated name prefix the apiserver keeps before appending 5 random characters. */
const MAX_GENERATE_NAME_PREFIX = 58;

/**
 * Maps each character of `s` into the safe alphabet, as `rand.SafeEncodeString` does.
 * @see https://pkg.go.dev/k8s.io/apimachinery/pkg/util/rand#SafeEncodeString
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * `n` random characters from the safe alphabet, like the suffix of a `generateName`.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#generated-values
 */
export function randomSuffix(n = 5, random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET[Math.floor(random() * SAFE_ALPHABET.length)];
  return out;
}

/** 32-bit FNV-1a, the hash Kubernetes uses for pod-template-hash. */
export function fnv1a32(input: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(input);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The `pod-template-hash` of a pod template: FNV-1a of the template (plus the collision count, as
 * in Kubernetes), its decimal digits rendered in the safe alphabet, which gives 1-10 characters
 * (almost always 8-10).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  // The label itself must not feed the hash, or the hash would change once it is added.
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  const suffix = collisionCount ? `#${collisionCount}` : '';
  return safeEncodeString(String(fnv1a32(stableStringify(copy) + suffix)));
}

/**
 * The name prefix of a Deployment's pods, `<deployment>-<hash>-`, truncated as the apiserver
 * truncates a `generateName`.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/#ObjectMeta
 */
export function podNamePrefix(deploymentName: string, hash: string): string {
  const prefix = `${deploymentName}-${hash}-`;
  return prefix.length > MAX_GENERATE_NAME_PREFIX ? prefix.slice(0, MAX_GENERATE_NAME_PREFIX) : prefix;
}

/** A full pod name for a Deployment: `<deployment>-<hash>-<5 random chars>`. */
export function podName(deploymentName: string, hash: string, random: () => number = Math.random): string {
  return podNamePrefix(deploymentName, hash) + randomSuffix(5, random);
}
