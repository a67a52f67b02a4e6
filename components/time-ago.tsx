import { formatAge } from '@/lib/ui/release-format';

/**
 * "12s ago" for an ISO time, with the exact time as its tooltip. Pages rendered on the server with
 * their data (the job detail) hydrate a moment later, when the text may read one second more: the
 * text is allowed to differ there (React keeps the server's until the next render, which the
 * page's polling brings), instead of the whole page being rendered again on a mismatch.
 * https://react.dev/reference/react-dom/client/hydrateRoot#suppressing-unavoidable-hydration-mismatch-errors
 */
export function TimeAgo({ iso }: { iso: string | null | undefined }) {
  return (
    <time dateTime={iso ?? undefined} title={iso ?? undefined} suppressHydrationWarning>
      {formatAge(iso)}
    </time>
  );
}
