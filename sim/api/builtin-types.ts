/**
 * The built-in resource types the embedded cluster serves, with the discovery data (short names,
 * categories, verbs, subresources) a real 1.31 API server advertises for them.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
import type { ResourceType } from './types';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function t(group: string, version: string, resource: string, kind: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    versions: [version],
    storageVersion: version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    verbs: ALL_VERBS,
    subresources: [],
    ...extra,
  };
}

/** Built-in types, registered at cluster start. */
export const BUILTIN_TYPES: ResourceType[] = [
  t('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  t('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  t('', 'v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  t('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], subresources: ['status'] }),
  t('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  t('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  t('', 'v1', 'secrets', 'Secret', true),
  t('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  t('events.k8s.io', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  t('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] }),
  t('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] }),
  t('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  t('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, { shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'] }),
  t('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  t('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  t('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  t('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  t('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
];

