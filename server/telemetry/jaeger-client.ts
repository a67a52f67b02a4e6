import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { JaegerTraceJson } from '@/lib/telemetry/jaeger-parse';
import { backendFetch, readJsonBody, safeUrl, type BackendInfo } from './backend-fetch';

export const DEFAULT_JAEGER_TIMEOUT_MS = 8_000;

export interface TraceSearch {
  /** Jaeger service name, `<app>.<namespace>` under Istio */
  service: string;
  limit: number;
  /** µs since epoch */
  start: number;
  end: number;
  tags?: Record<string, string>;
}

export interface JaegerClient {
  readonly baseUrl: string;
  services(): Promise<string[]>;
  findTraces(q: TraceSearch): Promise<JaegerTraceJson[]>;
  /** undefined when Jaeger does not know the trace */
  getTrace(traceId: string): Promise<JaegerTraceJson | undefined>;
}

interface Envelope {
  data?: unknown;
  errors?: { code?: number; msg?: string }[] | null;
}

/**
 * A client of the Jaeger query service's HTTP JSON API (the one Jaeger UI uses).
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal
 */
export function createJaegerClient(opts: { baseUrl: string; timeoutMs?: number }): JaegerClient {
  const b: BackendInfo = { name: 'Jaeger', unavailable: 'tracing_unavailable', baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs ?? DEFAULT_JAEGER_TIMEOUT_MS };

  async function get(path: string, notFoundOk = false): Promise<unknown | undefined> {
    const res = await backendFetch(b, path, { headers: { accept: 'application/json' } });
    if (notFoundOk && res.status === 404) return undefined;
    const body = (await readJsonBody(b, res)) as Envelope;
    if (res.ok && !(body.errors && body.errors.length > 0)) return body.data;
    const why = body.errors?.map((e) => e.msg).filter(Boolean).join('; ') || `HTTP ${res.status}`;
    if (res.status === 400) throw new AppError('bad_request', `Jaeger refused the search: ${why}`);
    throw new AppError('tracing_unavailable', `Jaeger at ${safeUrl(b.baseUrl)} failed (${why})`);
  }

  return {
    baseUrl: opts.baseUrl,
    async services() {
      const data = await get('api/services');
      return Array.isArray(data) ? data.filter((s): s is string => typeof s === 'string') : [];
    },
    async findTraces(q) {
      const params = new URLSearchParams({ service: q.service, limit: String(q.limit), start: String(Math.floor(q.start)), end: String(Math.floor(q.end)) });
      if (q.tags && Object.keys(q.tags).length > 0) params.set('tags', JSON.stringify(q.tags));
      const data = await get(`api/traces?${params}`);
      return Array.isArray(data) ? (data as JaegerTraceJson[]) : [];
    },
    async getTrace(traceId) {
      const data = await get(`api/traces/${encodeURIComponent(traceId)}`, true);
      return Array.isArray(data) && data.length > 0 ? (data[0] as JaegerTraceJson) : undefined;
    },
  };
}

/** The client for GRAYLANE_JAEGER_URL, read at call time; 503 `tracing_unavailable` saying how to fix it when unset. */
export function jaegerFromEnv(): JaegerClient {
  const url = process.env.GRAYLANE_JAEGER_URL?.trim();
  if (!url) throw new AppError('tracing_unavailable', 'tracing backend not configured: set GRAYLANE_JAEGER_URL to the Jaeger query API (e.g. http://tracing.istio-system:16686/jaeger)');
  const timeout = Number(process.env.GRAYLANE_JAEGER_TIMEOUT_MS);
  return createJaegerClient({ baseUrl: url, timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined });
}
