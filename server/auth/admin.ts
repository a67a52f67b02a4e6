import 'server-only';
import { AppError } from '@/lib/api/errors';
import { principalFrom } from '@/lib/auth/bindings';
import type { ProjectRole } from '@/lib/auth/roles';
import type { AccountView, MemberView } from '@/lib/auth/types';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import { createAccount, listAccounts, readAccount, setDisabled, setPassword, type Account } from './accounts';
import { clearAuthCache } from './principal-cache';
import { readRoleBindings, setPlatformAdmin, setProjectRole } from './role-bindings';

function accountView(account: Account, bindings: Awaited<ReturnType<typeof readRoleBindings>>): AccountView {
  const p = principalFrom(account.username, bindings);
  return { username: account.username, platformAdmin: p.platformAdmin, disabled: account.disabled, createdAt: account.createdAt, projects: { ...p.projects } };
}

/** Every account with its roles (never a hash). */
export async function listAccountViews(clients: KubeClients = getKubeClients()): Promise<{ items: AccountView[] }> {
  const [accounts, bindings] = await Promise.all([listAccounts(clients), readRoleBindings(clients)]);
  return { items: accounts.map((a) => accountView(a, bindings)) };
}

/** Creates an account (201). */
export async function createAccountView(input: { username: string; password: string; platformAdmin?: boolean }, clients: KubeClients = getKubeClients()): Promise<AccountView> {
  const account = await createAccount(input.username, input.password, clients);
  if (input.platformAdmin) await setPlatformAdmin(input.username, true, clients);
  clearAuthCache();
  return accountView(account, await readRoleBindings(clients));
}

/**
 * Resets a password, disables/enables, or grants/revokes platform admin. An admin may not
 * disable or demote themself (the last admin would lock everyone out).
 */
export async function updateAccount(
  actor: string,
  username: string,
  change: { password?: string; disabled?: boolean; platformAdmin?: boolean },
  clients: KubeClients = getKubeClients(),
): Promise<AccountView> {
  if (!(await readAccount(username, clients))) throw new AppError('not_found', `account ${username} not found`);
  if (actor === username && (change.disabled === true || change.platformAdmin === false)) {
    throw new AppError('conflict', 'you cannot disable your own account or remove your own platform admin role');
  }
  if (change.password !== undefined) await setPassword(username, change.password, clients);
  if (change.disabled !== undefined) await setDisabled(username, change.disabled, clients);
  if (change.platformAdmin !== undefined) await setPlatformAdmin(username, change.platformAdmin, clients);
  clearAuthCache();
  const account = await readAccount(username, clients);
  if (!account) throw new AppError('not_found', `account ${username} not found`);
  return accountView(account, await readRoleBindings(clients));
}

/** A project's members, by name. */
export async function listMembers(ns: string, clients: KubeClients = getKubeClients()): Promise<{ items: MemberView[] }> {
  await requireProject(ns, clients);
  const bindings = await readRoleBindings(clients);
  const members = [...(bindings.projects.get(ns) ?? new Map<string, ProjectRole>())].map(([username, role]) => ({ username, role }));
  return { items: members.sort((a, b) => a.username.localeCompare(b.username)) };
}

/** Adds a member (201; 409 when already one, 404 when the account does not exist). */
export async function addMember(ns: string, username: string, role: ProjectRole, clients: KubeClients = getKubeClients()): Promise<MemberView> {
  await requireProject(ns, clients);
  if (!(await readAccount(username, clients))) throw new AppError('not_found', `account ${username} not found`, { fields: [{ field: 'username', message: 'no such account' }] });
  const bindings = await readRoleBindings(clients);
  if (bindings.projects.get(ns)?.has(username)) throw new AppError('already_exists', `${username} is already a member of ${ns}`);
  await setProjectRole(ns, username, role, clients);
  clearAuthCache();
  return { username, role };
}

async function requireMember(ns: string, username: string, clients: KubeClients): Promise<void> {
  await requireProject(ns, clients);
  const bindings = await readRoleBindings(clients);
  if (!bindings.projects.get(ns)?.has(username)) throw new AppError('not_found', `${username} is not a member of ${ns}`);
}

/** Changes a member's role. */
export async function changeMember(ns: string, username: string, role: ProjectRole, clients: KubeClients = getKubeClients()): Promise<MemberView> {
  await requireMember(ns, username, clients);
  await setProjectRole(ns, username, role, clients);
  clearAuthCache();
  return { username, role };
}

/** Removes a member. */
export async function removeMember(ns: string, username: string, clients: KubeClients = getKubeClients()): Promise<{ ok: true }> {
  await requireMember(ns, username, clients);
  await setProjectRole(ns, username, null, clients);
  clearAuthCache();
  return { ok: true };
}
