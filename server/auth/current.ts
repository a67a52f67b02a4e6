import 'server-only';
import { cookies } from 'next/headers';
import { isAppError } from '@/lib/api/errors';
import type { Principal } from '@/lib/auth/roles';
import { authenticateCookie } from './authenticate';
import { authEnforced } from './enforcement';
import { OPEN_PRINCIPAL } from './require-permission';
import { SESSION_COOKIE } from './session-token';

/**
 * The signed-in principal for a server component (pages that read the cluster directly rather
 * than through /api); undefined without a valid session while enforcement is on (the proxy has
 * already sent such visitors to /login), the open principal while it is off.
 * https://nextjs.org/docs/app/api-reference/functions/cookies
 */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  try {
    return (await authenticateCookie(token ? `${SESSION_COOKIE}=${token}` : null)).principal;
  } catch (err) {
    if (!isAppError(err) || err.code !== 'unauthorized') throw err;
    return authEnforced() ? undefined : OPEN_PRINCIPAL;
  }
}
