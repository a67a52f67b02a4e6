/**
 * Jaeger's JSON model (what the query service returns) and the recorded-span shape it is built
 * from. Field names and value types follow jaegertracing/jaeger `model/json`.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json
 */

export type TagType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export interface KeyValue {
  key: string;
  type: TagType;
  value: string | number | boolean;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: KeyValue[];
  logs: unknown[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerProcess {
  serviceName: string;
  tags: KeyValue[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

/** A finished span as the mesh records it, before conversion to the query model. */
export interface RecordedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  operationName: string;
  /** µs since the epoch */
  startTime: number;
  /** µs */
  duration: number;
  kind: 'client' | 'server';
  /** `<app>.<namespace>` */
  serviceName: string;
  processTags: KeyValue[];
  tags: KeyValue[];
}

/** A string tag. @see https://www.jaegertracing.io/docs/latest/apis/ */
export function stringTag(key: string, value: string): KeyValue {
  return { key, type: 'string', value };
}

/** An int64 tag. @see https://www.jaegertracing.io/docs/latest/apis/ */
export function intTag(key: string, value: number): KeyValue {
  return { key, type: 'int64', value: Math.trunc(value) };
}

/** A bool tag. @see https://www.jaegertracing.io/docs/latest/apis/ */
export function boolTag(key: string, value: boolean): KeyValue {
  return { key, type: 'bool', value };
}

function processKey(span: RecordedSpan): string {
  let k = span.serviceName;
  for (const t of span.processTags) k += `\u0000${t.key}=${String(t.value)}`;
  return k;
}

/**
 * Converts recorded spans of one trace to Jaeger's trace JSON: spans by start time, processes
 * deduplicated and numbered p1..pN in order of first appearance, as the query service does.
 * @see https://www.jaegertracing.io/docs/latest/apis/#http-json
 */
export function toJaegerTrace(traceId: string, spans: readonly RecordedSpan[]): JaegerTrace {
  const sorted = [...spans].sort((a, b) => a.startTime - b.startTime);
  const processIds = new Map<string, string>();
  const processes: Record<string, JaegerProcess> = {};
  const out: JaegerSpan[] = [];
  for (const s of sorted) {
    const key = processKey(s);
    let pid = processIds.get(key);
    if (!pid) {
      pid = `p${processIds.size + 1}`;
      processIds.set(key, pid);
      processes[pid] = { serviceName: s.serviceName, tags: s.processTags };
    }
    out.push({
      traceID: traceId,
      spanID: s.spanId,
      flags: 1,
      operationName: s.operationName,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: s.parentSpanId }] : [],
      startTime: s.startTime,
      duration: s.duration,
      tags: s.tags,
      logs: [],
      processID: pid,
      warnings: null,
    });
  }
  return { traceID: traceId, spans: out, processes, warnings: null };
}
