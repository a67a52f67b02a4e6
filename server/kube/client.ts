import 'server-only';
import {
  ApisApi,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  ServerConfiguration,
  VersionApi,
  createConfiguration,
  type KubeConfig,
} from '@kubernetes/client-node';
import { apiServerUrl, loadKubeConfig, type KubeConfigSource } from './config';
import { toAppError } from './errors';
import { createKubeRest, type KubeRest } from './rest';
import { DEFAULT_KUBE_TIMEOUT_MS, timeoutMiddleware } from './timeout';
import { kubeAuthentication } from './transport';

/** The API clients of one cluster connection. */
export interface KubeClients {
  kubeConfig: KubeConfig;
  /** API server URL without credentials, for messages */
  apiServer: string;
  timeoutMs: number;
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  coordination: CoordinationV1Api;
  /** generic create/read/delete of any kind (used for manifests such as the Bookinfo sample) */
  objects: KubernetesObjectApi;
  apis: ApisApi;
  version: VersionApi;
  /** raw JSON requests by URL over the same connection pool, deadline and error mapping (rest.ts) */
  rest: KubeRest;
}

export interface KubeClientOptions extends KubeConfigSource {
  /** an already loaded config (wins over kubeconfigPath) */
  kubeConfig?: KubeConfig;
  /** per-request deadline, default 10 s */
  timeoutMs?: number;
}

type ApiClass<T> = new (config: ReturnType<typeof createConfiguration>) => T;

/**
 * Builds the API clients for a kubeconfig. Mirrors `KubeConfig.makeApiClient` but adds a request
 * deadline, which client-node has no option for, and reuses connections (transport.ts).
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */
export function createKubeClients(options: KubeClientOptions = {}): KubeClients {
  const kc = options.kubeConfig ?? loadKubeConfig(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw toAppError(new Error('no current cluster'), { apiServer: '(none)' });
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeAuthentication(kc) },
    promiseMiddleware: [timeoutMiddleware(timeoutMs)],
  });
  const make = <T>(Api: ApiClass<T>): T => new Api(configuration);
  return {
    kubeConfig: kc,
    apiServer: apiServerUrl(kc),
    timeoutMs,
    core: make(CoreV1Api),
    apps: make(AppsV1Api),
    custom: make(CustomObjectsApi),
    coordination: make(CoordinationV1Api),
    objects: make(KubernetesObjectApi),
    apis: make(ApisApi),
    version: make(VersionApi),
    rest: createKubeRest(kc, timeoutMs),
  };
}

let shared: KubeClients | undefined;

/** The process-wide clients, created on first use from `KUBECONFIG` (or the pod's service account). */
export function getKubeClients(): KubeClients {
  shared ??= createKubeClients();
  return shared;
}

/** Replaces (or with no argument forgets) the process-wide clients; for tests and config reloads. */
export function setKubeClients(clients?: KubeClients): void {
  shared = clients;
}

/**
 * Runs Kubernetes calls and maps whatever they throw to an AppError naming the API server.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
export async function kubeCall<T>(clients: KubeClients, fn: (c: KubeClients) => Promise<T>): Promise<T> {
  try {
    return await fn(clients);
  } catch (err) {
    throw toAppError(err, { apiServer: clients.apiServer, timeoutMs: clients.timeoutMs });
  }
}
