import jsonpatch, { type Operation } from 'fast-json-patch';
import { ApiError, badRequest } from '../errors';
import { deepClone, isObject } from './json-util';

/** The apiserver refuses larger JSON patches with 413 (maxJSONPatchOperations in patch.go). */
const MAX_OPERATIONS = 10000;

/** Path segments that could reach Object.prototype when a patch is applied to JS objects. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * kube answers every failure while *applying* a decoded JSON patch (failed `test`, missing path,
 * unknown op) with a generic 422 whose message drops the library's detail
 * (apierrors.NewGenericServerResponse(422, ...) in apiserver's patch handler).
 */
function applyFailed(): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Applies a JSON patch (RFC 6902) like the apiserver does for `application/json-patch+json`;
 * the inputs are never mutated.
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#use-a-json-patch-to-update-a-deployment
 */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  // Decoding stage (evanphx/json-patch DecodePatch): anything but an array of objects is a 400.
  if (!Array.isArray(operations)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  if (!operations.every(isObject)) {
    throw badRequest('json: cannot unmarshal non-object into Go value of type jsonpatch.Operation');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw new ApiError(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${operations.length}`);
  }
  for (const op of operations) {
    for (const key of ['path', 'from'] as const) {
      const pointer = op[key];
      if (typeof pointer !== 'string') continue;
      const bad = pointerSegments(pointer).find((s) => FORBIDDEN_SEGMENTS.has(s));
      if (bad !== undefined) throw badRequest(`json patch: ${key} ${JSON.stringify(pointer)} contains the forbidden segment ${JSON.stringify(bad)}`);
    }
  }
  // fast-json-patch inserts operation values by reference: clone them so that the result never
  // aliases the request body (and the caller's object is never touched: mutateDocument=false).
  const ops = deepClone(operations) as unknown as Operation[];
  try {
    return jsonpatch.applyPatch(deepClone(target), ops, true, true, true).newDocument;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw applyFailed();
  }
}
