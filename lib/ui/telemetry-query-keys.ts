/**
 * React Query keys of the telemetry pages. They extend the one factory in query-keys.ts (DESIGN.md
 * house rule 4): same prefixes, so invalidating `queryKeys.topology.all` reaches these too.
 * See https://tanstack.com/query/v5/docs/framework/react/guides/query-keys
 */
import type { TimeWindow } from '@/lib/api/telemetry-types';
import { queryKeys } from './query-keys';

export interface TraceListFilter {
  service: string;
  version?: string;
  limit: number;
  /** the relative range ("1h"): start and end are computed at fetch time so refetches move with it */
  range: string;
}

export const telemetryKeys = {
  topology: (ns: string, app: string | undefined, window: TimeWindow) => queryKeys.topology.detail(ns, { app: app ?? '', window }),
  /** the same graph without latencies (latency=skip), for the first paint */
  topologyGraph: (ns: string, app: string | undefined, window: TimeWindow) => queryKeys.topology.detail(ns, { app: app ?? '', window, latency: 'skip' }),
  metrics: (ns: string, service: string, window: TimeWindow, stepSeconds: number) => queryKeys.metrics.series(ns, { service, window, step: String(stepSeconds) }),
  traces: (ns: string, filter: TraceListFilter) => [...queryKeys.traces.list(ns, { service: filter.service, version: filter.version, limit: filter.limit }), filter.range] as const,
  trace: (ns: string, traceId: string) => queryKeys.traces.detail(ns, traceId),
};
