import 'server-only';
import { kubeCall, type KubeClients } from './client';

/** API groups the cluster serves, with their versions, preferred version first. */
export type ServedGroups = Map<string, string[]>;

/**
 * Lists the served API groups (discovery), e.g. to tell whether Istio's CRDs are installed.
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
export async function servedGroups(clients: KubeClients): Promise<ServedGroups> {
  const list = await kubeCall(clients, (c) => c.apis.getAPIVersions());
  const groups: ServedGroups = new Map();
  for (const g of list.groups ?? []) {
    const preferred = g.preferredVersion?.version;
    const versions = (g.versions ?? []).map((v) => v.version);
    groups.set(g.name, preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions);
  }
  return groups;
}

/** Istio's networking API group. https://istio.io/latest/docs/reference/config/networking/ */
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** Graylane's own API group (GrayscaleRelease). */
export const GRAYLANE_GROUP = 'graylane.io';

/** The first of `wanted` the group serves, else undefined. */
export function pickVersion(groups: ServedGroups, group: string, wanted: readonly string[]): string | undefined {
  const served = groups.get(group) ?? [];
  return wanted.find((v) => served.includes(v));
}
