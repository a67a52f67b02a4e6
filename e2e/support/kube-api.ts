/**
 * Plain HTTP calls to the demo stack's Kubernetes API, for specs that set up what a cluster would
 * already hold (a KubeSphere CRD, a namespace without sidecar injection). The API server and token
 * come from the kubeconfig the demo stack exports as KUBECONFIG (scripts/test.sh evals its
 * `export` lines), so the same calls work against any cluster the stack points at.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { poll } from './poll';

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string } }[];
  users?: { name: string; user: { token?: string } }[];
}

/** The API server URL and bearer token of the current context of $KUBECONFIG. */
function target(): { server: string; token?: string } {
  const file = process.env.KUBECONFIG;
  if (!file) throw new Error('KUBECONFIG is not set: run the specs against the demo stack (scripts/test.sh exports it from the demo\'s `export` lines)');
  const config = parse(readFileSync(file, 'utf8')) as KubeconfigFile;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  if (!cluster?.server) throw new Error(`KUBECONFIG ${file}: no cluster for context ${config['current-context']}`);
  return { server: cluster.server.replace(/\/+$/, ''), token: config.users?.find((u) => u.name === context?.user)?.user.token };
}

export interface KubeResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One request to the Kubernetes API; JSON in, JSON out, any status returned (callers decide). */
export async function kube(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
  const { server, token } = target();
  const res = await fetch(`${server}${path}`, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': contentType }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Creates an object; an existing one (409) is fine. Other failures throw with the API's message. */
export async function create(path: string, body: unknown): Promise<void> {
  const res = await kube('POST', path, body);
  if (res.status !== 201 && res.status !== 200 && res.status !== 409) throw new Error(`POST ${path}: ${res.status} ${String(res.body.message ?? '')}`);
}

/** Deletes an object (404 is fine) and waits until reading it answers 404. */
export async function deleteAndWait(path: string, timeoutMs = 60_000): Promise<void> {
  const res = await kube('DELETE', path, { propagationPolicy: 'Foreground' });
  if (res.status >= 400 && res.status !== 404) throw new Error(`DELETE ${path}: ${res.status} ${String(res.body.message ?? '')}`);
  await poll(`${path} to be gone`, timeoutMs, async () => ((await kube('GET', path)).status === 404 ? true : undefined));
}

/** Waits until the API serves a group-version (after registering a CRD). */
export async function waitServed(groupVersion: string, timeoutMs = 30_000): Promise<void> {
  await poll(`/apis/${groupVersion} to be served`, timeoutMs, async () => ((await kube('GET', `/apis/${groupVersion}`)).status === 200 ? true : undefined));
}
