import 'server-only';
import { AppError } from '@/lib/api/errors';
import { RateLimiter } from '@/lib/auth/rate-limiter';
import { getKubeClients, type KubeClients } from '../kube/client';
import { readAccount, revokeSessions } from './accounts';
import { now } from './clock';
import { demoMode } from './config';
import { ensureDemoAccounts } from './demo-accounts';
import { dummyHash, verifyPassword } from './password';
import { clearAuthCache } from './principal-cache';
import { sealSession, type SessionClaims } from './session-token';

/** 5 failed logins within 5 minutes lock an account name, or an address, until the window ends. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 5 * 60_000;

// In memory, so per replica: N replicas allow up to N x 5 guesses per window. Enough against
// online guessing with scrypt-slow checks; a shared store would be needed for an exact limit.
let byAccount = new RateLimiter({ max: LOGIN_MAX_FAILURES, windowMs: LOGIN_WINDOW_MS });
let byAddress = new RateLimiter({ max: LOGIN_MAX_FAILURES * 4, windowMs: LOGIN_WINDOW_MS });

/** Forgets all failed attempts (tests). */
export function resetLoginLimits(): void {
  byAccount = new RateLimiter({ max: LOGIN_MAX_FAILURES, windowMs: LOGIN_WINDOW_MS });
  byAddress = new RateLimiter({ max: LOGIN_MAX_FAILURES * 4, windowMs: LOGIN_WINDOW_MS });
}

/**
 * The client's address for rate limiting: the first X-Forwarded-For hop (set by the ingress),
 * else X-Real-IP. A client can forge these when nothing in front rewrites them, which is why
 * the per-account limit is the one that matters.
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip')?.trim() || 'unknown';
}

function tooMany(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const err = new AppError('too_many_requests', `too many failed logins; try again in ${seconds} s`);
  (err as AppError & { retryAfterSeconds?: number }).retryAfterSeconds = seconds;
  return err;
}

/** Seconds to wait, when an error is a rate-limit refusal. */
export function retryAfterSeconds(err: unknown): number | undefined {
  return (err as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
}

const BAD_CREDENTIALS = 'invalid username or password';

/**
 * Checks a username and password and opens a session. One generic 401 for every failure (unknown
 * name, wrong password, disabled account), a dummy hash for unknown names so timing tells nothing,
 * and 429 once the account or address has failed too often.
 * https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html
 */
export async function login(request: Request, username: string, password: string, clients: KubeClients = getKubeClients()): Promise<{ token: string; claims: SessionClaims }> {
  const address = clientAddress(request);
  const accountKey = username.toLowerCase();
  const wait = Math.max(byAccount.retryAfterMs(accountKey, now()), byAddress.retryAfterMs(address, now()));
  if (wait > 0) throw tooMany(wait);
  if (demoMode()) await ensureDemoAccounts(clients);

  const account = await readAccount(username, clients);
  const ok = await verifyPassword(password, account ?? (await dummyHash()));
  if (!account || !ok || account.disabled) {
    byAccount.fail(accountKey, now());
    byAddress.fail(address, now());
    throw new AppError('unauthorized', BAD_CREDENTIALS);
  }
  byAccount.reset(accountKey);
  return sealSession(account.username, account.sessionEpoch);
}

/** Ends every session of the user (the cookie itself is cleared by the route). */
export async function logout(username: string, clients: KubeClients = getKubeClients()): Promise<void> {
  await revokeSessions(username, clients);
  clearAuthCache();
}
