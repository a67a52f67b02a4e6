import 'server-only';
import { RELEASE_GROUP, RELEASE_PLURAL } from '@/lib/release';
import type { KubeRest } from '../kube/rest';

/** Where a kind lives in the REST API. https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris */
export interface ResourceType {
  /** '' for the core group */
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export const RELEASES: ResourceType = { group: RELEASE_GROUP, version: 'v1alpha1', plural: RELEASE_PLURAL, kind: 'GrayscaleRelease' };
export const DEPLOYMENTS: ResourceType = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' };
export const SERVICES: ResourceType = { group: '', version: 'v1', plural: 'services', kind: 'Service' };
export const PODS: ResourceType = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };
export const EVENTS: ResourceType = { group: '', version: 'v1', plural: 'events', kind: 'Event' };

export const ISTIO_GROUP = 'networking.istio.io';
/** Istio networking versions the controller speaks, newest first. https://istio.io/latest/docs/reference/config/networking/ */
export const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'] as const;

export function istioTypes(version: string): { virtualServices: ResourceType; destinationRules: ResourceType } {
  return {
    virtualServices: { group: ISTIO_GROUP, version, plural: 'virtualservices', kind: 'VirtualService' },
    destinationRules: { group: ISTIO_GROUP, version, plural: 'destinationrules', kind: 'DestinationRule' },
  };
}

/** `group/version` or `version` for the core group. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/**
 * The URL path of a collection (all namespaces when `namespace` is undefined) or of one object.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
 */
export function resourcePath(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  const root = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  let path = namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${type.plural}` : `${root}/${type.plural}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

interface ApiGroupDoc {
  versions?: { version: string }[];
  preferredVersion?: { version: string };
}

/**
 * The Istio networking version to use: v1 when served, else v1beta1, else v1alpha3 (discovery).
 * Returns undefined when Istio's CRDs are not installed.
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
export async function discoverIstioVersion(rest: KubeRest): Promise<string | undefined> {
  try {
    const doc = await rest.request<ApiGroupDoc>({ method: 'GET', path: `/apis/${ISTIO_GROUP}` });
    const served = (doc.versions ?? []).map((v) => v.version);
    return ISTIO_VERSIONS.find((v) => served.includes(v));
  } catch {
    return undefined;
  }
}
