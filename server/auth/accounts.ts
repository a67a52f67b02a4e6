import 'server-only';
import { randomBytes } from 'node:crypto';
import { PatchStrategy, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import { AppError, isAppError } from '@/lib/api/errors';
import { username as usernameSchema } from '@/lib/auth/schemas';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { systemNamespace } from '../env';
import { now } from './clock';
import { hashPassword, type PasswordHash } from './password';

/** Label carried by every account Secret (its value is the user name). */
export const USER_LABEL = 'graylane.io/user';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** One account as stored: a Secret `graylane-user-<name>` in the system namespace. */
export interface Account extends PasswordHash {
  username: string;
  disabled: boolean;
  createdAt: string;
  /** changes whenever every session of the user must end (logout, disable, password reset) */
  sessionEpoch: string;
}

/** The Secret that holds an account. */
export function accountSecretName(username: string): string {
  return `graylane-user-${username}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => (s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8'));
const newEpoch = () => randomBytes(12).toString('base64url');

function fromSecret(secret: V1Secret): Account | undefined {
  const username = secret.metadata?.labels?.[USER_LABEL];
  const data = secret.data ?? {};
  if (!username || !data.passwordHash || !data.salt) return undefined;
  return {
    username,
    passwordHash: unb64(data.passwordHash),
    salt: unb64(data.salt),
    disabled: unb64(data.disabled) === 'true',
    createdAt: unb64(data.createdAt) || secret.metadata?.creationTimestamp?.toISOString?.() || '',
    sessionEpoch: unb64(data.sessionEpoch),
  };
}

/**
 * Creates the system namespace when it is missing (demo mode; in a cluster the manifests create
 * it). https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export async function ensureSystemNamespace(clients: KubeClients = getKubeClients()): Promise<void> {
  const name = systemNamespace();
  try {
    await kubeCall(clients, (c) => c.core.readNamespace({ name }));
  } catch (err) {
    if (!isAppError(err) || err.code !== 'not_found') throw err;
    try {
      await kubeCall(clients, (c) => c.core.createNamespace({ body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/part-of': 'graylane' } } } }));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'already_exists') throw e;
    }
  }
}

/** Reads one account; undefined when there is none. https://kubernetes.io/docs/concepts/configuration/secret/ */
export async function readAccount(username: string, clients: KubeClients = getKubeClients()): Promise<Account | undefined> {
  // No account can have a name that is not one (login takes any string, so as to answer one generic
  // 401): asking the API for it would build a request path from it, and a lone UTF-16 surrogate in
  // it makes the client's URI encoding throw (a 500 the fuzzer found).
  if (!usernameSchema.safeParse(username).success) return undefined;
  try {
    const secret = await kubeCall(clients, (c) => c.core.readNamespacedSecret({ name: accountSecretName(username), namespace: systemNamespace() }));
    const account = fromSecret(secret);
    return account?.username === username ? account : undefined;
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return undefined;
    throw err;
  }
}

/** Every account, by name. */
export async function listAccounts(clients: KubeClients = getKubeClients()): Promise<Account[]> {
  try {
    const list = await kubeCall(clients, (c) => c.core.listNamespacedSecret({ namespace: systemNamespace(), labelSelector: USER_LABEL }));
    return list.items.flatMap((s) => fromSecret(s) ?? []).sort((a, b) => a.username.localeCompare(b.username));
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return [];
    throw err;
  }
}

/** Creates an account; 409 when the name is taken. */
export async function createAccount(username: string, password: string, clients: KubeClients = getKubeClients()): Promise<Account> {
  await ensureSystemNamespace(clients);
  const hash = await hashPassword(password);
  const account: Account = { username, ...hash, disabled: false, createdAt: new Date(now()).toISOString(), sessionEpoch: newEpoch() };
  const body: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: accountSecretName(username), namespace: systemNamespace(), labels: { [USER_LABEL]: username, 'app.kubernetes.io/managed-by': 'graylane' } },
    data: {
      passwordHash: b64(account.passwordHash),
      salt: b64(account.salt),
      disabled: b64('false'),
      createdAt: b64(account.createdAt),
      sessionEpoch: b64(account.sessionEpoch),
    },
  };
  try {
    await kubeCall(clients, (c) => c.core.createNamespacedSecret({ namespace: systemNamespace(), body }));
  } catch (err) {
    if (isAppError(err) && err.code === 'already_exists') throw new AppError('already_exists', `account ${username} already exists`);
    throw err;
  }
  return account;
}

async function patchAccount(username: string, data: Record<string, string>, clients: KubeClients): Promise<void> {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]));
  try {
    await kubeCall(clients, (c) => c.core.patchNamespacedSecret({ name: accountSecretName(username), namespace: systemNamespace(), body: { data: encoded } }, MERGE_PATCH));
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') throw new AppError('not_found', `account ${username} not found`);
    throw err;
  }
}

/** Sets a new password; every session of the user ends. */
export async function setPassword(username: string, password: string, clients: KubeClients = getKubeClients()): Promise<void> {
  const hash = await hashPassword(password);
  await patchAccount(username, { ...hash, sessionEpoch: newEpoch() }, clients);
}

/** Disables or enables an account; disabling ends every session of the user. */
export async function setDisabled(username: string, disabled: boolean, clients: KubeClients = getKubeClients()): Promise<void> {
  await patchAccount(username, disabled ? { disabled: 'true', sessionEpoch: newEpoch() } : { disabled: 'false' }, clients);
}

/** Ends every session of the user (logout). */
export async function revokeSessions(username: string, clients: KubeClients = getKubeClients()): Promise<void> {
  await patchAccount(username, { sessionEpoch: newEpoch() }, clients);
}
