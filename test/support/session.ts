/**
 * Real sessions for tests that call route handlers: creates an account with roles in the cluster
 * (server/auth, the same code the console runs) and mints its session cookie, so tests
 * authenticate exactly as a browser would, with no test-only bypass in the console.
 */
import type { ProjectRole } from '@/lib/auth/roles';
import type { KubeClients } from '@/server/kube/client';
import { createAccount, readAccount } from '@/server/auth/accounts';
import { clearAuthCache } from '@/server/auth/principal-cache';
import { setPlatformAdmin, setProjectRole } from '@/server/auth/role-bindings';
import { sealSession, SESSION_COOKIE } from '@/server/auth/session-token';

/** The session key tests use (outside demo mode the console requires one of at least 32 characters). */
export const TEST_SESSION_SECRET = 'graylane-test-session-secret-0123456789abcdef';
/** Every test account's password. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Sets GRAYLANE_SESSION_SECRET for this test process (call before any session is made). */
export function useTestSessionSecret(): void {
  process.env.GRAYLANE_SESSION_SECRET = TEST_SESSION_SECRET;
}

/** Roles to give a test account. */
export interface TestRoles {
  platformAdmin?: boolean;
  /** namespace -> role */
  projects?: Record<string, ProjectRole>;
}

/** Creates the account (if missing) and grants the roles. */
export async function ensureTestUser(username: string, roles: TestRoles, clients?: KubeClients): Promise<void> {
  useTestSessionSecret();
  if (!(await readAccount(username, clients))) await createAccount(username, TEST_PASSWORD, clients);
  if (roles.platformAdmin) await setPlatformAdmin(username, true, clients);
  for (const [ns, role] of Object.entries(roles.projects ?? {})) await setProjectRole(ns, username, role, clients);
  clearAuthCache();
}

/** A `Cookie` header value with a fresh session of the user (the account must exist). */
export async function sessionCookieFor(username: string, clients?: KubeClients): Promise<string> {
  useTestSessionSecret();
  const account = await readAccount(username, clients);
  if (!account) throw new Error(`test account ${username} does not exist: call ensureTestUser first`);
  const { token } = await sealSession(username, account.sessionEpoch);
  return `${SESSION_COOKIE}=${token}`;
}

/** A platform admin's cookie (created on first use): the simplest way for a test to call any route. */
export async function adminCookie(clients?: KubeClients, username = 'test-admin'): Promise<string> {
  await ensureTestUser(username, { platformAdmin: true }, clients);
  return sessionCookieFor(username, clients);
}

/** Adds the cookie to a request's init (keeps any other headers). */
export function withCookie(init: RequestInit = {}, cookie?: string): RequestInit {
  if (!cookie) return init;
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return { ...init, headers };
}
