import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { cookies } from 'next/headers';
import { decide } from '@/lib/auth/permissions';
import { queryKeys } from '@/lib/ui/query-keys';
import { authenticateCookie } from '@/server/auth/authenticate';
import { SESSION_COOKIE } from '@/server/auth/session-token';
import { getRelease } from '@/server/releases/get';
import { releaseParams } from '@/server/releases/request-schemas';
import { within } from '@/lib/async/within';

/** How long the page's HTML waits for the job (the whole page waits: keep it well under the 1.5 s LCP target); past it the browser asks for it, as before. */
export const JOB_PREFETCH_MS = 800;

/** The value as it would have arrived over the API (plain JSON: no undefined fields, no class instances). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * React Query state for the job detail's first render: the job, read on the server with the caller's
 * own permission check, exactly what GET /api/projects/{ns}/releases/{name} would answer (the
 * session, for the action buttons' permissions, is in every page's cache: app/_data/session-state.ts). Issue 10: the page's Largest
 * Contentful Paint waited for scripts, hydration and then those two requests (about 1.9 s); with the
 * job in the HTML it paints with the first response.
 *
 * Anything short of a clean answer (no session, no permission, not found, cluster slow or down)
 * prefetches nothing for that query: the browser then asks the API itself and the page shows the
 * same loading, 404 and error states as without this.
 * https://tanstack.com/query/v5/docs/framework/react/guides/advanced-ssr
 */
export async function jobDetailState(ns: string, name: string): Promise<DehydratedState | undefined> {
  const params = releaseParams.safeParse({ ns, name });
  if (!params.success) return undefined;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return undefined;
  try {
    const { principal } = await authenticateCookie(`${SESSION_COOKIE}=${token}`);
    const client = new QueryClient();
    if (decide(principal, { verb: 'get', resource: 'releases', namespace: ns }).allowed) {
      const job = await within(JOB_PREFETCH_MS, getRelease(params.data.ns, params.data.name).catch(() => undefined));
      if (job) client.setQueryData(queryKeys.releases.detail(ns, name), asJson(job));
    }
    return dehydrate(client);
  } catch {
    return undefined;
  }
}
