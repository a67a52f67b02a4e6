/**
 * The console's one error type and its JSON shape (DESIGN.md "REST API (contract)": errors are
 * `{"error": {"code", "message", "fields"?}}` with the HTTP status of the cause). Lives in lib/ so
 * the browser can read the same codes it is sent.
 */

/** Error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_exists: 409,
  gone: 410,
  invalid: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  cluster_unreachable: 503,
  /** Prometheus not configured or unreachable (DESIGN.md "Configuration") */
  metrics_unavailable: 503,
  /** Jaeger query API not configured or unreachable */
  tracing_unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One invalid input field: `field` is a dotted path (`spec.candidate.version`, `ns`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: FieldError[];
  };
}

export interface AppErrorOptions {
  fields?: FieldError[];
  /** overrides the code's default status (e.g. to keep an unusual Kubernetes status) */
  status?: number;
  cause?: unknown;
}

/** An error the API reports to its caller as is: code, HTTP status, human message, bad fields. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldError[];

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    if (options.fields && options.fields.length > 0) this.fields = options.fields;
  }
}

/** True for an AppError, also across module copies (Next bundles server and route code separately). */
export function isAppError(err: unknown): err is AppError {
  return (
    err instanceof AppError ||
    (err instanceof Error && err.name === 'AppError' && typeof (err as AppError).code === 'string' && typeof (err as AppError).status === 'number')
  );
}

/** The response body for an AppError; only code, message and fields leave the server. */
export function toErrorBody(err: AppError): ApiErrorBody {
  const body: ApiErrorBody = { error: { code: err.code, message: err.message } };
  if (err.fields && err.fields.length > 0) body.error.fields = err.fields.map((f) => ({ field: f.field, message: f.message }));
  return body;
}

/** Narrows an unknown JSON value (a fetch response body) to the error shape. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Maps an HTTP status to the code used when nothing more specific is known. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 410: return 'gone';
    case 422: return 'invalid';
    case 429: return 'too_many_requests';
    case 503: return 'unavailable';
    case 504: return 'timeout';
    default: return status >= 400 && status < 500 ? 'bad_request' : 'internal';
  }
}

/** What the console knows about reaching the cluster, for the "cluster unreachable" banner. */
export type ClusterReachability = 'reachable' | 'unreachable' | 'unknown';

/**
 * Reads `GET /api/cluster`'s outcome: its `reachable` flag when it answered, or an error that says
 * the cluster (not the console) is down (503 `cluster_unreachable`: the permission check itself
 * needs the cluster). Anything else (signed out, console down) says nothing about the cluster.
 */
export function clusterReachability(answer: { reachable?: unknown } | undefined, error?: { status?: number; code?: string } | null): ClusterReachability {
  if (error) return isClusterUnreachableError(error) ? 'unreachable' : 'unknown';
  if (answer && typeof answer.reachable === 'boolean') return answer.reachable ? 'reachable' : 'unreachable';
  return 'unknown';
}

/** True for an API error caused by an unreachable Kubernetes API server (the banner explains those). */
export function isClusterUnreachableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'cluster_unreachable';
}
