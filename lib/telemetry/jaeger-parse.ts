/**
 * Jaeger query API JSON (`/api/traces`, `/api/traces/{id}`) to the console's trace views: tags of
 * every type, CHILD_OF and FOLLOWS_FROM references, several processes, the Istio version
 * (`istio.canonical_revision`) and pod (from Envoy's `node_id`), and the critical path.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal
 */
import type { SpanView, TraceDetail, TraceSummary } from '../api/telemetry-types';

/** A tag as Jaeger's JSON model has it; binary values arrive base64-encoded. */
export interface JaegerTag {
  key: string;
  type?: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: unknown;
}

export interface JaegerRef {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpanJson {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: JaegerRef[] | null;
  /** µs since epoch */
  startTime: number;
  /** µs */
  duration: number;
  tags?: JaegerTag[] | null;
  processID?: string;
  /** older Jaeger versions embed the process instead of referencing it */
  process?: JaegerProcessJson;
  warnings?: string[] | null;
}

export interface JaegerProcessJson {
  serviceName: string;
  tags?: JaegerTag[] | null;
}

export interface JaegerTraceJson {
  traceID: string;
  spans: JaegerSpanJson[];
  processes?: Record<string, JaegerProcessJson>;
  warnings?: string[] | null;
}

type TagValue = string | number | boolean;

/** A tag's value with its declared type honoured (`"true"` typed bool -> true, int64 as string -> number). */
export function tagValue(t: JaegerTag): TagValue {
  const v = t.value;
  switch (t.type) {
    case 'bool':
      return v === true || v === 'true';
    case 'int64':
    case 'float64': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : String(v);
    }
    case 'binary':
      // base64 as Jaeger serialises []byte; shown as is
      return String(v ?? '');
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v ?? null);
  }
}

/**
 * The pod name in Envoy's node id `sidecar~10.0.0.7~reviews-v2-5b64.demo~demo.svc.cluster.local`
 * (third part is `<pod>.<namespace>`), or null.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/proxy-cmd/
 */
export function podFromNodeId(nodeId: string): string | null {
  const parts = nodeId.split('~');
  if (parts.length < 4) return null;
  const podNs = parts[2]!;
  const dot = podNs.lastIndexOf('.');
  const pod = dot > 0 ? podNs.slice(0, dot) : podNs;
  return pod || null;
}

/** `reviews.demo` -> `reviews` (Istio names Jaeger services `<app>.<namespace>`). */
export function shortServiceName(serviceName: string, namespace?: string | null): string {
  if (namespace && serviceName.endsWith(`.${namespace}`)) return serviceName.slice(0, -namespace.length - 1);
  const dot = serviceName.lastIndexOf('.');
  return dot > 0 ? serviceName.slice(0, dot) : serviceName;
}

function tagMap(tags: JaegerTag[] | null | undefined): Map<string, TagValue> {
  const m = new Map<string, TagValue>();
  for (const t of tags ?? []) if (t && typeof t.key === 'string') m.set(t.key, tagValue(t));
  return m;
}

function str(v: TagValue | undefined): string | null {
  return v === undefined || v === '' ? null : String(v);
}

/** The parent: the first CHILD_OF reference, else the first FOLLOWS_FROM (Jaeger UI's rule). @see https://www.jaegertracing.io/docs/latest/architecture/#span */
export function parentOf(span: JaegerSpanJson): string | null {
  const refs = span.references ?? [];
  const ref = refs.find((r) => r.refType === 'CHILD_OF') ?? refs.find((r) => r.refType === 'FOLLOWS_FROM');
  return ref?.spanID ?? null;
}

