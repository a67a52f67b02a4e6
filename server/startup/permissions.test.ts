import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { missingPermissions, ruleGrants, type ResourceRule } from './permissions';
import { REQUIRED_PERMISSIONS } from './required-permissions';

const rbac = parseAllDocuments(readFileSync(path.resolve(import.meta.dirname, '../../deploy/rbac.yaml'), 'utf8')).map(
  (d) => d.toJS() as { kind: string; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[] },
);
const rulesOf = (kind: string): ResourceRule[] => rbac.find((d) => d.kind === kind)?.rules ?? [];

describe('start-up permission check', () => {
  it('finds nothing missing with exactly deploy/rbac.yaml (the list and the manifest agree)', () => {
    expect(missingPermissions(REQUIRED_PERMISSIONS, { cluster: rulesOf('ClusterRole'), system: [...rulesOf('ClusterRole'), ...rulesOf('Role')] }, 'graylane-system')).toEqual([]);
    const granted = (kind: string) => rulesOf(kind).flatMap((r) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${r.apiGroups?.[0]}/${res}/${v}`)));
    const required = (scope: string) => REQUIRED_PERMISSIONS.filter((p) => p.scope === scope).flatMap((p) => p.verbs.map((v) => `${p.group}/${p.resource}/${v}`));
    expect(required('cluster').sort()).toEqual(granted('ClusterRole').sort());
    expect(required('system-namespace').sort()).toEqual(granted('Role').sort());
  });

  it('names each missing verb with its scope', () => {
    const cluster = rulesOf('ClusterRole').map((r) => (r.resources?.includes('deployments') ? { ...r, verbs: ['list', 'watch', 'create'] } : r));
    expect(missingPermissions(REQUIRED_PERMISSIONS, { cluster, system: [] }, 'graylane-system')).toEqual([
      'apps/deployments: update, delete (all namespaces)',
      'coordination.k8s.io/leases: get, create, update (namespace graylane-system)',
      'secrets: get, list, watch, create, update, patch (namespace graylane-system)',
      'configmaps: get, list, watch, create, update, patch (namespace graylane-system)',
    ]);
  });

  it('does not count a Role inside graylane-system as cluster-wide', () => {
    const missing = missingPermissions(REQUIRED_PERMISSIONS, { cluster: [], system: rulesOf('ClusterRole') }, 'graylane-system');
    expect(missing).toContain('namespaces: get, list (all namespaces)');
  });

  it('matches wildcards and subresources as RBAC does, but not name-restricted rules', () => {
    expect(ruleGrants({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, 'apps', 'deployments', 'delete')).toBe(true);
    expect(ruleGrants({ verbs: ['patch'], apiGroups: ['graylane.io'], resources: ['grayscalereleases/*'] }, 'graylane.io', 'grayscalereleases/status', 'patch')).toBe(true);
    expect(ruleGrants({ verbs: ['patch'], apiGroups: ['graylane.io'], resources: ['grayscalereleases'] }, 'graylane.io', 'grayscalereleases/status', 'patch')).toBe(false);
    expect(ruleGrants({ verbs: ['get'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['graylane-controller'] }, 'coordination.k8s.io', 'leases', 'get')).toBe(false);
  });
});
