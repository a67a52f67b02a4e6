import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { prefetched } from '@/lib/async/within';
import { decide } from '@/lib/auth/permissions';
import { queryKeys } from '@/lib/ui/query-keys';
import { currentPrincipal } from '@/server/auth/current';
import { getRelease } from '@/server/releases/get';
import { releaseParams } from '@/server/releases/request-schemas';

/** How long the page's HTML waits for the job (the whole page waits: keep it well under the 1.5 s LCP target); past it the browser asks for it, as before. */
export const JOB_PREFETCH_MS = 800;

/**
 * React Query state for the job detail's first render: the job, read on the server with the caller's
 * own permission check, exactly what GET /api/projects/{ns}/releases/{name} would answer (the
 * session, for the action buttons' permissions, is in every page's cache: app/_data/session-state.ts).
 * Issue 10: the page's Largest Contentful Paint waited for scripts, hydration and then that request
 * (about 1.9 s); with the job in the HTML it paints with the first response.
 *
 * Anything short of a clean answer (no session, no permission, not found, cluster slow or down)
 * prefetches nothing for that query: the browser then asks the API itself and the page shows the
 * same loading, 404 and error states as without this.
 * https://tanstack.com/query/v5/docs/framework/react/guides/advanced-ssr
 */
export async function jobDetailState(ns: string, name: string): Promise<DehydratedState | undefined> {
  const params = releaseParams.safeParse({ ns, name });
  if (!params.success) return undefined;
  const principal = await currentPrincipal().catch(() => undefined);
  if (!principal || !decide(principal, { verb: 'get', resource: 'releases', namespace: ns }).allowed) return undefined;
  const job = await prefetched(JOB_PREFETCH_MS, getRelease(params.data.ns, params.data.name));
  if (!job) return undefined;
  const client = new QueryClient();
  client.setQueryData(queryKeys.releases.detail(ns, name), job);
  return dehydrate(client);
}
