import type { ReleaseHistoryEntry } from '@/lib/api/release-types';
import { EmptyState } from './empty-state';
import { TimeAgo } from './time-ago';

/** The job's recorded changes (Kubernetes Events), newest first. */
export function ReleaseHistory({ entries }: { entries: ReleaseHistoryEntry[] }) {
  if (entries.length === 0) {
    return (
      <EmptyState icon="tracing" title="No history yet" testId="release-history-empty">
        Every change to the job (traffic, take over, offline) and every step of the controller is recorded here.
      </EmptyState>
    );
  }
  const sorted = [...entries].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return (
    <ol className="flex flex-col p-4" data-testid="release-history">
      {sorted.map((e, i) => (
        <li key={`${e.time}-${i}`} className="relative flex gap-3 pb-3 last:pb-0" data-testid="release-history-entry" data-action={e.action}>
          <span className="relative flex w-3 shrink-0 justify-center" aria-hidden="true">
            <span className="mt-1.5 h-2 w-2 rounded-full bg-info" />
            {i < sorted.length - 1 ? <span className="absolute bottom-[-6px] top-4 w-px bg-line" /> : null}
          </span>
          <div className="min-w-0 flex-1 text-[12px]">
            <p>
              <b className="font-semibold">{e.action}</b>
              {e.from !== undefined || e.to !== undefined ? (
                <span className="text-ink-2">
                  {' '}
                  {e.from ?? '-'} → {e.to ?? '-'}
                </span>
              ) : null}
              <span className="text-muted">
                {' '}
                · {e.user} · <TimeAgo iso={e.time} />
              </span>
            </p>
            {e.message ? <p className="break-words text-muted">{e.message}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
