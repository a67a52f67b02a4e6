import 'server-only';
import { createHash } from 'node:crypto';
import type { AgentOptions, RequestOptions } from 'node:https';
import type { KubeConfig, RequestContext, SecurityAuthentication } from '@kubernetes/client-node';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';

/**
 * One pool of connections per (kubeconfig, TLS material): client-node 2.0's own
 * `applySecurityAuthentication` builds a new undici Agent for every request when the cluster has
 * any TLS setting (a CA, client certificates, or `insecure-skip-tls-verify`), so every call opened
 * a fresh TCP (and TLS) connection. Measured against the embedded cluster (bench/takeover-bench.ts
 * and the comparison in server/kube/rest.ts), reusing connections roughly halves a GET.
 */
const pools = new WeakMap<KubeConfig, Map<string, Dispatcher | undefined>>();

/** Buffers (CA, certificates) hash by content, so a rotated certificate gets a new pool. */
function keyOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v)))
    .digest('hex');
}

function dispatcherFor(kc: KubeConfig, agentOptions: AgentOptions): Dispatcher | undefined | 'uncached' {
  const options = kc.createDispatcherOptions(kc.getCurrentCluster(), agentOptions);
  // SOCKS proxies need client-node's private connector: leave those to client-node itself.
  if (options.type === 'socks') return 'uncached';
  if (options.type === 'none') return undefined;
  let byKey = pools.get(kc);
  if (!byKey) pools.set(kc, (byKey = new Map()));
  const key = keyOf(options);
  if (!byKey.has(key)) {
    byKey.set(
      key,
      options.type === 'proxy'
        ? new ProxyAgent({ uri: options.uri, requestTls: options.requestTls, connect: options.connect } as ProxyAgent.Options)
        : new Agent({ connect: options.connect } as Agent.Options),
    );
  }
  return byKey.get(key);
}

/**
 * The kubeconfig's authentication (bearer tokens, exec and auth-provider plugins, basic auth) and
 * TLS (CA, client certificates, skip-verify, server name, proxy) for one request, as client-node's
 * `KubeConfig.applySecurityAuthentication` does, but over a shared connection pool. Used by the
 * generated API clients and by the raw REST client alike.
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/
 */
export async function authenticate(kc: KubeConfig, ctx: RequestContext): Promise<void> {
  const opts: RequestOptions = {};
  // Headers (tokens are re-read per request: service account tokens rotate) and TLS material.
  await kc.applyToHTTPSOptions(opts);
  const agentOptions: AgentOptions = {};
  for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername'] as const) if (opts[k] !== undefined) (agentOptions as Record<string, unknown>)[k] = opts[k];
  if (opts.rejectUnauthorized !== undefined) agentOptions.rejectUnauthorized = opts.rejectUnauthorized;
  const dispatcher = dispatcherFor(kc, agentOptions);
  if (dispatcher === 'uncached') return kc.applySecurityAuthentication(ctx);
  if (opts.auth) ctx.setHeaderParam('Authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`);
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) ctx.setHeaderParam(k, String(v));
  if (dispatcher) ctx.setDispatcher(dispatcher);
}

/** The same as a client-node `authMethods.default`, for `createConfiguration`. */
export function kubeAuthentication(kc: KubeConfig): SecurityAuthentication {
  return {
    getName: () => 'kubeconfig (pooled connections)',
    applySecurityAuthentication: (ctx: RequestContext) => authenticate(kc, ctx),
  };
}
