/**
 * The `/scale` subresource: an `autoscaling/v1` Scale view of a workload's replicas, for
 * Deployments/ReplicaSets and CRDs declaring `subresources.scale`.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/autoscaling/scale-v1/
 */
import { badRequest } from './errors';
import { isObject, type JsonObject } from './json-util';
import type { CrdVersionInfo } from './registry';
import { labelSelectorToString } from './selectors';
import { evalSimpleJsonPath } from './table';
import type { KubeObject } from './types';

type ScalePaths = NonNullable<CrdVersionInfo['scale']>;

const BUILTIN_PATHS: ScalePaths = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };

/** Builds the Scale object for a stored workload. */
export function toScale(obj: KubeObject, paths: ScalePaths = BUILTIN_PATHS): KubeObject {
  const m = obj.metadata;
  const sel = paths.labelSelectorPath ? evalSimpleJsonPath(obj, paths.labelSelectorPath) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(evalSimpleJsonPath(obj, paths.specReplicasPath) ?? 0) },
    status: { replicas: Number(evalSimpleJsonPath(obj, paths.statusReplicasPath) ?? 0), selector: typeof sel === 'string' ? sel : labelSelectorToString(sel) },
  };
}

function setPath(root: JsonObject, path: string, value: unknown): void {
  const segs = path.replace(/^\./, '').split('.');
  let cur = root;
  for (const s of segs.slice(0, -1)) {
    if (!isObject(cur[s])) cur[s] = {};
    cur = cur[s] as JsonObject;
  }
  cur[segs[segs.length - 1]] = value;
}

/** Returns a copy of the workload with spec replicas taken from the Scale (metadata.resourceVersion kept as precondition). */
export function applyScale(obj: KubeObject, scale: unknown, paths: ScalePaths = BUILTIN_PATHS): KubeObject {
  if (!isObject(scale) || !isObject(scale.spec)) throw badRequest('Scale in version "v1" cannot be handled as a Scale: spec is required');
  const replicas = scale.spec.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: invalid spec.replicas ${JSON.stringify(replicas)}`);
  }
  const next = structuredClone(obj);
  setPath(next, paths.specReplicasPath, replicas);
  const rv = isObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  if (typeof rv === 'string' && rv) next.metadata.resourceVersion = rv;
  return next;
}
