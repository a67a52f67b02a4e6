/**
 * Jaeger query service HTTP API (`/api/...`) over a TraceStore, answering with Jaeger's envelope
 * `{data, total, limit, offset, errors}` exactly as its `structuredResponse`.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal
 */
import { parseGoDuration } from './go-duration';
import { toJaegerTrace } from './jaeger-model';
import type { TraceQuery, TraceStore } from './trace-store';

export interface StructuredError {
  code?: number;
  msg: string;
  traceID?: string;
}

export interface StructuredResponse {
  data: unknown;
  total: number;
  limit: number;
  offset: number;
  errors: StructuredError[] | null;
}

export interface QueryResult {
  status: number;
  body: StructuredResponse;
}

const DEFAULT_LIMIT = 100;
// Jaeger's default trace search window
const DEFAULT_LOOKBACK_US = 2 * 24 * 3600 * 1e6;

function ok(data: unknown, total = 0): QueryResult {
  return { status: 200, body: { data, total, limit: 0, offset: 0, errors: null } };
}

function fail(code: number, msg: string): QueryResult {
  return { status: code, body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] } };
}

function parseTags(params: URLSearchParams): Record<string, string> | string | undefined {
  const tags: Record<string, string> = {};
  let any = false;
  for (const t of params.getAll('tag')) {
    const i = t.indexOf(':');
    if (i <= 0) return `malformed 'tag' parameter, expecting key:value, received: ${t}`;
    tags[t.slice(0, i)] = t.slice(i + 1);
    any = true;
  }
  const json = params.get('tags');
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return `malformed 'tags' parameter, cannot unmarshal JSON: ${json}`;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return `malformed 'tags' parameter, expecting a JSON object: ${json}`;
    for (const [k, v] of Object.entries(parsed)) tags[k] = String(v);
    any = true;
  }
  return any ? tags : undefined;
}

function parseMicros(params: URLSearchParams, name: string): number | undefined | string {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : `unable to parse param '${name}': ${v}`;
}

function parseDurationParam(params: URLSearchParams, name: string): number | undefined | string {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const ms = parseGoDuration(v);
  return ms === undefined ? `unable to parse param '${name}': ${v}` : ms * 1000;
}

/** Parses `/api/traces` search parameters as Jaeger does; a string is an error message. @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal */
export function parseTraceQuery(params: URLSearchParams, nowUs: number): TraceQuery | string {
  const service = params.get('service');
  if (!service) return "parameter 'service' is required";
  const end = parseMicros(params, 'end');
  if (typeof end === 'string') return end;
  const start = parseMicros(params, 'start');
  if (typeof start === 'string') return start;
  const minDuration = parseDurationParam(params, 'minDuration');
  if (typeof minDuration === 'string') return minDuration;
  const maxDuration = parseDurationParam(params, 'maxDuration');
  if (typeof maxDuration === 'string') return maxDuration;
  const tags = parseTags(params);
  if (typeof tags === 'string') return tags;
  const limitText = params.get('limit');
  const limit = limitText ? Number.parseInt(limitText, 10) : DEFAULT_LIMIT;
  if (!Number.isFinite(limit) || limit < 0) return `unable to parse param 'limit': ${limitText}`;
  const endUs = end ?? nowUs;
  const lookback = parseGoDuration(params.get('lookback') ?? undefined);
  const startUs = start ?? (lookback !== undefined ? endUs - lookback * 1000 : endUs - DEFAULT_LOOKBACK_US);
  return {
    service,
    operation: params.get('operation') || undefined,
    tags,
    start: startUs,
    end: endUs,
    minDuration,
    maxDuration,
    limit: limit || DEFAULT_LIMIT,
  };
}

/**
 * Answers one Jaeger query API request (`pathname` under `/api/`), or undefined when the path is
 * not part of the API.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal
 */
export function handleJaegerQuery(store: TraceStore, pathname: string, params: URLSearchParams, nowUs: number): QueryResult | undefined {
  if (pathname === '/api/services') {
    const services = store.services();
    return ok(services, services.length);
  }
  let m = /^\/api\/services\/([^/]+)\/operations$/.exec(pathname);
  if (m) {
    const names = store.operations(decodeURIComponent(m[1]!)).map((o) => o.name);
    return ok(names, names.length);
  }
  if (pathname === '/api/operations') {
    const service = params.get('service');
    if (!service) return fail(400, "parameter 'service' is required");
    const operations = store.operations(service, params.get('spanKind') || undefined);
    return ok(operations, operations.length);
  }
  if (pathname === '/api/traces') {
    const ids = params.getAll('traceID');
    if (ids.length > 0) {
      const found = ids.flatMap((id) => {
        const spans = store.get(id);
        return spans ? [toJaegerTrace(id.toLowerCase(), spans)] : [];
      });
      return ok(found);
    }
    const q = parseTraceQuery(params, nowUs);
    if (typeof q === 'string') return fail(400, q);
    return ok(store.search(q).map((t) => toJaegerTrace(t.traceId, t.spans)));
  }
  m = /^\/api\/traces\/([0-9a-fA-F]+)$/.exec(pathname);
  if (m) {
    const id = m[1]!.toLowerCase();
    const spans = store.get(id);
    return spans ? ok([toJaegerTrace(id, spans)]) : fail(404, 'trace not found');
  }
  if (pathname === '/api/dependencies') {
    // Jaeger takes endTs and lookback in milliseconds here
    const endTs = Number(params.get('endTs') ?? nowUs / 1000);
    const lookback = Number(params.get('lookback') ?? 24 * 3600 * 1000);
    if (!Number.isFinite(endTs) || !Number.isFinite(lookback)) return fail(400, 'unable to parse endTs or lookback');
    return ok(store.dependencies(endTs * 1000, lookback * 1000));
  }
  return undefined;
}
