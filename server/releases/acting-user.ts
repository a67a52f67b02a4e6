import 'server-only';

/** The user every write is recorded as until sessions exist (DESIGN.md demo mode). */
export const DEMO_USER = 'demo';

/**
 * Who is making a request, for the `graylane.io/changed-by` annotation on the job (the controller
 * copies it onto the job's Events, which the history shows).
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
export async function actingUser(_request: Request): Promise<string> {
  // TODO(issue 7): return the session's user once server/auth has sessions; the permission hook
  // (server/auth/require-permission.ts) is where the user will be known.
  return DEMO_USER;
}
