import { useQuery } from '@tanstack/react-query';
import type { TimeWindow } from '@/lib/api/telemetry-types';
import { RELEASE_METRICS_REFETCH_MS } from '@/lib/ui/release-metrics';
import { telemetryApi, unavailableBackend } from '@/lib/ui/telemetry-api';
import { stepSecondsFor } from '@/lib/ui/telemetry-format';
import { telemetryKeys } from '@/lib/ui/telemetry-query-keys';

/**
 * The service's per-version metrics for a job (GET /api/projects/{ns}/metrics). Shares the cache
 * key of the Traffic Monitoring panel, so a card and the detail of the same service fetch once.
 * Polling stops while Prometheus is not configured: asking again every 15 s would not fix it.
 */
export function useReleaseMetrics(ns: string, service: string, window: TimeWindow) {
  const step = stepSecondsFor(window);
  return useQuery({
    queryKey: telemetryKeys.metrics(ns, service, window, step),
    queryFn: ({ signal }) => telemetryApi.metrics(ns, { service, window, step }, signal),
    refetchInterval: (q) => (unavailableBackend(q.state.error) ? false : RELEASE_METRICS_REFETCH_MS),
  });
}
