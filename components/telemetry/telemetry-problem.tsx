import { ApiErrorNotice } from '@/components/api-error-notice';
import { Icon } from '@/components/icon';
import { isApiClientError } from '@/lib/ui/api-client';
import { BACKEND_FIX, unavailableBackend } from '@/lib/ui/telemetry-api';

/**
 * Why a telemetry panel has no data: a backend that is not configured or unreachable (503) says so
 * and how to fix it; a 504 says the backend was too slow; anything else is shown by status.
 */
export function TelemetryProblem({ error, action, onRetry, testId = 'telemetry-problem' }: { error: unknown; action: string; onRetry?: () => void; testId?: string }) {
  const backend = unavailableBackend(error);
  if (backend) {
    const fix = BACKEND_FIX[backend];
    // "not configured: set X to ..." repeats the How to fix line below: keep its first clause
    const raw = isApiClientError(error) ? error.message : '';
    const message = sentence(/not configured: /.test(raw) ? raw.slice(0, raw.indexOf(': ')) : raw);
    return (
      <div role="alert" className="flex items-start gap-3 rounded-[4px] border border-warning/40 bg-warning-soft px-4 py-3 text-[12px]" data-testid="telemetry-unavailable" data-backend={backend}>
        <Icon name="alert" size={18} className="mt-0.5 shrink-0 text-warning" />
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-semibold text-ink">{fix.title}</p>
          {message ? <p className="mt-0.5 break-words text-ink-2 first-letter:uppercase">{message}</p> : null}
          <p className="mt-1 text-ink-2">
            <span className="font-semibold">How to fix: </span>
            {fix.fix}
          </p>
          <p className="mt-1 text-muted">
            Variable: <code className="rounded-[2px] bg-white px-1 font-mono text-[11px] text-ink">{fix.variable}</code>. The rest of the console keeps working without it.
          </p>
        </div>
      </div>
    );
  }
  if (isApiClientError(error) && (error.status === 504 || error.code === 'timeout')) {
    return (
      <div role="alert" className="flex items-start gap-3 rounded-[4px] border border-warning/40 bg-warning-soft px-4 py-3 text-[12px]" data-testid="telemetry-timeout">
        <Icon name="alert" size={18} className="mt-0.5 shrink-0 text-warning" />
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-semibold text-ink">{action} timed out</p>
          <p className="mt-0.5 break-words text-ink-2 first-letter:uppercase">{sentence(error.message) || 'The backend did not answer in time; try a shorter time window.'} Retry when it is less busy.</p>
        </div>
        {onRetry ? (
          <button type="button" onClick={onRetry} className="shrink-0 font-semibold text-info hover:underline" data-testid={`${testId}-retry`}>
            Retry
          </button>
        ) : null}
      </div>
    );
  }
  return <ApiErrorNotice error={error} action={action} onReload={onRetry} testId={testId} />;
}

/** A server message as a sentence: trimmed, ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return t && !/[.!?]$/.test(t) ? `${t}.` : t;
}
