/**
 * The permission matrix: which role a route's {verb, resource, namespace} needs, and the message
 * that names what is missing (`project-viewer may not change release jobs in demo-project: needs
 * operator`). Pure, so the API and the UI decide alike and the matrix is unit-tested.
 */
import { effectiveRole, roleAtLeast, type Principal, type ProjectRole } from './roles';

/** What a route needs to be allowed to do, in Kubernetes RBAC terms. https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb */
export interface Permission {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  /** console resource: projects, applications, services, releases, members, accounts, ... */
  resource: string;
  /** the project, for namespaced resources */
  namespace?: string;
}

/** Resources only platform admins touch (whatever the verb). */
const PLATFORM_RESOURCES = new Set(['accounts']);
/** Project resources whose changes need the project admin role rather than operator. */
const ADMIN_RESOURCES = new Set(['members']);
const READ_VERBS = new Set<Permission['verb']>(['get', 'list', 'watch']);

const RESOURCE_LABEL: Record<string, string> = {
  releases: 'release jobs',
  applications: 'applications',
  services: 'services',
  members: 'members',
  accounts: 'accounts',
  projects: 'projects',
  metrics: 'metrics',
  topology: 'topology',
  traces: 'traces',
  cluster: 'the cluster',
};

/** What a permission requires: a platform admin, any signed-in user, or a role in its project. */
export type Requirement = { scope: 'platform' } | { scope: 'authenticated' } | { scope: 'project'; namespace: string; role: ProjectRole };

/** The requirement behind a permission (the matrix itself). https://kubernetes.io/docs/reference/access-authn-authz/rbac/ */
export function requirementFor(permission: Permission): Requirement {
  if (PLATFORM_RESOURCES.has(permission.resource)) return { scope: 'platform' };
  if (!permission.namespace) {
    // Cluster-scoped reads (the project list, filtered per user; the cluster banner) need only a session;
    // cluster-scoped writes are a platform admin's.
    return READ_VERBS.has(permission.verb) ? { scope: 'authenticated' } : { scope: 'platform' };
  }
  const role: ProjectRole = READ_VERBS.has(permission.verb) ? 'viewer' : ADMIN_RESOURCES.has(permission.resource) ? 'admin' : 'operator';
  return { scope: 'project', namespace: permission.namespace, role };
}

/** The verb as a phrase: "read", "create", "change", "delete". */
export function verbPhrase(verb: Permission['verb']): string {
  if (READ_VERBS.has(verb)) return 'read';
  if (verb === 'update' || verb === 'patch') return 'change';
  return verb;
}

/** The result of a check: allowed, or refused with a sentence naming the missing permission. */
export type Decision = { allowed: true } | { allowed: false; reason: string };

/** Decides whether a principal may do what a permission describes. */
export function decide(principal: Principal, permission: Permission): Decision {
  const need = requirementFor(permission);
  if (principal.platformAdmin || need.scope === 'authenticated') return { allowed: true };
  const what = `${verbPhrase(permission.verb)} ${RESOURCE_LABEL[permission.resource] ?? permission.resource}`;
  if (need.scope === 'platform') return { allowed: false, reason: `${principal.username} may not ${what}: needs platform admin` };
  const role = effectiveRole(principal, need.namespace);
  if (roleAtLeast(role, need.role)) return { allowed: true };
  if (!role) return { allowed: false, reason: `${principal.username} is not a member of project ${need.namespace}` };
  return { allowed: false, reason: `${principal.username} may not ${what} in ${need.namespace}: needs ${need.role}` };
}

/** What the UI needs to know about one project: each capability with the reason when it is missing. */
export interface ProjectPermissions {
  role: ProjectRole | undefined;
  read: Decision;
  /** create/change/delete release jobs, take over, offline, deploy the sample app */
  operate: Decision;
  /** add, change and remove members */
  manageMembers: Decision;
}

/** Summarises a principal's rights in one project for the UI (buttons disabled with a reason). */
export function projectPermissions(principal: Principal, ns: string): ProjectPermissions {
  return {
    role: effectiveRole(principal, ns),
    read: decide(principal, { verb: 'get', resource: 'releases', namespace: ns }),
    operate: decide(principal, { verb: 'patch', resource: 'releases', namespace: ns }),
    manageMembers: decide(principal, { verb: 'create', resource: 'members', namespace: ns }),
  };
}
