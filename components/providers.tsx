'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { authKeys, type SessionInfo } from '@/lib/auth/client';
import { shouldRetry } from '@/lib/ui/api-client';
import { ClusterStatusBanner } from './cluster-status-banner';
import { ToastProvider } from './toast';

/**
 * Client-side providers for the whole console (React Query), and the cluster status banner on every
 * page. `session`: GET /api/session's answer read by the server for this page (app/_data/session-state.ts),
 * the cache's first entry, so server HTML and hydration both render with it.
 */
export function Providers({ children, session }: { children: ReactNode; session?: SessionInfo }) {
  // One client per browser session; created in state so server renders never share a cache.
  const [client] = useState(() => {
    const c = new QueryClient({
      defaultOptions: {
        queries: { staleTime: 10_000, retry: shouldRetry, refetchOnWindowFocus: false },
        // A write while the cluster is unreachable fails at once and says so, instead of waiting,
        // paused, for a reconnection the user did not ask for (queries pause; see ClusterStatusBanner).
        mutations: { retry: false, networkMode: 'always' },
      },
    });
    if (session) c.setQueryData(authKeys.session(), session);
    return c;
  });
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <ClusterStatusBanner />
        {children}
      </ToastProvider>
    </QueryClientProvider>
  );
}
