'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { describeApiError } from '@/lib/ui/api-client';
import { Button, buttonClass } from './button';
import { Icon } from './icon';

/** Body of the error.tsx boundaries: what failed, the server log id, retry and a way out. */
export function ErrorState({ error, retry, backHref = '/projects', backLabel = 'Back to projects' }: { error: unknown; retry?: () => void; backHref?: string; backLabel?: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const { title, detail } = describeApiError(error);
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : undefined;
  return (
    <div className="rounded-[4px] border border-line bg-white px-5 py-12 text-center shadow-card" role="alert" data-testid="error-state">
      <span className="mx-auto mb-3 flex h-14 w-14 items-center justify-center rounded-full bg-danger-soft text-danger">
        <Icon name="alert" size={28} strokeWidth={1.2} />
      </span>
      <h1 className="text-[16px] font-semibold">{title === 'Something went wrong' ? title : `Something went wrong: ${title}`}</h1>
      <p className="mx-auto mt-1 max-w-[480px] break-words text-[12px] text-muted">{detail || 'An unexpected error occurred while rendering this page.'}</p>
      {digest ? <p className="mt-1 font-mono text-[11px] text-muted">Error id {digest} (search the server log for it)</p> : null}
      <div className="mt-5 flex flex-wrap justify-center gap-2">
        {retry ? (
          <Button variant="primary" onClick={retry}>
            <Icon name="refresh" size={14} /> Try again
          </Button>
        ) : null}
        <Link href={backHref} className={buttonClass('default')}>
          {backLabel}
        </Link>
      </div>
    </div>
  );
}
