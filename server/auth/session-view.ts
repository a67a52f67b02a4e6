import 'server-only';
import { projectPermissions } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/roles';
import type { SessionView } from '@/lib/auth/types';

/** GET /api/session's body: who, which roles, and what they may do per project (for the UI). */
export function sessionView(principal: Principal, expiresAt: number | undefined): SessionView {
  const permissions: SessionView['permissions'] = {};
  for (const ns of Object.keys(principal.projects)) permissions[ns] = projectPermissions(principal, ns);
  return {
    user: principal.username,
    platformAdmin: principal.platformAdmin,
    projects: { ...principal.projects },
    permissions,
    expiresAt: expiresAt === undefined ? '' : new Date(expiresAt * 1000).toISOString(),
  };
}
