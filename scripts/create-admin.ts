/**
 * Creates (or, with --reset, re-keys) a platform admin account on a real cluster, for the first
 * login outside demo mode (README "Run against your cluster"). Runs from a machine whose
 * KUBECONFIG reaches the cluster; the password comes from GRAYLANE_ADMIN_PASSWORD, never argv (it
 * would show in `ps` and shell history).
 *
 *   GRAYLANE_ADMIN_PASSWORD=... node --conditions=react-server --import tsx scripts/create-admin.ts [--username admin] [--reset]
 */
import { parseArgs } from 'node:util';
import { isAppError } from '@/lib/api/errors';
import { newPassword, username as usernameSchema } from '@/lib/auth/schemas';
import { createAccount, readAccount, setPassword } from '@/server/auth/accounts';
import { setPlatformAdmin } from '@/server/auth/role-bindings';
import { createKubeClients } from '@/server/kube/client';
import { systemNamespace } from '@/server/env';

/** Creates or resets the account and makes it a platform admin; returns what was done. */
export async function createAdmin(username: string, password: string, reset: boolean, kubeconfigPath?: string): Promise<'created' | 'reset'> {
  const user = usernameSchema.safeParse(username);
  if (!user.success) throw new Error(`--username: ${user.error.issues[0]?.message}`);
  const pass = newPassword.safeParse(password);
  if (!pass.success) throw new Error(`GRAYLANE_ADMIN_PASSWORD: ${pass.error.issues[0]?.message}`);
  const clients = createKubeClients({ kubeconfigPath });
  let done: 'created' | 'reset';
  if (await readAccount(username, clients)) {
    if (!reset) throw new Error(`account ${username} already exists in ${systemNamespace()}; pass --reset to set a new password`);
    await setPassword(username, password, clients);
    done = 'reset';
  } else {
    await createAccount(username, password, clients);
    done = 'created';
  }
  await setPlatformAdmin(username, true, clients);
  return done;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { username: { type: 'string', default: 'admin' }, reset: { type: 'boolean', default: false }, kubeconfig: { type: 'string' } } });
  const password = process.env.GRAYLANE_ADMIN_PASSWORD ?? '';
  try {
    const done = await createAdmin(values.username, password, values.reset, values.kubeconfig);
    console.log(`platform admin ${values.username} ${done} in namespace ${systemNamespace()}; sign in to the console with it`);
  } catch (err) {
    console.error(`create-admin: ${isAppError(err) || err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
