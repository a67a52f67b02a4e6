import { beforeAll, describe, expect, it } from 'vitest';
import { documentedRules, findDoc, renderDeploy, ruleKey, type KubeDoc, type PolicyRule } from './kustomize';

type RoleDoc = KubeDoc & { rules: PolicyRule[] };
type BindingDoc = KubeDoc & { roleRef: { kind: string; name: string }; subjects: Array<{ kind: string; name: string; namespace: string }> };

describe('RBAC: manifests equal docs/real-cluster.md, least privilege', () => {
  let docs: KubeDoc[];

  beforeAll(async () => {
    docs = await renderDeploy();
  });

  it.each([
    ['ClusterRole', 'ClusterRole `graylane`'],
    ['Role', 'Role `graylane`'],
  ])('%s rules are exactly the documented table, both ways', (kind, heading) => {
    const manifest = findDoc<RoleDoc>(docs, kind, 'graylane').rules.map(ruleKey).sort();
    const documented = documentedRules(heading).map(ruleKey).sort();
    expect(documented.length).toBeGreaterThan(0);
    expect(manifest.filter((r) => !documented.includes(r)), 'in the manifest but not documented').toEqual([]);
    expect(documented.filter((r) => !manifest.includes(r)), 'documented but not in the manifest').toEqual([]);
    expect(manifest).toEqual(documented);
  });

  it('uses no wildcard, no nonResourceURLs and no escalation verbs anywhere', () => {
    for (const role of docs.filter((d): d is RoleDoc => d.kind === 'ClusterRole' || d.kind === 'Role')) {
      for (const rule of role.rules) {
        for (const value of [...rule.apiGroups, ...rule.resources, ...rule.verbs]) expect(value, `${role.kind} ${ruleKey(rule)}`).not.toContain('*');
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['escalate']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['bind']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['impersonate']));
        expect((rule as { nonResourceURLs?: unknown }).nonResourceURLs).toBeUndefined();
      }
    }
  });

  it('grants Secrets, ConfigMaps and Leases only inside graylane-system', () => {
    const cluster = findDoc<RoleDoc>(docs, 'ClusterRole', 'graylane').rules.flatMap((r) => r.resources);
    for (const resource of ['secrets', 'configmaps', 'leases']) expect(cluster).not.toContain(resource);
    expect(findDoc(docs, 'Role', 'graylane').metadata.namespace).toBe('graylane-system');
  });

  it('binds both roles to the graylane ServiceAccount of graylane-system', () => {
    for (const [kind, roleKind] of [
      ['ClusterRoleBinding', 'ClusterRole'],
      ['RoleBinding', 'Role'],
    ]) {
      const binding = findDoc<BindingDoc>(docs, kind, 'graylane');
      expect(binding.roleRef).toMatchObject({ kind: roleKind, name: 'graylane' });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'graylane', namespace: 'graylane-system' }]);
    }
  });
});
