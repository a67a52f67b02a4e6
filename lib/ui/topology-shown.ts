import type { TopologyView } from '@/lib/api/telemetry-types';

/** What React Query holds for one of the traffic page's two topology queries. */
export interface TopologyAnswer {
  data: TopologyView | undefined;
  /** the previous window's or app's answer, kept while the new one loads (keepPreviousData) */
  isPlaceholderData: boolean;
}

/**
 * Which topology the traffic page draws. It asks twice at once: the graph without latencies
 * (`latency=skip`, no duration-bucket query: fast at 1,000 services) and the full graph. The full
 * answer wins once it is for the current window and app; before that, the quick one for the
 * current window and app; while neither is (a new window), the previous full answer, else the
 * previous quick one. A refresh keeps showing the current full answer until the next arrives.
 */
export function shownTopology(full: TopologyAnswer, graph: TopologyAnswer): TopologyView | undefined {
  if (full.data && !full.isPlaceholderData) return full.data;
  if (graph.data && !graph.isPlaceholderData) return graph.data;
  return full.data ?? graph.data;
}

/** The quick query is only worth asking while the full answer for the current window and app is missing. */
export function needsQuickGraph(full: TopologyAnswer): boolean {
  return !full.data || full.isPlaceholderData;
}
