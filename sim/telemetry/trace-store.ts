/**
 * Bounded in-memory span storage with the lookups Jaeger's query service offers. Traces live in
 * insertion order; when full, the oldest trace is dropped first (like Jaeger's memory storage
 * `max-traces`).
 * @see https://www.jaegertracing.io/docs/latest/deployment/#memory
 */
import type { RecordedSpan } from './jaeger-model';

export interface TraceQuery {
  service: string;
  operation?: string;
  /** every tag must be present on one span of the service (span or process tags), compared as strings */
  tags?: Record<string, string>;
  /** µs since the epoch, inclusive */
  start?: number;
  end?: number;
  /** µs */
  minDuration?: number;
  maxDuration?: number;
  /** number of traces; newest first */
  limit?: number;
}

export interface OperationInfo {
  name: string;
  spanKind: string;
}

export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

export interface TraceStore {
  add(span: RecordedSpan): void;
  get(traceId: string): RecordedSpan[] | undefined;
  search(q: TraceQuery): Array<{ traceId: string; spans: RecordedSpan[] }>;
  services(): string[];
  operations(service: string, spanKind?: string): OperationInfo[];
  /** service call graph from client → server span pairs of traces in [endTs - lookback, endTs] (µs) */
  dependencies(endTs: number, lookback: number): DependencyLink[];
  size(): number;
}

function spanMatches(s: RecordedSpan, q: TraceQuery): boolean {
  if (s.serviceName !== q.service) return false;
  if (q.operation && s.operationName !== q.operation) return false;
  if (q.start !== undefined && s.startTime < q.start) return false;
  if (q.end !== undefined && s.startTime > q.end) return false;
  if (q.minDuration !== undefined && s.duration < q.minDuration) return false;
  if (q.maxDuration !== undefined && s.duration > q.maxDuration) return false;
  if (q.tags) {
    for (const [k, v] of Object.entries(q.tags)) {
      const t = s.tags.find((x) => x.key === k) ?? s.processTags.find((x) => x.key === k);
      if (!t || String(t.value) !== v) return false;
    }
  }
  return true;
}

/** A bounded trace store holding at most `capacity` traces. @see https://www.jaegertracing.io/docs/latest/apis/ */
export function createTraceStore(capacity = 5000): TraceStore {
  const traces = new Map<string, RecordedSpan[]>();
  const ops = new Map<string, Map<string, string>>();

  return {
    add(span) {
      let spans = traces.get(span.traceId);
      if (!spans) {
        if (traces.size >= capacity) {
          const oldest = traces.keys().next().value;
          if (oldest !== undefined) traces.delete(oldest);
        }
        spans = [];
        traces.set(span.traceId, spans);
      }
      spans.push(span);
      let byOp = ops.get(span.serviceName);
      if (!byOp) ops.set(span.serviceName, (byOp = new Map()));
      if (!byOp.has(span.operationName)) byOp.set(span.operationName, span.kind);
    },
    get: (id) => traces.get(id.toLowerCase()),
    search(q) {
      const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
      const out: Array<{ traceId: string; spans: RecordedSpan[] }> = [];
      const all = Array.from(traces.entries());
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
        const [traceId, spans] = all[i]!;
        if (spans.some((s) => spanMatches(s, q))) out.push({ traceId, spans });
      }
      return out;
    },
    services: () => Array.from(ops.keys()).sort(),
    operations(service, spanKind) {
      const byOp = ops.get(service);
      if (!byOp) return [];
      const out: OperationInfo[] = [];
      for (const [name, kind] of byOp) if (!spanKind || spanKind === kind) out.push({ name, spanKind: kind });
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    dependencies(endTs, lookback) {
      const counts = new Map<string, DependencyLink>();
      for (const spans of traces.values()) {
        const byId = new Map(spans.map((s) => [s.spanId, s]));
        for (const s of spans) {
          if (s.kind !== 'server' || !s.parentSpanId) continue;
          if (s.startTime > endTs || s.startTime < endTs - lookback) continue;
          const parent = byId.get(s.parentSpanId);
          if (!parent || parent.serviceName === s.serviceName) continue;
          const key = `${parent.serviceName}\u0000${s.serviceName}`;
          const link = counts.get(key);
          if (link) link.callCount++;
          else counts.set(key, { parent: parent.serviceName, child: s.serviceName, callCount: 1 });
        }
      }
      return Array.from(counts.values());
    },
    size: () => traces.size,
  };
}