function spanView(span: JaegerSpanJson, proc: JaegerProcessJson | undefined): SpanView {
  const tags = tagMap(span.tags);
  const ptags = tagMap(proc?.tags);
  const namespace = str(tags.get('istio.namespace'));
  const nodeId = str(tags.get('node_id'));
  const status = tags.get('http.status_code');
  const statusCode = status === undefined ? null : Number(status);
  const kind = tags.get('span.kind');
  const errorTag = tags.get('error');
  const code = statusCode !== null && Number.isFinite(statusCode) ? statusCode : null;
  return {
    spanId: span.spanID,
    parentSpanId: parentOf(span),
    operation: span.operationName,
    service: shortServiceName(proc?.serviceName ?? 'unknown', namespace),
    version: str(tags.get('istio.canonical_revision')) ?? str(ptags.get('istio.canonical_revision')),
    pod: (nodeId ? podFromNodeId(nodeId) : null) ?? str(ptags.get('hostname')),
    startTime: span.startTime,
    duration: span.duration,
    statusCode: code,
    url: str(tags.get('http.url')),
    kind: kind === 'client' || kind === 'server' ? kind : null,
    // Envoy sets error=true for 5xx; code 0 (no response) counts too
    error: errorTag === true || errorTag === 'true' || (code !== null && (code >= 500 || code === 0)),
    onCriticalPath: false,
    tags: [...(span.tags ?? [])].map((t) => ({ key: t.key, value: tagValue(t) })),
  };
}

/**
 * Marks the critical path: from the root, repeatedly take the child that finished last before the
 * current point, descend into it, then continue before its start (Jaeger UI's algorithm; children
 * running past their parent's end are clipped to it).
 * @see https://www.jaegertracing.io/docs/latest/frontend-ui/#trace-page
 */
export function markCriticalPath(spans: SpanView[]): void {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, SpanView[]>();
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    }
  }
  const root = rootSpan(spans);
  if (!root) return;
  const end = (s: SpanView) => s.startTime + s.duration;
  const seen = new Set<string>();
  const walk = (span: SpanView, limit: number): void => {
    if (seen.has(span.spanId)) return; // a malformed trace may contain a cycle
    seen.add(span.spanId);
    span.onCriticalPath = true;
    let cursor = Math.min(end(span), limit);
    const kids = [...(children.get(span.spanId) ?? [])].sort((a, b) => end(b) - end(a));
    for (const child of kids) {
      if (cursor <= span.startTime) break;
      // only children that started before the cursor contribute; they are clipped to it
      if (child.startTime >= cursor) continue;
      walk(child, cursor);
      cursor = child.startTime;
    }
  };
  walk(root, end(root));
}

/** The root: a span without a parent in the trace, earliest first (a partial trace may have several). */
export function rootSpan<T extends { spanId: string; parentSpanId: string | null; startTime: number }>(spans: T[]): T | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  const roots = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  const pool = roots.length > 0 ? roots : spans;
  return [...pool].sort((a, b) => a.startTime - b.startTime)[0];
}

function summaryOf(traceId: string, spans: SpanView[]): TraceSummary {
  const root = rootSpan(spans);
  const start = spans.reduce((m, s) => Math.min(m, s.startTime), Infinity);
  const stop = spans.reduce((m, s) => Math.max(m, s.startTime + s.duration), -Infinity);
  const versions = new Set<string>();
  for (const s of spans) if (s.version) versions.add(`${s.service}@${s.version}`);
  return {
    traceId,
    startTime: spans.length > 0 ? start : 0,
    duration: spans.length > 0 ? stop - start : 0,
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.error).length,
    rootService: root?.service ?? 'unknown',
    rootOperation: root?.operation ?? '',
    versions: [...versions].sort(),
  };
}

/** One Jaeger trace as the detail view: spans by start time with the critical path marked. @see https://www.jaegertracing.io/docs/latest/apis/#http-json-internal */
export function parseTraceDetail(trace: JaegerTraceJson): TraceDetail {
  const processes = trace.processes ?? {};
  const spans = (trace.spans ?? [])
    .map((s) => spanView(s, s.process ?? (s.processID ? processes[s.processID] : undefined)))
    .sort((a, b) => a.startTime - b.startTime || a.spanId.localeCompare(b.spanId));
  markCriticalPath(spans);
  return { ...summaryOf(trace.traceID, spans), spans };
}

/** One Jaeger trace as a list entry. */
export function parseTraceSummary(trace: JaegerTraceJson): TraceSummary {
  const { spans: _spans, ...summary } = parseTraceDetail(trace);
  return summary;
}

/** Whether a trace has a span of `service` (short name) running `version`. */
export function touchesVersion(summary: TraceSummary, service: string, version: string): boolean {
  return summary.versions.includes(`${service}@${version}`);
}
