import 'server-only';
import type { Middleware, RequestContext, ResponseContext } from '@kubernetes/client-node';

/** Default deadline of one request to the Kubernetes API. */
export const DEFAULT_KUBE_TIMEOUT_MS = 10_000;

/**
 * Client-node middleware giving every request a deadline: an API server that accepts the
 * connection and never answers would otherwise hang the route handler forever. Requests that
 * already carry a signal (a caller's own cancellation) keep it.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
export function timeoutMiddleware(timeoutMs: number): Middleware {
  return {
    pre: async (ctx: RequestContext) => {
      if (!ctx.getSignal()) ctx.setSignal(AbortSignal.timeout(timeoutMs));
      return ctx;
    },
    post: async (res: ResponseContext) => res,
  };
}
