import 'server-only';
import { AppError, type ErrorCode } from '@/lib/api/errors';

/** Which backend a call goes to, for error codes and messages. */
export interface BackendInfo {
  /** `Prometheus` or `Jaeger` */
  name: string;
  /** metrics_unavailable or tracing_unavailable */
  unavailable: ErrorCode;
  baseUrl: string;
  timeoutMs: number;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** The URL for messages: never credentials (a user:password@ in the configured URL stays secret). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/**
 * fetch with the backend's deadline; a timeout becomes 504 `timeout`, a refused or broken
 * connection 503 `<backend>_unavailable` naming the URL. HTTP error statuses are left to the caller.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static
 */
export async function backendFetch(b: BackendInfo, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  let url: URL;
  try {
    url = new URL(pathAndQuery, b.baseUrl.endsWith('/') ? b.baseUrl : `${b.baseUrl}/`);
  } catch {
    throw new AppError(b.unavailable, `the ${b.name} URL ${b.baseUrl} is not a valid URL`);
  }
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(b.timeoutMs) });
  } catch (err) {
    if (isAbort(err)) {
      throw new AppError('timeout', `${b.name} at ${safeUrl(b.baseUrl)} did not answer within ${Math.round(b.timeoutMs / 100) / 10} s; try a shorter time window or check its load`, { cause: err });
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new AppError(b.unavailable, `${b.name} at ${safeUrl(b.baseUrl)} is unreachable (${detail}); check that it runs and that the console can reach it`, { cause: err });
  }
}

/** The body as JSON, or a 503 when the backend answered something else (a proxy's HTML page). */
export async function readJsonBody(b: BackendInfo, res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(b.unavailable, `${b.name} at ${safeUrl(b.baseUrl)} answered HTTP ${res.status} with a body that is not JSON; is the URL the ${b.name} API?`);
  }
}
