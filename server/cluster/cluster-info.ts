import 'server-only';
import { isAppError } from '@/lib/api/errors';
import type { ClusterInfo } from '@/lib/api/types';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { apiServerHost } from '../kube/config';
import { GRAYLANE_GROUP, ISTIO_NETWORKING_GROUP, servedGroups } from '../kube/discovery';
import { jaegerConfigured, prometheusConfigured } from '../env';
import { createKubeRest } from '../kube/rest';
import { cachedPermissionCheck } from '../startup/permissions';

/**
 * What the UI banner shows about the managed cluster. Never throws for an unreachable cluster:
 * that is the answer (`reachable: false` and why).
 * https://kubernetes.io/docs/reference/using-api/#api-versioning
 */
export async function getClusterInfo(given?: KubeClients): Promise<ClusterInfo> {
  const base = { apiServer: '', prometheusConfigured: prometheusConfigured(), jaegerConfigured: jaegerConfigured() };
  try {
    // Inside the try: a missing or broken kubeconfig is also "not reachable", with the reason.
    const clients = given ?? getKubeClients();
    base.apiServer = apiServerHost(clients.kubeConfig);
    const [version, groups, permissions] = await Promise.all([
      kubeCall(clients, (c) => c.version.getCode()),
      servedGroups(clients),
      cachedPermissionCheck(createKubeRest(clients.kubeConfig)),
    ]);
    return {
      ...base,
      version: version.gitVersion,
      reachable: true,
      istio: groups.has(ISTIO_NETWORKING_GROUP),
      releasesApi: groups.has(GRAYLANE_GROUP),
      missingPermissions: permissions.checked ? permissions.missing : [],
    };
  } catch (err) {
    return {
      ...base,
      version: null,
      reachable: false,
      istio: false,
      releasesApi: false,
      missingPermissions: [],
      // AppError messages are written for users; anything else may carry internals.
      error: isAppError(err) ? err.message : 'unexpected error',
    };
  }
}
