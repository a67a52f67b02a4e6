import 'server-only';

/**
 * One permission the console's ServiceAccount needs: `verbs` on `group/resource`, either in every
 * namespace (ClusterRole) or only in the console's own namespace (Role).
 */
export interface RequiredPermission {
  group: string;
  resource: string;
  verbs: string[];
  scope: 'cluster' | 'system-namespace';
}

const c = (group: string, resource: string, verbs: string[]): RequiredPermission => ({ group, resource, verbs, scope: 'cluster' });
const s = (group: string, resource: string, verbs: string[]): RequiredPermission => ({ group, resource, verbs, scope: 'system-namespace' });

/**
 * What the console and its controller need, exactly as docs/real-cluster.md "RBAC" lists it and
 * deploy/rbac.yaml grants it (permissions.test.ts checks the three agree).
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export const REQUIRED_PERMISSIONS: RequiredPermission[] = [
  c('', 'namespaces', ['get', 'list']),
  c('', 'services', ['list', 'watch', 'create', 'delete']),
  c('', 'serviceaccounts', ['create', 'delete']),
  c('', 'pods', ['list', 'watch']),
  c('', 'events', ['list', 'create']),
  c('apps', 'deployments', ['list', 'watch', 'create', 'update', 'delete']),
  c('graylane.io', 'grayscalereleases', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  c('graylane.io', 'grayscalereleases/status', ['patch']),
  c('networking.istio.io', 'virtualservices', ['list', 'watch', 'create', 'update', 'delete']),
  c('networking.istio.io', 'destinationrules', ['list', 'watch', 'create', 'update']),
  c('networking.istio.io', 'gateways', ['create', 'delete']),
  c('servicemesh.kubesphere.io', 'strategies', ['get', 'list', 'delete']),
  s('coordination.k8s.io', 'leases', ['get', 'create', 'update']),
  s('', 'secrets', ['get', 'list', 'watch', 'create', 'update', 'patch']),
  s('', 'configmaps', ['get', 'list', 'watch', 'create', 'update', 'patch']),
];
