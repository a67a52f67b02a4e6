/**
 * The browser's calls to the observability endpoints (DESIGN.md "REST API"):
 * topology, per-version metrics, trace list and trace detail. Each returns the contract's view
 * model (lib/api/telemetry-types.ts) or throws ApiClientError; 503 `metrics_unavailable` /
 * `tracing_unavailable` mean the backend is not configured or unreachable.
 */
import type { ServiceMetricsView, TimeWindow, TopologyView, TraceDetail, TraceSummary } from '@/lib/api/telemetry-types';
import type { ListResponse } from '@/lib/api/types';
import { apiFetch, isApiClientError, shouldRetry } from './api-client';

const enc = encodeURIComponent;
const base = (ns: string) => `/api/projects/${enc(ns)}`;

/** Telemetry answers may take a while on big meshes; the server's own timeout (504) comes first. */
export const TELEMETRY_TIMEOUT_MS = 30_000;

/** Builds a query string from the defined, non-empty parameters. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const TRACE_RANGES: readonly { value: string; label: string; seconds: number }[] = [
  { value: '15m', label: 'Last 15 minutes', seconds: 900 },
  { value: '1h', label: 'Last 1 hour', seconds: 3600 },
  { value: '3h', label: 'Last 3 hours', seconds: 10_800 },
  { value: '6h', label: 'Last 6 hours', seconds: 21_600 },
  { value: '24h', label: 'Last 24 hours', seconds: 86_400 },
];

export const TRACE_LIMITS = [5, 10, 20, 50] as const;

/** start/end of a relative range in microseconds since epoch (Jaeger's unit). */
export function rangeMicros(range: string, nowMs: number): { start: number; end: number } {
  const seconds = TRACE_RANGES.find((r) => r.value === range)?.seconds ?? 3600;
  const end = Math.round(nowMs * 1000);
  return { start: end - seconds * 1_000_000, end };
}

/** Accepts both `{items: [...]}` (the API's list convention) and a bare array. */
export function listItems<T>(body: ListResponse<T> | T[] | null | undefined): T[] {
  if (Array.isArray(body)) return body;
  return body?.items ?? [];
}

export const telemetryApi = {
  topology: (ns: string, params: { app?: string; window: TimeWindow; latency?: 'skip' }, signal?: AbortSignal) =>
    apiFetch<TopologyView>(`${base(ns)}/topology${queryString({ app: params.app, window: params.window, latency: params.latency })}`, { timeoutMs: TELEMETRY_TIMEOUT_MS, signal }),
  metrics: (ns: string, params: { service: string; window: TimeWindow; step: number }, signal?: AbortSignal) =>
    apiFetch<ServiceMetricsView>(`${base(ns)}/metrics${queryString({ service: params.service, window: params.window, step: params.step })}`, { timeoutMs: TELEMETRY_TIMEOUT_MS, signal }),
  traces: async (ns: string, params: { service: string; version?: string; limit: number; start: number; end: number }, signal?: AbortSignal) =>
    listItems(await apiFetch<ListResponse<TraceSummary> | TraceSummary[]>(`${base(ns)}/traces${queryString(params)}`, { timeoutMs: TELEMETRY_TIMEOUT_MS, signal })),
  trace: (ns: string, traceId: string, signal?: AbortSignal) => apiFetch<TraceDetail>(`${base(ns)}/traces/${enc(traceId)}`, { timeoutMs: TELEMETRY_TIMEOUT_MS, signal }),
};

export type BackendKind = 'metrics' | 'tracing';

/** The backend a 503 names, when the error is "backend not configured or unreachable". */
export function unavailableBackend(error: unknown): BackendKind | null {
  if (!isApiClientError(error)) return null;
  if (error.code === 'metrics_unavailable') return 'metrics';
  if (error.code === 'tracing_unavailable') return 'tracing';
  return null;
}

/** What to do about an unavailable backend, for the panel that says so. */
export const BACKEND_FIX: Record<BackendKind, { title: string; variable: string; fix: string }> = {
  metrics: {
    title: 'Metrics backend unavailable',
    variable: 'GRAYLANE_PROMETHEUS_URL',
    fix: 'Set GRAYLANE_PROMETHEUS_URL to the Prometheus HTTP API that scrapes Istio (for example http://prometheus.istio-system:9090) and restart the console. In the demo, install Prometheus (apt-get install prometheus) and restart `npm run demo`.',
  },
  tracing: {
    title: 'Tracing backend unavailable',
    variable: 'GRAYLANE_JAEGER_URL',
    fix: 'Set GRAYLANE_JAEGER_URL to the Jaeger query API (for example http://tracing.istio-system:16686/jaeger) and restart the console.',
  },
};

/**
 * React Query's retry rule for telemetry panels: a backend that is not configured, unreachable or
 * too slow is said at once, not after two more attempts (each as slow as the first: a 8 s
 * Prometheus deadline would keep the spinner up for ~27 s). The panels refresh by themselves and
 * offer Retry; other failures follow the console's rule.
 * @see https://tanstack.com/query/v5/docs/framework/react/guides/query-retries
 */
export function telemetryRetry(failureCount: number, error: unknown): boolean {
  if (unavailableBackend(error)) return false;
  if (isApiClientError(error) && (error.status === 504 || error.code === 'timeout')) return false;
  return shouldRetry(failureCount, error);
}
