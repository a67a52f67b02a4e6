import 'server-only';
import type { RoleBindings } from '@/lib/auth/bindings';
import { getKubeClients, type KubeClients } from '../kube/client';
import { readAccount, type Account } from './accounts';
import { processWide } from '../process-wide';
import { now } from './clock';
import { readRoleBindings } from './role-bindings';

/**
 * How long a read of an account or of the bindings is reused. Every request checks the session's
 * epoch and the user's roles, and this bounds how long another replica may act on a revoked
 * session or a removed role (a local change clears the cache at once).
 */
export const AUTH_CACHE_TTL_MS = 2_000;

// Promises, stored when the read starts: requests arriving together share one read, and a read in
// flight when the cache is cleared is not stored afterwards. Process-wide: a member added through
// the API (a route handler clears the cache) must be a member on the next page too, whose server
// components run in another bundle (server/process-wide.ts).
const cache = processWide('auth-cache', () => ({
  accounts: new Map<string, { at: number; value: Promise<Account | undefined> }>(),
  bindings: undefined as { at: number; value: Promise<RoleBindings> } | undefined,
}));
const { accounts } = cache;

/** An account, from the cache when fresh (or the read in flight). */
export function cachedAccount(username: string, clients: KubeClients = getKubeClients()): Promise<Account | undefined> {
  const hit = accounts.get(username);
  if (hit && now() - hit.at < AUTH_CACHE_TTL_MS) return hit.value;
  const entry = { at: now(), value: readAccount(username, clients) };
  accounts.set(username, entry);
  entry.value.catch(() => {
    if (accounts.get(username) === entry) accounts.delete(username);
  });
  return entry.value;
}

/** All role bindings, from the cache when fresh (or the read in flight). */
export function cachedBindings(clients: KubeClients = getKubeClients()): Promise<RoleBindings> {
  const hit = cache.bindings;
  if (hit && now() - hit.at < AUTH_CACHE_TTL_MS) return hit.value;
  const entry = { at: now(), value: readRoleBindings(clients) };
  cache.bindings = entry;
  entry.value.catch(() => {
    if (cache.bindings === entry) cache.bindings = undefined;
  });
  return entry.value;
}

/** Forgets cached reads (after this replica changed an account or a binding, and in tests). */
export function clearAuthCache(): void {
  accounts.clear();
  cache.bindings = undefined;
}
