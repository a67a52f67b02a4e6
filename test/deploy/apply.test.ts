/**
 * `kubectl apply -k deploy` against the embedded cluster (Istio and Graylane CRDs registered, as
 * in a cluster with Istio): every object is created, a second apply changes nothing, and the
 * stored ClusterRole is exactly the rendered one.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../sim/cluster';
import { documentedRules, kubectlEnv, ruleKey, runKubectl, type CommandResult, type PolicyRule } from './kustomize';

function ok(r: CommandResult): string {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

describe('kubectl apply -k deploy against the embedded cluster', () => {
  let cluster: Cluster;
  let env: NodeJS.ProcessEnv;
  const kubectl = (...args: string[]) => runKubectl(args, env);

  beforeAll(async () => {
    env = kubectlEnv();
    const kubeconfig = path.join(env.HOME!, 'kubeconfig');
    env.KUBECONFIG = kubeconfig;
    cluster = await startCluster({ apiPort: 0, kubeconfig, podReadyDelayMs: 100 });
  });

  afterAll(async () => {
    await cluster?.stop();
    if (env?.HOME) rmSync(env.HOME, { recursive: true, force: true });
  });

  it('creates every object, and a second apply leaves them unchanged', async () => {
    const first = ok(await kubectl('apply', '-k', 'deploy'));
    for (const line of [
      'namespace/graylane-system created',
      'serviceaccount/graylane created',
      'role.rbac.authorization.k8s.io/graylane created',
      'clusterrole.rbac.authorization.k8s.io/graylane created',
      'rolebinding.rbac.authorization.k8s.io/graylane created',
      'clusterrolebinding.rbac.authorization.k8s.io/graylane created',
      'service/graylane created',
      'deployment.apps/graylane created',
    ]) {
      expect(first).toContain(line);
    }
    // The embedded cluster registers the CRD at start, as an earlier install would have.
    expect(first).toMatch(/customresourcedefinition.apiextensions.k8s.io\/grayscalereleases.graylane.io (configured|unchanged)/);
    const second = ok(await kubectl('apply', '-k', 'deploy'));
    expect(second).not.toMatch(/ created$| configured$/m);
  });

  it('stores the ClusterRole and Role exactly as documented', async () => {
    const clusterRole = JSON.parse(ok(await kubectl('get', 'clusterrole', 'graylane', '-o', 'json'))) as { rules: PolicyRule[] };
    expect(clusterRole.rules.map(ruleKey).sort()).toEqual(documentedRules('ClusterRole `graylane`').map(ruleKey).sort());
    const role = JSON.parse(ok(await kubectl('-n', 'graylane-system', 'get', 'role', 'graylane', '-o', 'json'))) as { rules: PolicyRule[] };
    expect(role.rules.map(ruleKey).sort()).toEqual(documentedRules('Role `graylane`').map(ruleKey).sort());
  });

  it('has the Deployment, Service and bindings in graylane-system', async () => {
    const deployment = JSON.parse(ok(await kubectl('-n', 'graylane-system', 'get', 'deployment', 'graylane', '-o', 'json')));
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('graylane');
    const service = JSON.parse(ok(await kubectl('-n', 'graylane-system', 'get', 'service', 'graylane', '-o', 'json')));
    expect(service.spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
    const binding = JSON.parse(ok(await kubectl('get', 'clusterrolebinding', 'graylane', '-o', 'json')));
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'graylane', namespace: 'graylane-system' }]);
  });
});
