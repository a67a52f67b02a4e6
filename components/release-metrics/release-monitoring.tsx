'use client';

import { useRef, useState } from 'react';
import { FetchStatus } from '@/components/telemetry/fetch-status';
import { SelectField } from '@/components/telemetry/select-field';
import { TelemetryProblem } from '@/components/telemetry/telemetry-problem';
import type { ReleaseView } from '@/lib/api/release-types';
import type { TimeWindow } from '@/lib/api/telemetry-types';
import { mirroredRate, RELEASE_WINDOWS } from '@/lib/ui/release-metrics';
import { orderedVersions } from '@/lib/ui/release-format';
import { formatRate, TIME_WINDOWS } from '@/lib/ui/telemetry-format';
import { useInView } from '../use-in-view';
import { useLazyComponent } from '../use-lazy-component';
import type { MonitoringCharts } from './monitoring-charts';
import { ReleaseChartsSkeleton } from './release-charts';
import { useReleaseMetrics } from './use-release-metrics';

type ChartsProps = Parameters<typeof MonitoringCharts>[0];

// recharts and the markers' formatting load when the section comes into view, not with the page
// (issue 10: the job detail's first-load JavaScript); a skeleton of the same size stands in.
const loadCharts = () => import('./monitoring-charts').then((m) => m.MonitoringCharts);

/** Shown if the charts' code cannot be fetched (the console restarted with a new build, or the network failed). */
function ChartsUnavailable() {
  return (
    <p className="rounded-[4px] border border-dashed border-line px-3 py-6 text-center text-[12px] text-muted" data-testid="release-charts-unavailable">
      The charts could not be loaded. Reload the page to try again.
    </p>
  );
}

/**
 * The job detail's Monitoring section: request rate, success rate and p95 of both versions over a
 * chosen window, with a marker for every recorded change, and for Mirror jobs the rate of
 * requests the candidate receives as copies.
 */
export function ReleaseMonitoring({ ns, job }: { ns: string; job: ReleaseView }) {
  const [timeWindow, setTimeWindow] = useState<TimeWindow>('5m');
  const metrics = useReleaseMetrics(ns, job.service, timeWindow);
  const versions = orderedVersions(job).map((v) => v.version);
  const mirrored = mirroredRate(job, metrics.data);
  const section = useRef<HTMLElement>(null);
  const Charts = useLazyComponent<ChartsProps>(loadCharts, useInView(section), ChartsUnavailable);

  return (
    <section ref={section} className="min-w-0 rounded-[4px] border border-line bg-white shadow-card" data-testid="release-monitoring">
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
            {Charts ? <Charts job={job} view={metrics.data} updatedAt={metrics.dataUpdatedAt} timeWindow={timeWindow} versions={versions} /> : <ReleaseChartsSkeleton job={job} />}
          </>
        )}
      </div>
    </section>
  );
}

