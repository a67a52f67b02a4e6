'use client';

import { progressMarkers } from '@/lib/api/release-progress-format';
import type { ReleaseView } from '@/lib/api/release-types';
import type { ServiceMetricsView, TimeWindow } from '@/lib/api/telemetry-types';
import { changeMarkers, windowRange } from '@/lib/ui/release-metrics';
import { MarkerChart } from './marker-chart';
import { MarkerList } from './marker-list';
import { RELEASE_CHARTS } from './release-charts';

/**
 * The Monitoring section's charts and their list of changes. Loaded lazily by ReleaseMonitoring
 * when the section comes into view (issue 10): recharts and the progressive-analysis formatting
 * (with its schemas) are most of the job detail's JavaScript and nothing of the first paint.
 */
export function MonitoringCharts({ job, view, updatedAt, timeWindow, versions }: { job: ReleaseView; view: ServiceMetricsView | undefined; updatedAt: number; timeWindow: TimeWindow; versions: string[] }) {
  // Frame every chart on the whole window as of the answer, so markers and lines share one axis
  // even when a version only started serving halfway through.
  const range = updatedAt ? windowRange(timeWindow, updatedAt) : undefined;
  // progressive jobs (issue 11): verdict changes and step decisions are Events too, marked beside the traffic changes
  const markers = range ? [...changeMarkers(job.history, job.spec.candidate.version, range), ...(job.progressive ? progressMarkers(job.history, range) : [])].sort((a, b) => a.t - b.t) : [];
  const domain: [number, number] | undefined = range ? [range.start, range.end] : undefined;
  return (
    <>
      <div className="grid gap-4 xl:grid-cols-3 md:grid-cols-2" data-testid="release-charts">
        {RELEASE_CHARTS.map((c) => (
          <MarkerChart key={c.kind} kind={c.kind} title={c.title(job)} view={view} versions={versions} markers={markers} domain={domain} />
        ))}
      </div>
      <MarkerList markers={markers} />
    </>
  );
}
