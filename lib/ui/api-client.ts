/**
 * Typed fetch helper for the console's own REST API (`/api/**`, DESIGN.md "REST API").
 * Pure: `fetch` is injected so it runs in the browser, in server components and in unit tests.
 */
import type { ZodType } from 'zod';
import { isClusterUnreachableError } from '@/lib/api/errors';

/** One invalid input field, as the API sends it: `field` is a dotted path (`spec.candidate.version`). */
export interface ApiFieldError {
  field: string;
  message: string;
}

/** Codes the client itself produces, next to whatever `error.code` the server sends. */
export type ClientErrorCode = 'network_error' | 'timeout' | 'invalid_response' | 'http_error';

/**
 * The one error type UI code handles: an `{"error":{"code","message","fields"}}` body from the
 * server, or a transport failure (status 0). Branch on `status` (DESIGN.md house rule 6).
 */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: ApiFieldError[];

  constructor(init: { status: number; code: string; message: string; fields?: ApiFieldError[]; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiClientError';
    this.status = init.status;
    this.code = init.code;
    if (init.fields) this.fields = init.fields;
  }
}

/** Narrows an unknown thrown value to {@link ApiClientError}. */
export function isApiClientError(value: unknown): value is ApiClientError {
  return value instanceof ApiClientError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts the contract's `[{field, message}]` and, defensively, a `{field: message}` map. */
function toFields(value: unknown): ApiFieldError[] | undefined {
  const out: ApiFieldError[] = [];
  if (Array.isArray(value)) {
    for (const f of value) {
      if (isRecord(f) && typeof f.field === 'string' && typeof f.message === 'string') out.push({ field: f.field, message: f.message });
    }
  } else if (isRecord(value)) {
    for (const [field, msg] of Object.entries(value)) if (typeof msg === 'string') out.push({ field, message: msg });
  }
  return out.length > 0 ? out : undefined;
}

/** The message for one field of a validation error, for showing next to its form input. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isApiClientError(error) || !error.fields) return undefined;
  const messages = error.fields.filter((f) => f.field === field).map((f) => f.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/**
 * Builds the error for a non-2xx response from its status and (possibly non-JSON) body.
 * Bodies that are not the API's error envelope (a proxy's HTML 502, an empty 500) still give a
 * usable message instead of "Unexpected token <".
 */
export function toApiClientError(status: number, body: unknown, statusText = ''): ApiClientError {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    const code = typeof e.code === 'string' && e.code ? e.code : 'http_error';
    const message = typeof e.message === 'string' && e.message ? e.message : defaultMessage(status, statusText);
    return new ApiClientError({ status, code, message, fields: toFields(e.fields) });
  }
  return new ApiClientError({ status, code: 'http_error', message: defaultMessage(status, statusText) });
}

function defaultMessage(status: number, statusText: string): string {
  return statusText ? `Request failed: ${status} ${statusText}` : `Request failed with status ${status}`;
}

export interface ApiFetchOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON. */
  body?: unknown;
  /** Validates the success body; a mismatch throws `invalid_response`. */
  schema?: ZodType<T>;
  /** Aborts and throws `timeout` after this many ms (default 15 s), so no spinner spins forever. */
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Injected for tests and server-side use; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Calls the console API and returns the parsed JSON body, or throws {@link ApiClientError}.
 * A 204 or empty body resolves to `undefined`.
 */
export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions<T> = {}): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await doFetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (timedOut) {
      throw new ApiClientError({ status: 0, code: 'timeout', message: `No answer from the server after ${Math.round(timeoutMs / 1000)} s`, cause });
    }
    if (options.signal?.aborted) throw cause; // the caller cancelled (React Query does this): not an error to show
    throw new ApiClientError({ status: 0, code: 'network_error', message: 'Cannot reach the Graylane server', cause });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }

  const text = await response.text();
  let body: unknown = undefined;
  let parsed = true;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      parsed = false;
    }
  }

  if (!response.ok) throw toApiClientError(response.status, parsed ? body : undefined, response.statusText);
  if (!parsed) {
    throw new ApiClientError({ status: response.status, code: 'invalid_response', message: 'The server answered with something that is not JSON' });
  }
  if (options.schema) {
    const result = options.schema.safeParse(body);
    if (!result.success) {
      throw new ApiClientError({ status: response.status, code: 'invalid_response', message: 'The server answered with an unexpected shape', cause: result.error });
    }
    return result.data;
  }
  return body as T;
}

/**
 * While the Kubernetes API server is down a query keeps retrying instead of failing: the first such
 * answer makes the "cluster unreachable" banner pause React Query, so the retry waits, paused, until
 * the cluster answers again and then loads by itself. The panel meanwhile keeps its last data (or
 * its loading state) under the banner instead of showing an error of its own. Bounded so that a page
 * without the banner does not retry for ever.
 */
export const CLUSTER_DOWN_RETRIES = 10;

/** Retry rule for queries that otherwise never retry (previews, defaults): only while the cluster is down. */
export function retryWhileClusterDown(failureCount: number, error: unknown): boolean {
  return isClusterUnreachableError(error) && failureCount < CLUSTER_DOWN_RETRIES;
}

/**
 * React Query retry policy: retry transport failures and 5xx twice, never 4xx (a 403 or 404
 * does not get better by asking again); an unreachable cluster as retryWhileClusterDown says.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isClusterUnreachableError(error)) return retryWhileClusterDown(failureCount, error);
  if (failureCount >= 2) return false;
  if (isApiClientError(error)) return error.status === 0 || error.status >= 500;
  return true;
}

/** A one-line, user-facing explanation chosen by status (DESIGN.md house rule 6). */
export function describeApiError(error: unknown): { title: string; detail: string } {
  if (!isApiClientError(error)) {
    return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
  }
  switch (true) {
    case error.status === 401:
      return { title: 'Session expired', detail: 'Log in again to continue.' };
    case error.status === 403:
      return { title: 'Permission denied', detail: error.message || 'Your role in this project does not allow this action.' };
    case error.status === 404:
      return { title: 'Not found', detail: error.message || 'The resource does not exist or was deleted.' };
    case error.status === 409:
      return { title: 'Changed by someone else', detail: 'The resource was modified since it was loaded. Reload and try again.' };
    case error.code === 'timeout':
      return { title: 'Taking too long', detail: error.message };
    case error.status === 0:
      return { title: 'Server unreachable', detail: error.message };
    default:
      return { title: `Error ${error.status}`, detail: error.message };
  }
}
