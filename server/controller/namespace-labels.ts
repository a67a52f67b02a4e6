import 'server-only';
import { resourcePath, type ResourceType } from './resources';
import type { KubeRest } from '../kube/rest';

const NAMESPACES: ResourceType = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace' };

/** Labels of a namespace, or undefined when it cannot be read. */
export type NamespaceLabels = (namespace: string) => Promise<Record<string, string> | undefined>;

/**
 * Reads namespace labels (sidecar injection) with a short cache. A GET per namespace rather than a
 * watch: the controller only needs them when accepting a job, and the ClusterRole grants
 * namespaces get/list but not watch (docs/real-cluster.md "RBAC"). Without permission the mesh
 * check is skipped, logged once, rather than refusing every job.
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/
 */
export function namespaceLabelReader(rest: KubeRest, log: (msg: string) => void, ttlMs = 5000): NamespaceLabels {
  const cache = new Map<string, { labels: Record<string, string> | undefined; at: number }>();
  let warned = false;
  return async (namespace) => {
    const hit = cache.get(namespace);
    if (hit && Date.now() - hit.at < ttlMs) return hit.labels;
    let labels: Record<string, string> | undefined;
    try {
      const ns = await rest.request<{ metadata?: { labels?: Record<string, string> } }>({ method: 'GET', path: resourcePath(NAMESPACES, undefined, namespace) });
      labels = ns.metadata?.labels ?? {};
    } catch (err) {
      if (!warned) log(`cannot read namespace ${namespace} (${(err as Error).message}): sidecar injection is not checked`);
      warned = true;
    }
    cache.set(namespace, { labels, at: Date.now() });
    return labels;
  };
}
