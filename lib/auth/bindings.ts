/**
 * Role bindings as stored in the `graylane-role-bindings` ConfigMap: one data key per binding,
 * `platform.<user>` = `admin` or `project.<ns>.<user>` = a project role. Neither names nor users
 * contain dots (both are DNS labels), so keys are unambiguous, and one binding is changed with a
 * merge patch of one key (no read-modify-write race between console replicas). Pure.
 */
import { isProjectRole, type Principal, type ProjectRole } from './roles';

/** All bindings, decoded. */
export interface RoleBindings {
  platformAdmins: Set<string>;
  /** namespace -> user -> role */
  projects: Map<string, Map<string, ProjectRole>>;
}

/** The data key of a platform-admin binding. */
export function platformKey(user: string): string {
  return `platform.${user}`;
}

/** The data key of a project binding. */
export function projectKey(ns: string, user: string): string {
  return `project.${ns}.${user}`;
}

/** Decodes ConfigMap data; keys that are not bindings are ignored, so a hand edit cannot grant more. */
export function parseBindings(data: Readonly<Record<string, string>> | undefined): RoleBindings {
  const out: RoleBindings = { platformAdmins: new Set(), projects: new Map() };
  for (const [key, value] of Object.entries(data ?? {})) {
    const parts = key.split('.');
    if (parts[0] === 'platform' && parts.length === 2 && value === 'admin') out.platformAdmins.add(parts[1]);
    else if (parts[0] === 'project' && parts.length === 3 && isProjectRole(value)) {
      const [, ns, user] = parts;
      if (!out.projects.has(ns)) out.projects.set(ns, new Map());
      out.projects.get(ns)!.set(user, value);
    }
  }
  return out;
}

/** The principal a user's bindings make. */
export function principalFrom(username: string, bindings: RoleBindings): Principal {
  const projects: Record<string, ProjectRole> = {};
  for (const [ns, members] of bindings.projects) {
    const role = members.get(username);
    if (role) projects[ns] = role;
  }
  return { username, platformAdmin: bindings.platformAdmins.has(username), projects };
}
