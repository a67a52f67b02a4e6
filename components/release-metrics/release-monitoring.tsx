'use client';

import { useState } from 'react';
import { FetchStatus } from '@/components/telemetry/fetch-status';
import { SelectField } from '@/components/telemetry/select-field';
import { TelemetryProblem } from '@/components/telemetry/telemetry-problem';
import { progressMarkers } from '@/lib/api/release-progress-format';
import type { ReleaseView } from '@/lib/api/release-types';
import type { TimeWindow } from '@/lib/api/telemetry-types';
import { changeMarkers, mirroredRate, RELEASE_WINDOWS, windowRange } from '@/lib/ui/release-metrics';
import { orderedVersions } from '@/lib/ui/release-format';
import { formatRate, TIME_WINDOWS } from '@/lib/ui/telemetry-format';
import { MarkerChart } from './marker-chart';
import { MarkerList } from './marker-list';
import { useReleaseMetrics } from './use-release-metrics';

/**
 * The job detail's Monitoring section: request rate, success rate and p95 of both versions over a
 * chosen window, with a marker for every recorded change, and for Mirror jobs the rate of
 * requests the candidate receives as copies.
 */
export function ReleaseMonitoring({ ns, job }: { ns: string; job: ReleaseView }) {
  const [timeWindow, setTimeWindow] = useState<TimeWindow>('5m');
  const metrics = useReleaseMetrics(ns, job.service, timeWindow);
  const versions = orderedVersions(job).map((v) => v.version);
  // Frame every chart on the whole window as of the answer, so markers and lines share one axis
  // even when a version only started serving halfway through.
  const range = metrics.dataUpdatedAt ? windowRange(timeWindow, metrics.dataUpdatedAt) : undefined;
  // progressive jobs (issue 11): verdict changes and step decisions are Events too, marked beside the traffic changes
  const markers = range ? [...changeMarkers(job.history, job.spec.candidate.version, range), ...(job.progressive ? progressMarkers(job.history, range) : [])].sort((a, b) => a.t - b.t) : [];
  const mirrored = mirroredRate(job, metrics.data);
  const domain: [number, number] | undefined = range ? [range.start, range.end] : undefined;

  return (
    <section className="min-w-0 rounded-[4px] border border-line bg-white shadow-card" data-testid="release-monitoring">
      <header className="flex min-h-11 flex-wrap items-center gap-2 border-b border-line-soft px-5 py-2">
        <h2 className="text-[14px] font-semibold leading-5">Monitoring</h2>
        <span className="text-[12px] text-muted">service {job.service}</span>
        <div className="ml-auto flex items-center gap-3">
          <FetchStatus fetching={metrics.isFetching} updatedAt={metrics.dataUpdatedAt} testId="release-monitoring-status" />
          <SelectField label="Time range" value={timeWindow} onChange={(v) => setTimeWindow(v as TimeWindow)} testId="release-monitoring-window">
            {TIME_WINDOWS.filter((w) => RELEASE_WINDOWS.includes(w.value)).map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </SelectField>
        </div>
      </header>
      <div className="flex flex-col gap-4 p-5">
        {metrics.isError && !metrics.data ? (
          <TelemetryProblem error={metrics.error} action="Loading the job's metrics" onRetry={() => metrics.refetch()} testId="release-monitoring-problem" />
        ) : (
          <>
            {mirrored !== null ? (
              <p className="flex flex-wrap items-baseline gap-x-2 rounded-[4px] bg-info-soft px-3 py-2 text-[12px]" data-testid="release-mirrored-rate">
                <b className="text-[16px] font-semibold text-ink" data-testid="release-mirrored-rate-value">
                  {formatRate(mirrored)}
                </b>
                <span className="text-ink-2">mirrored requests/s (responses discarded) to {job.spec.candidate.version}</span>
                <span className="text-muted">
                  · {job.spec.traffic.mirrorPercent ?? 0}% of {job.spec.baseline.version}&apos;s requests are copied; users only see {job.spec.baseline.version}&apos;s responses
                </span>
              </p>
            ) : null}
            <div className="grid gap-4 xl:grid-cols-3 md:grid-cols-2">
              <MarkerChart kind="requests" title={job.strategy === 'Mirror' ? 'Request rate (req/s; the candidate’s is mirrored)' : 'Request rate (req/s)'} view={metrics.data} versions={versions} markers={markers} domain={domain} />
              <MarkerChart kind="success" title="Success rate (%)" view={metrics.data} versions={versions} markers={markers} domain={domain} />
              <MarkerChart kind="p95" title="p95 latency (ms)" view={metrics.data} versions={versions} markers={markers} domain={domain} />
            </div>
            <MarkerList markers={markers} />
          </>
        )}
      </div>
    </section>
  );
}
