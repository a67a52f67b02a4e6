'use client';

import { formatClock } from '@/lib/ui/telemetry-format';
import { useSlow } from './use-slow';

/** "Updated 14:03:27" with a spinner while refetching, and a still-loading note after 10 s. */
export function FetchStatus({ fetching, updatedAt, testId = 'fetch-status' }: { fetching: boolean; updatedAt: number; testId?: string }) {
  const slow = useSlow(fetching);
  return (
    <span className="inline-flex min-h-8 items-center gap-1.5 text-[12px] text-muted" role="status" aria-live="polite" data-testid={testId} data-fetching={fetching}>
      {fetching ? <span className="h-3 w-3 animate-spin rounded-full border-2 border-line-soft border-t-primary" aria-hidden="true" /> : null}
      {fetching ? (slow ? <span data-testid={`${testId}-slow`}>Still loading: the backend is slow…</span> : 'Refreshing…') : updatedAt ? `Updated ${formatClock(updatedAt / 1000)}` : null}
    </span>
  );
}
