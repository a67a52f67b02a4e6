'use client';

import { useQuery } from '@tanstack/react-query';
import type { ProgressAction, ReleaseAnalysisView } from '@/lib/api/release-progress';
import { apiFetch } from '@/lib/ui/api-client';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { useReleaseAction } from '../use-release-action';

const enc = encodeURIComponent;
const jobPath = (ns: string, name: string) => `/api/projects/${enc(ns)}/releases/${enc(name)}`;

/** The progressive endpoints (issue 11): POST .../{promote|pause|resume|abort} {generation}, GET .../analysis. */
export const progressApi = {
  act: (ns: string, name: string, action: ProgressAction, generation: number) => apiFetch<ReleaseDetail>(`${jobPath(ns, name)}/${action}`, { method: 'POST', body: { generation } }),
  analysis: (ns: string, name: string) => apiFetch<ReleaseAnalysisView>(`${jobPath(ns, name)}/analysis`),
};

const DONE: Record<ProgressAction, string> = {
  promote: 'Promote requested: the controller moves to the next step',
  pause: 'Paused: the schedule waits (a shown regression still rolls back)',
  resume: 'Resumed: the schedule runs again',
  abort: 'Abort requested: all traffic goes back to the baseline',
};

/** One progressive action on a job, sent with the generation the user saw (409 when the job changed since), reported by toast. */
export function useProgressAction(ns: string, job: Pick<ReleaseDetail, 'name' | 'generation'>) {
  return useReleaseAction(
    ns,
    job.name,
    (action: ProgressAction) => progressApi.act(ns, job.name, action, job.generation),
    (action) => ({ doing: action[0].toUpperCase() + action.slice(1), done: DONE[action] }),
  );
}

/** GET .../analysis (the exact PromQL of the last look), only while `enabled` (the disclosure is open); refreshed with the looks. */
export function useReleaseAnalysis(ns: string, name: string, enabled: boolean, lastLookAt: string | null) {
  return useQuery({
    queryKey: [...queryKeys.releases.detail(ns, name), 'analysis', lastLookAt ?? ''],
    queryFn: () => progressApi.analysis(ns, name),
    enabled,
    staleTime: 60_000,
  });
}
