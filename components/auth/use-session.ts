'use client';

import { useQuery } from '@tanstack/react-query';
import { authKeys, fetchSession, type SessionInfo } from '@/lib/auth/client';
import { isApiClientError } from '@/lib/ui/api-client';

/** The signed-in user (GET /api/session); `data` is undefined while loading or when signed out (`signedOut`). */
export function useSession(): { data: SessionInfo | undefined; loading: boolean; signedOut: boolean; error: unknown } {
  const q = useQuery({ queryKey: authKeys.session(), queryFn: ({ signal }) => fetchSession(signal), staleTime: 30_000 });
  const signedOut = isApiClientError(q.error) && q.error.status === 401;
  return { data: q.data, loading: q.isPending, signedOut, error: signedOut ? undefined : q.error };
}
