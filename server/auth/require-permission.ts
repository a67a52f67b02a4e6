import 'server-only';
import { AppError, isAppError } from '@/lib/api/errors';
import { decide, type Permission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/roles';
import { authenticate } from './authenticate';
import { authEnforced } from './enforcement';

export type { Permission } from '@/lib/auth/permissions';

/** The principal of a caller while enforcement is off and they have no session (every change is recorded as `demo`). */
export const OPEN_PRINCIPAL: Principal = Object.freeze({ username: 'demo', platformAdmin: true, projects: Object.freeze({}) });

// The principal each request was authorized as, for actingUser() later in the same request.
const callers = new WeakMap<Request, Principal>();

/** The principal a request was authorized as by {@link requirePermission} or {@link requireSession}, if any. */
export function principalOf(request: Request): Principal | undefined {
  return callers.get(request);
}

/**
 * Who is calling: the session's principal; without a valid session, 401 (or, while enforcement is
 * off, the open principal).
 */
export async function requireSession(request: Request): Promise<Principal> {
  let principal: Principal;
  try {
    principal = (await authenticate(request)).principal;
  } catch (err) {
    if (authEnforced() || !isAppError(err) || err.code !== 'unauthorized') throw err;
    principal = OPEN_PRINCIPAL;
  }
  callers.set(request, principal);
  return principal;
}

/**
 * The single authorization hook every route handler calls before doing anything: 401
 * `unauthorized` without a valid session, 403 `forbidden` naming the missing role.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export async function requirePermission(request: Request, permission: Permission): Promise<Principal> {
  const principal = await requireSession(request);
  const decision = decide(principal, permission);
  if (!decision.allowed) throw new AppError('forbidden', decision.reason);
  return principal;
}
