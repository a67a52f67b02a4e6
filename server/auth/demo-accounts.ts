import 'server-only';
import { isAppError } from '@/lib/api/errors';
import type { ProjectRole } from '@/lib/auth/roles';
import { getKubeClients, type KubeClients } from '../kube/client';
import { createAccount, readAccount } from './accounts';
import { demoPassword } from './config';
import { clearAuthCache } from './principal-cache';
import { setPlatformAdmin, setProjectRole } from './role-bindings';

/** The demo project the tutorial's accounts are bound to. */
export const DEMO_PROJECT = 'demo-project';

/** KubeSphere's tutorial accounts (DESIGN.md "Commands"). */
export const DEMO_ACCOUNTS: readonly { username: string; platformAdmin?: boolean; role?: ProjectRole }[] = [
  { username: 'admin', platformAdmin: true },
  { username: 'project-regular', role: 'operator' },
  { username: 'project-viewer', role: 'viewer' },
];

let ensured: Promise<void> | undefined;

async function ensureOnce(clients: KubeClients): Promise<void> {
  for (const demo of DEMO_ACCOUNTS) {
    // An existing account keeps its password: an admin may have changed it during the demo.
    if (!(await readAccount(demo.username, clients))) {
      try {
        await createAccount(demo.username, demoPassword(), clients);
      } catch (err) {
        if (!isAppError(err) || err.code !== 'already_exists') throw err; // another replica won the race
      }
      if (demo.platformAdmin) await setPlatformAdmin(demo.username, true, clients);
      if (demo.role) await setProjectRole(DEMO_PROJECT, demo.username, demo.role, clients);
    }
  }
  clearAuthCache();
}

/**
 * Creates the demo accounts and their bindings when missing (demo mode only; callers check).
 * Memoized per process; a failure (cluster not up yet) is retried by the next caller.
 */
export function ensureDemoAccounts(clients?: KubeClients): Promise<void> {
  // Clients are made inside the promise: a missing kubeconfig must reject, never throw at start-up.
  ensured ??= Promise.resolve().then(() => ensureOnce(clients ?? getKubeClients())).catch((err: unknown) => {
    ensured = undefined;
    throw err;
  });
  return ensured;
}

/** Forgets that the demo accounts were ensured (tests that start a fresh cluster). */
export function resetDemoAccounts(): void {
  ensured = undefined;
}
