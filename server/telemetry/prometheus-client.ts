import 'server-only';
import { AppError } from '@/lib/api/errors';
import { parseMatrix, parseVector, type InstantSample, type RangeSeries } from '@/lib/telemetry/prometheus-result';
import { backendFetch, readJsonBody, safeUrl, type BackendInfo } from './backend-fetch';

/** Deadline of one PromQL query; the UI shows a timeout message past it. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 8_000;

export interface PrometheusClient {
  readonly baseUrl: string;
  /** instant query at `time` (unix s, default now) */
  query(expr: string, time?: number): Promise<InstantSample[]>;
  /** range query, all times in unix seconds */
  queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
  /** the values `label` takes among the series `match` selects between start and end (unix s) */
  labelValues(label: string, match: string, start: number, end: number): Promise<string[]>;
}

interface ApiEnvelope {
  status?: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

/**
 * A client of Prometheus' HTTP API. Queries go as POST form bodies: topology queries are long and
 * a GET URL could exceed proxies' limits.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/
 */
export function createPrometheusClient(opts: { baseUrl: string; timeoutMs?: number }): PrometheusClient {
  const b: BackendInfo = { name: 'Prometheus', unavailable: 'metrics_unavailable', baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS };

  // label values are GET only (Prometheus 2.x); queries go as POST
  async function call(path: string, form: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
    const params = new URLSearchParams(form).toString();
    const res =
      method === 'GET'
        ? await backendFetch(b, `${path}?${params}`, { headers: { accept: 'application/json' } })
        : await backendFetch(b, path, { method, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: params });
    const body = (await readJsonBody(b, res)) as ApiEnvelope;
    if (res.ok && body.status === 'success') return body.data;
    const why = `${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'no error message'}`;
    // Prometheus' own query timeout and overload are 503; bad_data/execution mean our PromQL is wrong.
    if (res.status === 503 || body.errorType === 'timeout') throw new AppError('timeout', `Prometheus at ${safeUrl(b.baseUrl)} gave up on the query (${why}); try a shorter time window`);
    if (res.status === 400 || res.status === 422) throw new AppError('internal', `Prometheus rejected the console's query (${why})`);
    throw new AppError('metrics_unavailable', `Prometheus at ${safeUrl(b.baseUrl)} failed (${why})`);
  }

  function parsed<T>(parse: (d: unknown) => T, data: unknown): T {
    try {
      return parse(data);
    } catch (err) {
      throw new AppError('metrics_unavailable', `Prometheus at ${safeUrl(b.baseUrl)} returned an unexpected result: ${(err as Error).message}`);
    }
  }

  return {
    baseUrl: opts.baseUrl,
    async query(expr, time) {
      const form: Record<string, string> = { query: expr };
      if (time !== undefined) form.time = String(time);
      return parsed(parseVector, await call('api/v1/query', form));
    },
    async queryRange(expr, start, end, step) {
      return parsed(parseMatrix, await call('api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }));
    },
    async labelValues(label, match, start, end) {
      const data = await call(`api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match, start: String(start), end: String(end) }, 'GET');
      return parsed((d) => {
        if (!Array.isArray(d) || !d.every((v) => typeof v === 'string')) throw new Error('label values are not a list of strings');
        return d as string[];
      }, data);
    },
  };
}

/**
 * The client for GRAYLANE_PROMETHEUS_URL, read at call time; 503 `metrics_unavailable` saying how
 * to fix it when unset (DESIGN.md "Configuration").
 */
export function prometheusFromEnv(): PrometheusClient {
  const url = process.env.GRAYLANE_PROMETHEUS_URL?.trim();
  if (!url) throw new AppError('metrics_unavailable', 'metrics backend not configured: set GRAYLANE_PROMETHEUS_URL to the Prometheus HTTP API (e.g. http://prometheus.istio-system:9090)');
  const timeout = Number(process.env.GRAYLANE_PROMETHEUS_TIMEOUT_MS);
  return createPrometheusClient({ baseUrl: url, timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined });
}
