import 'server-only';
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { AppError } from '@/lib/api/errors';

/** Where the console finds its cluster; tests pass a path so they never touch the user's config. */
export interface KubeConfigSource {
  /** a kubeconfig file; default: `KUBECONFIG`, then `~/.kube/config`, then the pod's service account */
  kubeconfigPath?: string;
}

/**
 * Loads the kubeconfig the console manages its cluster with (DESIGN.md "Configuration").
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */
export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  const kc = new KubeConfig();
  const explicit = source.kubeconfigPath;
  try {
    if (explicit) {
      if (!existsSync(explicit)) throw new AppError('unavailable', `kubeconfig file ${explicit} does not exist`);
      kc.loadFromFile(explicit);
    } else if (!process.env.KUBECONFIG && process.env.KUBERNETES_SERVICE_HOST) {
      // In a pod without an explicit KUBECONFIG: the mounted service account token.
      kc.loadFromCluster();
    } else {
      kc.loadFromDefault();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The parser's message can quote the file (tokens, keys): name the file, never its contents.
    const where = explicit ?? process.env.KUBECONFIG ?? '~/.kube/config';
    throw new AppError('unavailable', `cannot load kubeconfig from ${where}: the file is missing or not a valid kubeconfig`);
  }
  if (!kc.getCurrentCluster()) {
    throw new AppError('unavailable', 'no cluster configured: set KUBECONFIG to a kubeconfig whose current context names a cluster');
  }
  return kc;
}

/** The API server's URL without any user:password part, safe to show and log. */
export function apiServerUrl(kc: KubeConfig): string {
  const server = kc.getCurrentCluster()?.server ?? '';
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return server;
  }
}

/** host[:port] of the API server, for the UI banner. */
export function apiServerHost(kc: KubeConfig): string {
  const server = apiServerUrl(kc);
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}
