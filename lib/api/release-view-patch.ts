/**
 * PATCH /releases/{name} on a spec: the resulting spec (validated afterwards like a new job's) and
 * the JSON merge patch that makes the change, touching only the fields the request names.
 */
import type { GrayscaleReleaseSpec } from '../release/types';
import type { PatchReleaseRequest } from './release-types';

/** The request's fields that change the spec (resourceVersion and generation are preconditions, not changes). */
export function patchChangesSomething(request: PatchReleaseRequest): boolean {
  return request.candidateWeight !== undefined || request.candidateReplicas !== undefined || request.match !== undefined || request.mirrorPercent !== undefined;
}

/** The spec after the change; an empty `match` list removes the conditions. */
export function applyReleasePatch(spec: GrayscaleReleaseSpec, request: PatchReleaseRequest): GrayscaleReleaseSpec {
  const traffic = { ...spec.traffic };
  if (request.candidateWeight !== undefined) traffic.candidateWeight = request.candidateWeight;
  if (request.mirrorPercent !== undefined) traffic.mirrorPercent = request.mirrorPercent;
  if (request.match !== undefined) {
    if (request.match.length === 0) delete traffic.match;
    else traffic.match = request.match;
  }
  const candidate = request.candidateReplicas === undefined ? spec.candidate : { ...spec.candidate, replicas: request.candidateReplicas };
  return { ...spec, candidate, traffic };
}

/**
 * The JSON merge patch of `spec` for a request (null deletes a field; lists are replaced whole).
 * See https://datatracker.ietf.org/doc/html/rfc7386
 */
export function releaseMergePatch(request: PatchReleaseRequest): Record<string, unknown> {
  const traffic: Record<string, unknown> = {};
  if (request.candidateWeight !== undefined) traffic.candidateWeight = request.candidateWeight;
  if (request.mirrorPercent !== undefined) traffic.mirrorPercent = request.mirrorPercent;
  if (request.match !== undefined) traffic.match = request.match.length === 0 ? null : request.match;
  const spec: Record<string, unknown> = {};
  if (Object.keys(traffic).length > 0) spec.traffic = traffic;
  if (request.candidateReplicas !== undefined) spec.candidate = { replicas: request.candidateReplicas };
  return spec;
}
