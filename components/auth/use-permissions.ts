'use client';

import { projectPermissions } from '@/lib/auth/permissions';
import { roleLabel, type ProjectRole } from '@/lib/auth/roles';
import { useSession } from './use-session';

/** What the signed-in user may do in one project, each with the reason when not (for disabled buttons and notes). */
export interface ProjectPermissionState {
  /** true until the session is known (controls should stay disabled meanwhile) */
  loading: boolean;
  user?: string;
  role?: ProjectRole;
  /** "platform admin", "project operator", ... */
  roleLabel: string;
  canRead: boolean;
  /** create/change/delete release jobs, take over, offline, deploy the sample app */
  canOperate: boolean;
  /** add, change and remove members */
  canManageMembers: boolean;
  readReason?: string;
  operateReason?: string;
  manageMembersReason?: string;
}

const CHECKING = 'checking your permissions…';

/**
 * The user's permissions in project `ns`, computed with the same matrix the API enforces
 * (lib/auth/permissions.ts). Usage: `const p = usePermissions(ns); <Button disabled={!p.canOperate}
 * title={p.operateReason}>`.
 */
export function usePermissions(ns: string): ProjectPermissionState {
  const { data, loading, signedOut } = useSession();
  if (!data) {
    const why = signedOut ? 'you are not signed in' : loading ? CHECKING : 'your permissions could not be loaded';
    return { loading, roleLabel: '', canRead: false, canOperate: false, canManageMembers: false, readReason: why, operateReason: why, manageMembersReason: why };
  }
  const principal = { username: data.user, platformAdmin: data.platformAdmin, projects: data.projects };
  const p = projectPermissions(principal, ns);
  const reason = (d: typeof p.read) => (d.allowed ? undefined : d.reason);
  return {
    loading: false,
    user: data.user,
    role: p.role,
    roleLabel: roleLabel(principal, ns),
    canRead: p.read.allowed,
    canOperate: p.operate.allowed,
    canManageMembers: p.manageMembers.allowed,
    readReason: reason(p.read),
    operateReason: reason(p.operate),
    manageMembersReason: reason(p.manageMembers),
  };
}
