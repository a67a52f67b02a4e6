/**
 * Loading placeholders shaped like the content they stand for (issue 10: no layout shift when the
 * data arrives): grey blocks where the page header, a toolbar and table rows will be. Announced
 * once to screen readers as "Loading…"; the blocks themselves are hidden from them.
 */

/** One grey block; size it with `className` (height, width). */
export function Skeleton({ className = '' }: { className?: string }) {
  return <span aria-hidden="true" className={`block animate-pulse rounded-[4px] bg-line-soft ${className}`} />;
}

/** Rows of a table or list card while it loads: same row height as ResourceTable's rows. */
export function SkeletonRows({ rows = 4, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="skeleton" data-skeleton>
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-[52px] items-center gap-4 border-b border-line-soft px-4 last:border-b-0">
          <Skeleton className="h-8 w-8 shrink-0" />
          <div className="min-w-0 flex-1">
            <Skeleton className="h-3 w-[40%] max-w-[220px]" />
            <Skeleton className="mt-2 h-2.5 w-[60%] max-w-[320px]" />
          </div>
          <Skeleton className="hidden h-3 w-[15%] sm:block" />
        </div>
      ))}
    </div>
  );
}

/** A whole page while its route loads: the header banner (same size as PageHeader) and one card of rows. */
export function PageSkeleton({ label = 'Loading…', rows = 4 }: { label?: string; rows?: number }) {
  return (
    <div data-testid="page-skeleton" data-skeleton>
      <div className="mb-3 flex items-center gap-4 rounded-[4px] border border-line bg-white px-5 py-4 shadow-card">
        <Skeleton className="hidden h-12 w-12 shrink-0 sm:block" />
        <div className="min-w-0 flex-1">
          <Skeleton className="h-5 w-[180px] max-w-full" />
          <Skeleton className="mt-2 h-3 w-[70%]" />
        </div>
      </div>
      <div className="rounded-[4px] border border-line bg-white shadow-card">
        <div className="flex h-[52px] items-center gap-3 border-b border-line-soft px-4">
          <Skeleton className="h-8 w-[200px] max-w-[50%]" />
          <Skeleton className="ml-auto h-8 w-[110px]" />
        </div>
        <SkeletonRows rows={rows} label={label} />
      </div>
    </div>
  );
}
