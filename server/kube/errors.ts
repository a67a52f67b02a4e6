import 'server-only';
import { ApiException } from '@kubernetes/client-node';
import { AppError, codeForStatus, isAppError, type ErrorCode, type FieldError } from '@/lib/api/errors';

/** A Kubernetes `Status` as returned in error bodies. https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/ */
interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** Where a failed request went, so the message can name it. */
export interface KubeErrorContext {
  apiServer: string;
  timeoutMs?: number;
}

/** Status reasons whose meaning is more precise than their HTTP status. */
const CODE_BY_REASON: Record<string, ErrorCode> = {
  NotFound: 'not_found',
  AlreadyExists: 'already_exists',
  Conflict: 'conflict',
  Invalid: 'invalid',
  Forbidden: 'forbidden',
  BadRequest: 'bad_request',
  MethodNotAllowed: 'method_not_allowed',
  Gone: 'gone',
  Expired: 'gone',
  TooManyRequests: 'too_many_requests',
  Timeout: 'timeout',
  ServerTimeout: 'timeout',
  ServiceUnavailable: 'unavailable',
  InternalError: 'internal',
};

/** Node/undici error codes that mean "the API server cannot be reached". */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted TLS certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

function parseStatus(body: unknown): KubeStatus | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value === 'object' && value !== null && (value as KubeStatus).kind === 'Status') return value as KubeStatus;
  return undefined;
}

function isApiException(err: unknown): err is ApiException<unknown> {
  return err instanceof ApiException || (err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && 'body' in err);
}

/** Every error in the cause chain (and inside AggregateErrors, which undici uses for dual-stack connects). */
function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (typeof e === 'object') {
      queue.push((e as { cause?: unknown }).cause);
      const inner = (e as { errors?: unknown }).errors;
      if (Array.isArray(inner)) queue.push(...inner);
    }
  }
  return out;
}

function fieldsOf(status: KubeStatus): FieldError[] {
  return (status.details?.causes ?? [])
    .filter((c) => c.message)
    .map((c) => ({ field: c.field ?? '', message: c.message ?? '' }));
}

function fromStatus(httpCode: number, status: KubeStatus | undefined, ctx: KubeErrorContext): AppError {
  if (httpCode === 401) {
    // The console's own credentials failed, not the user's session: a 401 would send the browser to log in again.
    return new AppError('unavailable', `the Kubernetes API server at ${ctx.apiServer} rejected the console's credentials (401 Unauthorized)`);
  }
  if (!status) return new AppError(codeForStatus(httpCode), `the Kubernetes API server at ${ctx.apiServer} answered HTTP ${httpCode}`, { status: httpCode });
  const code = (status.reason && CODE_BY_REASON[status.reason]) || codeForStatus(httpCode);
  const message = status.message || status.reason || `Kubernetes API error ${httpCode}`;
  return new AppError(code, message, { status: httpCode, fields: fieldsOf(status) });
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'the time limit' : `${Math.round(ms / 100) / 10} s`;
}

/**
 * Maps anything a client-node call throws to an AppError: Kubernetes `Status` errors keep their
 * HTTP status, reason and message; unreachable or silent API servers become 503
 * `cluster_unreachable` naming the server. https://kubernetes.io/docs/reference/using-api/api-concepts/#response-status-kind
 */
export function toAppError(err: unknown, ctx: KubeErrorContext): AppError {
  if (isAppError(err)) return err;
  if (isApiException(err)) return fromStatus(err.code, parseStatus(err.body), ctx);

  for (const e of causeChain(err)) {
    if (!(e instanceof Error) && (typeof e !== 'object' || e === null)) continue;
    const name = (e as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new AppError('cluster_unreachable', `the Kubernetes API server at ${ctx.apiServer} did not answer within ${seconds(ctx.timeoutMs)}`, { cause: err });
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) {
      return new AppError('cluster_unreachable', `cannot reach the Kubernetes API server at ${ctx.apiServer} (${NETWORK_CODES[code]})`, { cause: err });
    }
  }
  if (err instanceof Error && err.message.startsWith('HTTP protocol is not allowed')) {
    // client-node 2.x refuses http:// servers unless the kubeconfig says so explicitly.
    return new AppError('unavailable', `the kubeconfig points at ${ctx.apiServer} over plain HTTP; set insecure-skip-tls-verify: true on that cluster to allow it`);
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    return new AppError('cluster_unreachable', `cannot reach the Kubernetes API server at ${ctx.apiServer}`, { cause: err });
  }
  // Not classified: say what it was in the console log, so the next occurrence can be classified
  // (the reliability suite saw one such 500 under a slow API without a trace of its cause).
  console.error('unclassified error from the Kubernetes API client:', describeChain(err));
  return new AppError('internal', 'unexpected error while talking to the Kubernetes API', { cause: err });
}

/** "Name: message [code]" of every error in a cause chain, for the log. */
function describeChain(err: unknown): string {
  return causeChain(err)
    .map((e) => (e instanceof Error ? `${e.name}: ${e.message}${(e as { code?: unknown }).code ? ` [${String((e as { code?: unknown }).code)}]` : ''}` : String(e)))
    .join(' <- ');
}
