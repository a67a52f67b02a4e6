/**
 * Roles and the signed-in principal (issue 7): a platform admin may do everything; inside a
 * project a viewer reads, an operator also changes release jobs and deploys the sample app, and a
 * project admin also manages members. Pure: shared by the server checks and the UI's hints.
 */

/** A role inside one project, weakest first. https://kubesphere.io/docs/v3.4/quick-start/create-workspace-and-project/ */
export const PROJECT_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Who is asking: the account name, whether it is a platform admin, and its role per project. */
export interface Principal {
  username: string;
  platformAdmin: boolean;
  /** namespace -> role */
  projects: Readonly<Record<string, ProjectRole>>;
}

/** Whether `role` includes everything `needed` may do (admin > operator > viewer). */
export function roleAtLeast(role: ProjectRole | undefined, needed: ProjectRole): boolean {
  if (!role) return false;
  return PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(needed);
}

/** True for one of the three project role names. */
export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (PROJECT_ROLES as readonly string[]).includes(value);
}

/** The role a principal holds in a project; platform admins act as project admins everywhere. */
export function effectiveRole(principal: Principal, ns: string): ProjectRole | undefined {
  if (principal.platformAdmin) return 'admin';
  return principal.projects[ns];
}

/** The role's name as the UI shows it. */
export function roleLabel(principal: Principal, ns?: string): string {
  if (principal.platformAdmin) return 'platform admin';
  const role = ns ? principal.projects[ns] : undefined;
  if (role) return `project ${role}`;
  return 'user';
}

/** Keeps the projects a principal may see (platform admins see all). */
export function visibleProjects<T extends { name: string }>(principal: Principal, projects: readonly T[]): T[] {
  if (principal.platformAdmin) return [...projects];
  return projects.filter((p) => principal.projects[p.name] !== undefined);
}
