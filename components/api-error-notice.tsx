'use client';

import { describeApiError, isApiClientError } from '@/lib/ui/api-client';
import { Button } from './button';
import { Icon } from './icon';

/**
 * An inline error chosen by status (DESIGN.md house rule 6): 403 explains the permission, 404 says
 * not found, 409 offers Reload, others show the server's details.
 */
export function ApiErrorNotice({ error, onReload, action, testId = 'api-error' }: { error: unknown; onReload?: () => void; action?: string; testId?: string }) {
  const { title, detail } = describeApiError(error);
  const status = isApiClientError(error) ? error.status : undefined;
  return (
    <div role="alert" className="flex items-start gap-2.5 rounded-[4px] border border-danger/30 bg-danger-soft px-3 py-2.5 text-[12px]" data-testid={testId} data-status={status}>
      <Icon name="alert" className="mt-0.5 shrink-0 text-danger" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold text-danger">{action ? `${action} failed: ${title}` : title}</p>
        <p className="break-words text-ink-2">{detail}</p>
      </div>
      {status === 409 && onReload ? (
        <Button onClick={onReload} className="shrink-0" data-testid={`${testId}-reload`}>
          <Icon name="refresh" size={14} /> Reload
        </Button>
      ) : null}
    </div>
  );
}
