/**
 * Writes the release's subsets into a DestinationRule, adopting an existing one: its trafficPolicy,
 * other subsets and every other field are kept, and an existing subset for one of our versions is
 * kept as is (with its own trafficPolicy). A subset exists only for a version that can receive
 * traffic, so a VirtualService route never points at a subset without pods.
 */

import { clone } from './clone';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, RELEASE_LABEL } from './managed';
import { subsetNameFor } from './names';
import { ISTIO_API_VERSION, VERSION_LABEL, type DestinationRule, type Subset } from './types';

export interface SubsetPlan {
  /** Versions that must have a subset now. */
  present: string[];
  /** Versions the release manages whose subset must go when not present. */
  managed: string[];
}

export class SubsetCollisionError extends Error {
  constructor(
    readonly version: string,
    readonly subset: string,
  ) {
    super(`subset "${subset}" for version ${version} already exists in the DestinationRule with other labels`);
  }
}

const isSubsetOf = (subset: Subset, version: string) => subset.name === subsetNameFor(version) && subset.labels?.[VERSION_LABEL] === version;

/**
 * Builds the DestinationRule with one subset per present version (labels `{version: <v>}` only: the
 * Service's own selector already picks the pods).
 * See https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export function mergeDestinationRule(input: {
  releaseName: string;
  namespace: string | undefined;
  serviceName: string;
  plan: SubsetPlan;
  existing: DestinationRule | null | undefined;
}): DestinationRule {
  const { plan, existing } = input;
  const previous = existing ? clone(existing) : null;
  const subsets: Subset[] = [];
  for (const subset of previous?.spec.subsets ?? []) {
    const version = plan.managed.find((v) => subset.name === subsetNameFor(v));
    if (version === undefined) {
      subsets.push(subset);
      continue;
    }
    if (!isSubsetOf(subset, version)) throw new SubsetCollisionError(version, subset.name);
    if (plan.present.includes(version)) subsets.push(subset);
  }
  for (const version of plan.present) {
    if (!subsets.some((s) => s.name === subsetNameFor(version))) subsets.push({ name: subsetNameFor(version), labels: { [VERSION_LABEL]: version } });
  }
  if (previous) return { ...previous, spec: { ...previous.spec, subsets } };
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'DestinationRule',
    metadata: {
      name: input.serviceName,
      ...(input.namespace ? { namespace: input.namespace } : {}),
      labels: { [RELEASE_LABEL]: input.releaseName, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    },
    spec: { host: input.serviceName, subsets },
  };
}
