import 'server-only';
import { AppError } from '@/lib/api/errors';
import { principalFrom } from '@/lib/auth/bindings';
import type { Principal } from '@/lib/auth/roles';
import type { KubeClients } from '../kube/client';
import { cachedAccount, cachedBindings } from './principal-cache';
import { openSession, sessionTokenFrom, type SessionClaims } from './session-token';

/** A signed-in caller: who, with which roles, and the session they came with. */
export interface AuthenticatedCaller {
  principal: Principal;
  session: SessionClaims;
}

const unauthorized = (why: string) => new AppError('unauthorized', `not signed in: ${why}; log in again`);

/**
 * The caller of a request from its session cookie: the token must open (signed, ours, not
 * expired), the account must exist, be enabled, and still have the epoch the session was issued
 * with (logout, disabling and password resets change it). Throws 401 otherwise.
 * https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html
 */
export async function authenticateCookie(cookieHeader: string | null, clients?: KubeClients): Promise<AuthenticatedCaller> {
  const token = sessionTokenFrom(cookieHeader);
  if (!token) throw unauthorized('no session');
  const session = await openSession(token);
  if (!session) throw unauthorized('the session is invalid or has expired');
  // both reads at once (two API round trips in series cost 2x whenever the cache has expired)
  const [account, bindings] = await Promise.all([cachedAccount(session.username, clients), cachedBindings(clients)]);
  if (!account || account.disabled || account.sessionEpoch !== session.epoch) throw unauthorized('the session has ended');
  const principal = principalFrom(account.username, bindings);
  return { principal, session };
}

/** {@link authenticateCookie} for a Request. */
export function authenticate(request: Request, clients?: KubeClients): Promise<AuthenticatedCaller> {
  return authenticateCookie(request.headers.get('cookie'), clients);
}
