import type { ReleaseView } from '@/lib/api/release-types';
import { Skeleton } from '../page-skeleton';
import type { ReleaseChartKind } from './marker-chart';

/** The job detail's three charts, in order, with their titles. */
export const RELEASE_CHARTS: { kind: ReleaseChartKind; title: (job: ReleaseView) => string }[] = [
  { kind: 'requests', title: (job) => (job.strategy === 'Mirror' ? 'Request rate (req/s; the candidate’s is mirrored)' : 'Request rate (req/s)') },
  { kind: 'success', title: () => 'Success rate (%)' },
  { kind: 'p95', title: () => 'p95 latency (ms)' },
];

/**
 * Stands in for the charts until their code has loaded: the same grid, captions and plot height
 * as MarkerChart, so nothing moves when they arrive (issue 10: no layout shift).
 */
export function ReleaseChartsSkeleton({ job }: { job: ReleaseView }) {
  return (
    <>
    <div className="grid gap-4 xl:grid-cols-3 md:grid-cols-2" role="status" aria-live="polite" data-testid="release-charts-skeleton" data-skeleton>
      <span className="sr-only">Loading the charts…</span>
      {RELEASE_CHARTS.map((c) => (
        <figure key={c.kind} className="min-w-0" aria-hidden="true">
          <figcaption className="mb-1 text-[12px] font-semibold text-ink">{c.title(job)}</figcaption>
          <Skeleton className="h-[170px] w-full" />
        </figure>
      ))}
    </div>
    {/* the line of changes below the charts (MarkerList), one line high until it is there */}
    <p className="invisible text-[12px]" aria-hidden="true">
      No changes to the job in this window.
    </p>
    </>
  );
}
