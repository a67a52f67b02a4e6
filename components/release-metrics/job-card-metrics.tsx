'use client';

import { cardFigures, CARD_WINDOW } from '@/lib/ui/release-metrics';
import { unavailableBackend } from '@/lib/ui/telemetry-api';
import { useReleaseMetrics } from './use-release-metrics';

/**
 * A job card's live figures per version over the last 5 minutes: requests/s, success rate and p95.
 * Telemetry is an extra on a card, so a missing backend or a failed fetch is a muted line, not an
 * error panel; the Release Jobs list must stay usable without Prometheus.
 */
export function JobCardMetrics({ ns, service, versions }: { ns: string; service: string; versions: string[] }) {
  const metrics = useReleaseMetrics(ns, service, CARD_WINDOW);
  if (metrics.isError && !metrics.data) {
    const note = unavailableBackend(metrics.error) ? 'metrics unavailable' : 'metrics could not be loaded';
    return (
      <p className="text-[12px] text-muted" data-testid="release-job-metrics-unavailable">
        {note}
      </p>
    );
  }
  const rows = cardFigures(metrics.data, versions);
  return (
    <table className="w-full text-left text-[12px]" data-testid="release-job-metrics" data-loaded={Boolean(metrics.data)}>
      <caption className="pb-1 text-left text-[11px] text-muted">Last 5 minutes</caption>
      <thead>
        <tr className="text-[11px] text-muted">
          <th className="py-0.5 font-normal">Version</th>
          <th className="py-0.5 text-right font-normal">Requests</th>
          <th className="py-0.5 text-right font-normal">Success</th>
          <th className="py-0.5 text-right font-normal">p95</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.version} data-testid="release-job-metric" data-version={r.version} data-traffic={r.hasTraffic}>
            <td className="py-0.5 font-mono font-semibold">{r.version}</td>
            {metrics.data ? (
              r.hasTraffic ? (
                <>
                  <td className="py-0.5 text-right" data-testid="release-job-metric-rate">{r.rate}</td>
                  <td className="py-0.5 text-right" data-testid="release-job-metric-success">{r.success}</td>
                  <td className="py-0.5 text-right" data-testid="release-job-metric-p95">{r.p95}</td>
                </>
              ) : (
                <td colSpan={3} className="py-0.5 text-right text-muted" data-testid="release-job-metric-none">
                  no traffic
                </td>
              )
            ) : (
              <td colSpan={3} className="py-0.5 text-right text-muted">
                loading…
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
