import 'server-only';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { isAppError } from '@/lib/api/errors';
import { parseBindings, platformKey, projectKey, type RoleBindings } from '@/lib/auth/bindings';
import type { ProjectRole } from '@/lib/auth/roles';
import { getKubeClients, kubeCall, type KubeClients } from '../kube/client';
import { systemNamespace } from '../env';
import { ensureSystemNamespace } from './accounts';

/** The ConfigMap holding every role binding (see lib/auth/bindings.ts for its keys). */
export const ROLE_BINDINGS_CONFIGMAP = 'graylane-role-bindings';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Reads all bindings (none when the ConfigMap does not exist yet). https://kubernetes.io/docs/concepts/configuration/configmap/ */
export async function readRoleBindings(clients: KubeClients = getKubeClients()): Promise<RoleBindings> {
  try {
    const cm = await kubeCall(clients, (c) => c.core.readNamespacedConfigMap({ name: ROLE_BINDINGS_CONFIGMAP, namespace: systemNamespace() }));
    return parseBindings(cm.data);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return parseBindings(undefined);
    throw err;
  }
}

/** Sets (value) or removes (null) binding keys with one merge patch, creating the ConfigMap on first use. */
async function patchBindings(data: Record<string, string | null>, clients: KubeClients): Promise<void> {
  const namespace = systemNamespace();
  try {
    await kubeCall(clients, (c) => c.core.patchNamespacedConfigMap({ name: ROLE_BINDINGS_CONFIGMAP, namespace, body: { data } }, MERGE_PATCH));
    return;
  } catch (err) {
    if (!isAppError(err) || err.code !== 'not_found') throw err;
  }
  await ensureSystemNamespace(clients);
  const initial = Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => e[1] !== null));
  try {
    await kubeCall(clients, (c) =>
      c.core.createNamespacedConfigMap({ namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROLE_BINDINGS_CONFIGMAP, namespace, labels: { 'app.kubernetes.io/managed-by': 'graylane' } }, data: initial } }),
    );
  } catch (err) {
    // Another replica created it first: apply ours on top.
    if (!isAppError(err) || err.code !== 'already_exists') throw err;
    await kubeCall(clients, (c) => c.core.patchNamespacedConfigMap({ name: ROLE_BINDINGS_CONFIGMAP, namespace, body: { data } }, MERGE_PATCH));
  }
}

/** Grants or revokes platform admin. */
export async function setPlatformAdmin(user: string, admin: boolean, clients: KubeClients = getKubeClients()): Promise<void> {
  await patchBindings({ [platformKey(user)]: admin ? 'admin' : null }, clients);
}

/** Sets a user's role in a project, or removes it (null). */
export async function setProjectRole(ns: string, user: string, role: ProjectRole | null, clients: KubeClients = getKubeClients()): Promise<void> {
  await patchBindings({ [projectKey(ns, user)]: role }, clients);
}
