import 'server-only';
import { isAppError } from '@/lib/api/errors';
import type { Principal } from '@/lib/auth/roles';
import type { SessionView } from '@/lib/auth/types';
import { authenticate, authenticateCookie } from './authenticate';
import { authEnforced } from './enforcement';
import { login, logout } from './login';
import { clearAuthCache } from './principal-cache';
import { OPEN_PRINCIPAL } from './require-permission';
import { SESSION_COOKIE, sessionCookie } from './session-token';
import { sessionView } from './session-view';

function withCookie(request: Request, body: unknown, token?: string): Response {
  return Response.json(body, { status: 200, headers: { 'cache-control': 'no-store', 'set-cookie': sessionCookie(request, token) } });
}

/** POST /api/session: checks the credentials, answers the session view and sets the cookie. */
export async function openSessionResponse(request: Request, username: string, password: string): Promise<Response> {
  const { token, claims } = await login(request, username, password);
  clearAuthCache();
  const caller = await authenticateCookie(`${SESSION_COOKIE}=${token}`);
  return withCookie(request, sessionView(caller.principal, claims.expiresAt), token);
}

/** DELETE /api/session: ends every session of the caller and clears the cookie (also when it was already invalid). */
export async function closeSessionResponse(request: Request): Promise<Response> {
  try {
    const { principal } = await authenticate(request);
    await logout(principal.username);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'unauthorized') throw err;
  }
  return withCookie(request, { ok: true });
}

/** GET /api/session: the caller's view; 401 without a session (while enforcement is off, the open principal with `open: true`). */
export async function currentSessionView(request: Request): Promise<SessionView & { open?: boolean }> {
  try {
    const { principal, session } = await authenticate(request);
    return sessionView(principal, session.expiresAt);
  } catch (err) {
    if (authEnforced() || !isAppError(err) || err.code !== 'unauthorized') throw err;
    const open: Principal = OPEN_PRINCIPAL;
    return { ...sessionView(open, undefined), open: true };
  }
}
