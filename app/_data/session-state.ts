import 'server-only';
import { cookies } from 'next/headers';
import { prefetched } from '@/lib/async/within';
import type { SessionInfo } from '@/lib/auth/client';
import { currentSessionView } from '@/server/auth/session-routes';
import { SESSION_COOKIE } from '@/server/auth/session-token';

/** How long every page's HTML waits for the session (a cold principal cache reads the cluster). */
export const SESSION_PREFETCH_MS = 500;

/**
 * What GET /api/session would answer this request, for the React Query cache every page starts
 * with (components/providers.tsx): the top bar's user, the project nav's Members link and the
 * pages' permission-dependent controls are then right in the server-rendered HTML, instead of
 * "checking your permissions…" until the browser has asked (issue 10: no layout shift when data
 * arrives). Undefined when there is no session, or it cannot be read now (or within
 * SESSION_PREFETCH_MS): the browser asks, as before.
 */
export async function initialSession(): Promise<SessionInfo | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const request = new Request('http://console/api/session', { headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
  return prefetched(SESSION_PREFETCH_MS, currentSessionView(request));
}
