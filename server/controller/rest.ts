import 'server-only';
import { ApiException, RequestContext, HttpMethod, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { apiServerUrl } from '../kube/config';
import { toAppError } from '../kube/errors';
import { DEFAULT_KUBE_TIMEOUT_MS } from '../kube/timeout';

/** Content types of the PATCH flavours the controller uses. https://kubernetes.io/docs/reference/using-api/api-concepts/#patch-and-apply */
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

/** A thin JSON client over the Kubernetes REST API, authenticated like client-node. */
export interface KubeRest {
  kubeConfig: KubeConfig;
  apiServer: string;
  request<T>(req: RestRequest): Promise<T>;
}

const METHODS: Record<RestRequest['method'], HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

/**
 * Builds the REST client. The generated client-node APIs would do, but the controller talks to
 * CRDs of a discovered version and needs raw list/watch/patch anyway; one small client keeps every
 * call on the hot take-over path to a single fetch. Errors become AppErrors like the rest of server/.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
export function createKubeRest(kc: KubeConfig, timeoutMs = DEFAULT_KUBE_TIMEOUT_MS): KubeRest {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/$/, '');
  const apiServer = apiServerUrl(kc);
  return {
    kubeConfig: kc,
    apiServer,
    async request<T>(req: RestRequest): Promise<T> {
      const url = new URL(server + req.path);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      try {
        const ctx = new RequestContext(url.toString(), METHODS[req.method]);
        await kc.applySecurityAuthentication(ctx);
        const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
        let body: string | undefined;
        if (req.body !== undefined) {
          body = JSON.stringify(req.body);
          headers['content-type'] = req.contentType ?? 'application/json';
        }
        const res = await fetch(url, { method: req.method, headers, body, dispatcher: ctx.getDispatcher(), signal: AbortSignal.timeout(timeoutMs) });
        const text = await res.text();
        if (res.status >= 400) throw new ApiException(res.status, `HTTP ${res.status}`, text, {});
        return (text ? JSON.parse(text) : {}) as T;
      } catch (err) {
        throw toAppError(err, { apiServer, timeoutMs });
      }
    },
  };
}
