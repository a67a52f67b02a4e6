/**
 * REST view models of the session, account and member APIs.
 */
import type { ProjectPermissions } from './permissions';
import type { ProjectRole } from './roles';

/** GET /api/session */
export interface SessionView {
  user: string;
  platformAdmin: boolean;
  /** namespace -> role */
  projects: Record<string, ProjectRole>;
  /** per project: what the user may do, with the reason when not */
  permissions: Record<string, ProjectPermissions>;
  /** when the session ends (ISO 8601) */
  expiresAt: string;
}

/** One account as the admin page lists it (never a hash or salt). */
export interface AccountView {
  username: string;
  platformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  /** namespace -> role */
  projects: Record<string, ProjectRole>;
}

/** One member of a project. */
export interface MemberView {
  username: string;
  role: ProjectRole;
}
