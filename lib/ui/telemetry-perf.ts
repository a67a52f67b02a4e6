/**
 * User Timing marks of the traffic page, so the browser's time to a rendered graph can be measured
 * from outside (bench/topology-render-bench.ts reads them with `performance.getEntriesByName`).
 * Marks are cheap and bounded: one of each per topology answer.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/Performance/mark
 */

/** Mark and measure names. */
export const TOPOLOGY_MARKS = {
  /** the topology API's answer arrived (the fetch resolved) */
  data: 'graylane:topology-data',
  /** the full answer (with latencies) arrived; the first data mark may be the quick graph without them */
  latency: 'graylane:topology-latency',
  /** measure: from asking for the answer's layout to having it (dagre in the worker, plus the messages) */
  layout: 'graylane:topology-layout',
  /** the laid-out SVG was committed and a frame has passed (painted) */
  rendered: 'graylane:topology-rendered',
} as const;

function perf(): Performance | undefined {
  return typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : undefined;
}

/** Sets a mark with optional detail (no-op where the User Timing API is missing). */
export function markTopology(name: string, detail?: Record<string, number>): void {
  perf()?.mark(name, detail ? { detail } : undefined);
}

/** Records the layout measure from `start` (a `performance.now()` time) until now. */
export function recordLayout(start: number, detail: Record<string, number>): void {
  const p = perf();
  p?.measure(TOPOLOGY_MARKS.layout, { start, end: p.now(), detail });
}
