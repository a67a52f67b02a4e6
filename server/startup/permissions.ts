import 'server-only';
import { isAppError } from '@/lib/api/errors';
import type { KubeRest } from '../kube/rest';
import { systemNamespace } from '../env';
import { REQUIRED_PERMISSIONS, type RequiredPermission } from './required-permissions';

/** A rule as SelfSubjectRulesReview returns it. https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/self-subject-rules-review-v1/ */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export type PermissionCheck = { checked: true; missing: string[] } | { checked: false; reason: string };

/** Whether one RBAC rule grants `verb` on `group/resource` (a `parent/sub` resource matches `parent/*` and `*\/sub`). */
export function ruleGrants(rule: ResourceRule, group: string, resource: string, verb: string): boolean {
  // A rule limited to some object names does not cover lists, watches or creates of any object.
  if (rule.resourceNames?.length) return false;
  if (!rule.verbs.includes('*') && !rule.verbs.includes(verb)) return false;
  const groups = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(group)) return false;
  const [parent, sub] = resource.split('/');
  return (rule.resources ?? []).some((r) => r === '*' || r === resource || (sub !== undefined && (r === `${parent}/*` || r === `*/${sub}`)));
}

/** A permission as the log and GET /api/cluster name it: `apps/deployments: update, delete (all namespaces)`. */
export function describePermission(p: RequiredPermission, verbs: string[], systemNs: string): string {
  const where = p.scope === 'cluster' ? 'all namespaces' : `namespace ${systemNs}`;
  return `${p.group ? `${p.group}/` : ''}${p.resource}: ${verbs.join(', ')} (${where})`;
}

/**
 * The required permissions the rules do not grant (pure): cluster-wide ones are judged against the
 * rules of a namespace the console has no Role in, so a grant local to graylane-system does not count.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export function missingPermissions(required: RequiredPermission[], rules: { cluster: ResourceRule[]; system: ResourceRule[] }, systemNs: string): string[] {
  const out: string[] = [];
  for (const p of required) {
    const pool = p.scope === 'cluster' ? rules.cluster : rules.system;
    const missing = p.verbs.filter((verb) => !pool.some((r) => ruleGrants(r, p.group, p.resource, verb)));
    if (missing.length > 0) out.push(describePermission(p, missing, systemNs));
  }
  return out;
}

const AUTHZ = '/apis/authorization.k8s.io/v1';
/** A namespace holding no Role of the console: its rules are the cluster-wide ones. */
const CLUSTER_PROBE_NAMESPACE = 'default';

async function rulesReview(rest: KubeRest, namespace: string): Promise<{ rules: ResourceRule[]; incomplete: boolean }> {
  const res = await rest.request<{ status?: { resourceRules?: ResourceRule[]; incomplete?: boolean } }>({
    method: 'POST',
    path: `${AUTHZ}/selfsubjectrulesreviews`,
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  });
  return { rules: res.status?.resourceRules ?? [], incomplete: Boolean(res.status?.incomplete) };
}

/** One yes/no question, for authorizers that cannot list their rules (webhooks: `incomplete`). */
async function accessReview(rest: KubeRest, p: RequiredPermission, verb: string, systemNs: string): Promise<boolean> {
  const [resource, subresource] = p.resource.split('/');
  const res = await rest.request<{ status?: { allowed?: boolean } }>({
    method: 'POST',
    path: `${AUTHZ}/selfsubjectaccessreviews`,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { group: p.group, resource, subresource, verb, namespace: p.scope === 'cluster' ? undefined : systemNs } },
    },
  });
  return Boolean(res.status?.allowed);
}

/**
 * Checks the console's own permissions against REQUIRED_PERMISSIONS with SelfSubjectRulesReview
 * (falling back to SelfSubjectAccessReview per permission when the rules are incomplete). An API
 * server without the authorization API (the embedded cluster) answers 404: then nothing is checked.
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 */
export async function checkPermissions(rest: KubeRest, required: RequiredPermission[] = REQUIRED_PERMISSIONS): Promise<PermissionCheck> {
  const systemNs = systemNamespace();
  try {
    const [cluster, system] = await Promise.all([rulesReview(rest, CLUSTER_PROBE_NAMESPACE), rulesReview(rest, systemNs)]);
    let missing = missingPermissions(required, { cluster: cluster.rules, system: system.rules }, systemNs);
    if (missing.length > 0 && (cluster.incomplete || system.incomplete)) {
      const confirmed: string[] = [];
      for (const p of required) {
        const denied: string[] = [];
        for (const verb of p.verbs) if (!(await accessReview(rest, p, verb, systemNs))) denied.push(verb);
        if (denied.length > 0) confirmed.push(describePermission(p, denied, systemNs));
      }
      missing = confirmed;
    }
    return { checked: true, missing };
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return { checked: false, reason: 'the API server does not serve SelfSubjectRulesReview (authorization.k8s.io/v1)' };
    return { checked: false, reason: (err as Error).message };
  }
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; result: Promise<PermissionCheck> }>();

/** checkPermissions per API server, remembered for a minute (GET /api/cluster asks on every page load). */
export function cachedPermissionCheck(rest: KubeRest): Promise<PermissionCheck> {
  const hit = cache.get(rest.apiServer);
  if (hit && Date.now() - hit.at <= CACHE_MS) return hit.result;
  const result = checkPermissions(rest);
  cache.set(rest.apiServer, { at: Date.now(), result });
  return result;
}

/**
 * Logs the start-up permission check: each missing permission on its own line (with where to fix
 * it), or why nothing could be checked. Never throws: a console short of permissions still starts
 * and says what fails.
 */
export async function reportPermissionsAtStartup(rest: KubeRest, log: (msg: string) => void): Promise<PermissionCheck> {
  const result = await cachedPermissionCheck(rest);
  if (!result.checked) log(`permission check skipped: ${result.reason}`);
  else if (result.missing.length === 0) log('permission check: every permission docs/real-cluster.md lists is granted');
  else {
    log(`permission check: ${result.missing.length} permission(s) missing (see docs/real-cluster.md "RBAC"; apply deploy/rbac.yaml):`);
    for (const m of result.missing) log(`  missing ${m}`);
  }
  return result;
}
