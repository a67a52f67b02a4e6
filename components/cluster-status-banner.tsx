'use client';

import { onlineManager, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { clusterReachability, isClusterUnreachableError } from '@/lib/api/errors';
import type { ClusterInfo } from '@/lib/api/types';
import { apiFetch } from '@/lib/ui/api-client';
import { Icon } from './icon';

/** Polling of GET /api/cluster: rare while the cluster answers, often while it does not. */
const HEALTHY_POLL_MS = 15_000;
const OUTAGE_POLL_MS = 2_000;
/** Not in lib/ui/query-keys: nothing else reads or invalidates it, and it must survive "invalidate all". */
const CLUSTER_STATUS_KEY = ['cluster-status'] as const;

/**
 * "Cluster unreachable" banner for every page (issue 8, scenario 4). It watches GET /api/cluster and
 * every query and mutation of the page: the first answer that says the Kubernetes API server cannot
 * be reached (503 `cluster_unreachable`) shows the banner and pauses React Query (its onlineManager),
 * so pages keep their last data instead of turning into error screens, and nothing retries in a
 * loop. When /api/cluster answers `reachable: true` again, paused queries resume, every query and
 * the server-rendered page are refreshed, and the banner goes: no reload needed.
 */
export function ClusterStatusBanner() {
  const client = useQueryClient();
  const router = useRouter();
  // Signed out there: /api/cluster would only answer 401.
  const onLoginPage = usePathname()?.startsWith('/login') ?? false;
  const [down, setDown] = useState(false);
  const downRef = useRef(false);

  const status = useQuery({
    queryKey: CLUSTER_STATUS_KEY,
    queryFn: ({ signal }) => apiFetch<ClusterInfo>('/api/cluster', { signal, timeoutMs: 12_000 }),
    // The probe must run while the others are paused, and says "down" by its own answer, not by retrying.
    networkMode: 'always',
    enabled: !onLoginPage,
    retry: false,
    staleTime: 0,
    refetchInterval: () => (downRef.current ? OUTAGE_POLL_MS : HEALTHY_POLL_MS),
    refetchIntervalInBackground: true,
  });

  // After a failed poll React Query keeps the older data next to the error: the error is the latest word.
  const latest = status.isError ? clusterReachability(undefined, status.error as { status?: number; code?: string }) : clusterReachability(status.data);

  useEffect(() => {
    if (latest === 'unreachable' && !downRef.current) {
      downRef.current = true;
      setDown(true);
      onlineManager.setOnline(false);
    } else if (latest !== 'unreachable' && downRef.current) {
      downRef.current = false;
      setDown(false);
      onlineManager.setOnline(true);
      if (latest === 'reachable') {
        // Queries that failed before the banner noticed, and server-rendered pages, refresh by themselves.
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== CLUSTER_STATUS_KEY[0] });
        router.refresh();
      }
    }
    // Re-evaluated on every answer, so a poll that finds the cluster fine clears a pause set by a failed query.
  }, [latest, status.dataUpdatedAt, status.errorUpdatedAt, client, router]);

  useEffect(() => {
    // Any failing call is a faster signal than the next poll; ask /api/cluster at once.
    const onError = (error: unknown) => {
      if (!isClusterUnreachableError(error) || downRef.current) return;
      downRef.current = true;
      setDown(true);
      onlineManager.setOnline(false);
      void client.refetchQueries({ queryKey: CLUSTER_STATUS_KEY });
    };
    const unsubscribeQueries = client.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.query.queryKey[0] === CLUSTER_STATUS_KEY[0]) return;
      if (event.action.type === 'failed' || event.action.type === 'error') onError(event.action.error);
    });
    const unsubscribeMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [client]);

  useEffect(
    () => () => {
      // Unmounted while paused (never in the app shell, but in tests): leave React Query usable.
      if (downRef.current) onlineManager.setOnline(true);
    },
    [],
  );

  if (!down) return null;
  const apiServer = status.data?.apiServer;
  const reason = status.data?.error ?? (status.error instanceof Error ? status.error.message : undefined);
  return (
    <div role="alert" className="border-b border-warning/40 bg-warning-soft text-ink" data-testid="cluster-status-banner">
      <div className="mx-auto flex w-full max-w-[1600px] items-start gap-2.5 px-3 py-2.5 text-[13px] sm:px-5">
        <Icon name="cluster" className="mt-0.5 shrink-0 text-warning" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold">Cluster unreachable</p>
          <p className="break-words text-[12px] text-ink-2" data-testid="cluster-status-banner-detail">
            {reason ? `${reason.charAt(0).toUpperCase()}${reason.slice(1).replace(/\.$/, '')}.` : `Graylane cannot reach the Kubernetes API server${apiServer ? ` at ${apiServer}` : ''}.`} Pages show the last data they loaded and refresh by themselves when the cluster answers again;
            changes cannot be saved until then.
          </p>
        </div>
        <span className="mt-0.5 flex shrink-0 items-center gap-1 text-[12px] text-muted" aria-hidden="true">
          <Icon name="refresh" size={14} className="animate-spin [animation-duration:2s]" /> Reconnecting
        </span>
      </div>
    </div>
  );
}
