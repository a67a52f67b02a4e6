'use client';

import { useEffect, useState } from 'react';

/** A spinner that admits it is slow after `slowAfterMs` (DESIGN.md house rule 6). */
export function LoadingState({ label = 'Loading…', slowAfterMs = 8000 }: { label?: string; slowAfterMs?: number }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setSlow(true), slowAfterMs);
    return () => clearTimeout(t);
  }, [slowAfterMs]);
  return (
    <div role="status" aria-live="polite" className="flex flex-col items-center justify-center px-4 py-16 text-center" data-testid="loading-state">
      <span className="h-7 w-7 animate-spin rounded-full border-[3px] border-line-soft border-t-primary" aria-hidden="true" />
      <p className="mt-3 text-[12px] font-semibold text-ink">{label}</p>
      {slow ? (
        <p className="mt-1 max-w-[400px] text-[12px] text-muted" data-testid="loading-slow">
          This is taking longer than usual. The cluster may be slow or unreachable; reload the page to try again.
        </p>
      ) : null}
    </div>
  );
}
