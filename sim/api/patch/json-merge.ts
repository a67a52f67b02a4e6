import { deepClone, isObject, setOwn, type JsonObject } from './json-util';

/**
 * Applies a JSON merge patch (RFC 7386) without mutating either argument.
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#use-a-json-merge-patch-to-update-a-deployment
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  // RFC 7386 §2: a non-object patch replaces the whole target (and nulls inside it are kept,
  // because only object members are interpreted as deletions).
  if (!isObject(patch)) return deepClone(patch);
  const out: JsonObject = isObject(target) ? deepClone(target) : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) {
      delete out[key];
    } else {
      const current = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
      setOwn(out, key, applyMergePatch(current, value));
    }
  }
  return out;
}
