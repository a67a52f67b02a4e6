/**
 * First login on a real cluster (README "Run against your cluster"): scripts/create-admin.ts, run
 * as the README says against the embedded cluster, creates a platform admin whose password then
 * verifies, refuses a weak password and an existing account without --reset, and re-keys with it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBindings } from '@/lib/auth/bindings';
import { startCluster } from '@/sim/cluster';
import { readAccount } from '@/server/auth/accounts';
import { verifyPassword } from '@/server/auth/password';
import { createAdmin as createAdminInProcess } from '@/scripts/create-admin';
import { ROLE_BINDINGS_CONFIGMAP } from '@/server/auth/role-bindings';
import { createKubeClients, type KubeClients } from '@/server/kube/client';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('scripts/create-admin.ts (first platform admin outside demo mode)', () => {
  let dir: string;
  let kubeconfig: string;
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let clients: KubeClients;

  /** The README's command line, with the password in the environment. */
  const createAdmin = (password: string, ...args: string[]) =>
    run('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/create-admin.ts', '--kubeconfig', kubeconfig, ...args], {
      cwd: ROOT,
      env: { ...process.env, GRAYLANE_ADMIN_PASSWORD: password, GRAYLANE_SYSTEM_NAMESPACE: 'graylane-system' },
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'graylane-admin-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    cluster = await startCluster({ apiPort: 0, kubeconfig });
    clients = createKubeClients({ kubeconfigPath: kubeconfig });
  });

  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const isPlatformAdmin = async (user: string) => {
    const cm = await clients.core.readNamespacedConfigMap({ name: ROLE_BINDINGS_CONFIGMAP, namespace: 'graylane-system' });
    return parseBindings(cm.data).platformAdmins.has(user);
  };

  it('creates the account as a platform admin from the command line; the password verifies', async () => {
    const r = await createAdmin('correct horse battery', '--username', 'ops-admin');
    expect(r.out).toContain('platform admin ops-admin created');
    expect(r.code).toBe(0);
    const account = await readAccount('ops-admin', clients);
    expect(account).toBeDefined();
    expect(await verifyPassword('correct horse battery', account!)).toBe(true);
    expect(await isPlatformAdmin('ops-admin')).toBe(true);
  }, 60_000);

  // The rest in-process: each CLI start compiles TypeScript, which is slow on a busy machine.
  it('refuses a short password and an existing account without --reset, naming the field', async () => {
    await expect(createAdminInProcess('other', 'short', false, kubeconfig)).rejects.toThrow('GRAYLANE_ADMIN_PASSWORD: must be at least 8 characters');
    await expect(createAdminInProcess('Not_A_Name', 'long enough pass', false, kubeconfig)).rejects.toThrow('--username: must consist of lower case letters');
    await expect(createAdminInProcess('ops-admin', 'another passphrase', false, kubeconfig)).rejects.toThrow('account ops-admin already exists in graylane-system; pass --reset');
  });

  it('sets a new password with --reset', async () => {
    expect(await createAdminInProcess('ops-admin', 'a new passphrase', true, kubeconfig)).toBe('reset');
    const account = await readAccount('ops-admin', clients);
    expect(await verifyPassword('a new passphrase', account!)).toBe(true);
    expect(await verifyPassword('correct horse battery', account!)).toBe(false);
    expect(await isPlatformAdmin('ops-admin')).toBe(true);
  });
});
