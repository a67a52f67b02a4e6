/**
 * Geometry of a trace's span waterfall and its critical path, from Jaeger spans
 * (https://www.jaegertracing.io/docs/latest/architecture/#span). Times are microseconds.
 */
import type { SpanView, TraceSummary } from '@/lib/api/telemetry-types';
import { compareVersions } from './telemetry-format';

export interface WaterfallRow {
  span: SpanView;
  depth: number;
  /** position of the bar in percent of the trace duration */
  offsetPct: number;
  widthPct: number;
  /** µs from the trace start */
  relStart: number;
  hasChildren: boolean;
  critical: boolean;
}

/** Narrowest bar drawn, in percent, so a 5 µs span is still visible and clickable. */
export const MIN_BAR_PCT = 0.4;

/**
 * Orders spans depth-first (children by start time) under their parents; spans whose parent is not
 * in the trace become roots, so a partial trace still renders. Cycles are broken.
 */
export function waterfallRows(spans: readonly SpanView[], critical: ReadonlySet<string> = criticalPath(spans)): WaterfallRow[] {
  if (spans.length === 0) return [];
  const start = Math.min(...spans.map((s) => s.startTime));
  const end = Math.max(...spans.map((s) => s.startTime + Math.max(0, s.duration)));
  const total = Math.max(1, end - start);
  const { roots, kids } = tree(spans);
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanView, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    const rel = s.startTime - start;
    const offsetPct = (rel / total) * 100;
    const widthPct = Math.min(100 - offsetPct, Math.max(MIN_BAR_PCT, (Math.max(0, s.duration) / total) * 100));
    const children = kids.get(s.spanId) ?? [];
    rows.push({ span: s, depth, offsetPct, widthPct: Math.max(0, widthPct), relStart: rel, hasChildren: children.length > 0, critical: critical.has(s.spanId) });
    for (const c of children) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  // Anything left is part of a parent cycle: show it flat rather than dropping it.
  for (const s of [...spans].sort(byStart)) if (!seen.has(s.spanId)) visit(s, 0);
  return rows;
}

function byStart(a: SpanView, b: SpanView): number {
  return a.startTime - b.startTime || a.spanId.localeCompare(b.spanId);
}

function tree(spans: readonly SpanView[]) {
  const ids = new Set(spans.map((s) => s.spanId));
  const kids = new Map<string, SpanView[]>();
  const roots: SpanView[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = kids.get(s.parentSpanId) ?? [];
      list.push(s);
      kids.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  for (const list of kids.values()) list.sort(byStart);
  roots.sort(byStart);
  return { roots, kids };
}

/**
 * The critical path: the spans that determine the trace's end-to-end latency. Uses the server's
 * `onCriticalPath` marks when it sent any; otherwise computes them as Jaeger UI does: from the
 * root, repeatedly follow the child that finishes last before the current cursor, then move the
 * cursor to that child's start.
 */
export function criticalPath(spans: readonly SpanView[]): Set<string> {
  const marked = spans.filter((s) => s.onCriticalPath).map((s) => s.spanId);
  if (marked.length > 0) return new Set(marked);
  const out = new Set<string>();
  if (spans.length === 0) return out;
  const { roots, kids } = tree(spans);
  const end = (s: SpanView) => s.startTime + Math.max(0, s.duration);
  const root = [...roots].sort((a, b) => end(b) - end(a) || a.startTime - b.startTime)[0];
  const walk = (s: SpanView, bound: number, guard: Set<string>) => {
    if (guard.has(s.spanId)) return;
    guard.add(s.spanId);
    out.add(s.spanId);
    let cursor = Math.min(end(s), bound);
    const children = kids.get(s.spanId) ?? [];
    for (;;) {
      // the child still running latest before the cursor is what the parent was waiting for
      let next: SpanView | undefined;
      for (const c of children) {
        if (guard.has(c.spanId) || c.startTime >= cursor) continue;
        if (!next || Math.min(end(c), cursor) > Math.min(end(next), cursor)) next = c;
      }
      if (!next) break;
      walk(next, Math.min(end(next), cursor), guard);
      cursor = next.startTime;
    }
  };
  walk(root, end(root), new Set());
  return out;
}

/** Tick positions for the waterfall's time axis: ~5 round steps across the trace. */
export function timeTicks(totalUs: number, count = 5): { us: number; pct: number }[] {
  if (!(totalUs > 0)) return [{ us: 0, pct: 0 }];
  const raw = totalUs / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: { us: number; pct: number }[] = [];
  for (let us = 0; us <= totalUs + 1e-9; us += step) ticks.push({ us, pct: (us / totalUs) * 100 });
  return ticks;
}

/** The versions a trace touched, grouped by service, for chips: "reviews v2". */
export function versionChips(summary: Pick<TraceSummary, 'versions'>): { service: string; version: string }[] {
  return summary.versions
    .map((v) => {
      const at = v.lastIndexOf('@');
      return at < 0 ? { service: v, version: '' } : { service: v.slice(0, at), version: v.slice(at + 1) };
    })
    .sort((a, b) => a.service.localeCompare(b.service) || compareVersions(a.version, b.version));
}

/** Strips Istio's `.<namespace>` suffix from a Jaeger service name ("reviews.demo-project" -> "reviews"). */
export function shortServiceName(service: string, namespace?: string): string {
  if (namespace && service.endsWith(`.${namespace}`)) return service.slice(0, -namespace.length - 1);
  return service;
}

/** Shortens Istio's operation names: "reviews.demo-project.svc.cluster.local:9080/*" -> "reviews:9080/*". */
export function shortOperation(operation: string, namespace?: string): string {
  if (!namespace) return operation;
  return operation.split(`.${namespace}.svc.cluster.local`).join('');
}
