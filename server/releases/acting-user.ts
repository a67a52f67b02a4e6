import 'server-only';
import { principalOf, requireSession } from '@/server/auth/require-permission';

/** The user writes are recorded as when enforcement is off and the caller has no session. */
export const DEMO_USER = 'demo';

/**
 * Who is making a request, for the `graylane.io/changed-by` annotation on the job (the controller
 * copies it onto the job's Events, which the history shows): the principal the route wrapper
 * authorized, so the audit names the session's user.
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
export async function actingUser(request: Request): Promise<string> {
  return (principalOf(request) ?? (await requireSession(request))).username;
}
