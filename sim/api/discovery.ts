/**
 * Discovery documents (`/api`, `/apis`, `/apis/<g>/<v>`) built from the registry. Plain
 * APIVersions / APIGroupList / APIResourceList JSON: kubectl then fetches each group-version.
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
import type { Registry } from './registry';
import type { ResourceType } from './types';

const SERVER_ADDRESS = [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }];

/** `GET /api` */
export function coreVersions(): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: SERVER_ADDRESS };
}

function groupEntry(group: string, versions: string[]): unknown {
  return {
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${group}/${versions[0]}`, version: versions[0] },
  };
}

/** `GET /apis` */
export function groupList(registry: Registry): unknown {
  const groups = [...registry.groups()].filter(([g]) => g !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(([g, v]) => groupEntry(g, v)) };
}

/** `GET /apis/<group>`; undefined when the group is unknown. */
export function apiGroup(registry: Registry, group: string): unknown | undefined {
  const versions = registry.groups().get(group);
  if (!versions || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupEntry(group, versions) as object) };
}

function resourceEntries(t: ResourceType): unknown[] {
  const main: Record<string, unknown> = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
  if (t.shortNames?.length) main.shortNames = t.shortNames;
  if (t.categories?.length) main.categories = t.categories;
  if (t.group) main.storageVersionHash = Buffer.from(`${t.group}/${t.storageVersion}/${t.kind}`).toString('base64').slice(0, 11);
  const out: unknown[] = [main];
  for (const sub of t.subresources) {
    if (sub === 'scale') out.push({ name: `${t.resource}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    else if (sub === 'status') out.push({ name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
    else if (sub === 'finalize') out.push({ name: `${t.resource}/finalize`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['update'] });
  }
  return out;
}

/** `GET /api/v1` or `/apis/<g>/<v>`; undefined when the group-version is not served. */
export function resourceList(registry: Registry, group: string, version: string): unknown | undefined {
  const types = registry.all().filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  types.sort((a, b) => (a.resource < b.resource ? -1 : 1));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: types.flatMap(resourceEntries) };
}

/** Every served group-version path ("api/v1", "apis/apps/v1"), for the OpenAPI v3 index. */
export function groupVersionPaths(registry: Registry): string[] {
  const out: string[] = [];
  for (const [g, versions] of registry.groups()) for (const v of versions) out.push(g ? `apis/${g}/${v}` : `api/${v}`);
  return out.sort();
}
