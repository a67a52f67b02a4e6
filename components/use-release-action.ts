'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeApiError } from '@/lib/ui/api-client';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { useToast } from './toast';

/**
 * A mutation on one release job that says what it did or what failed (house rule 4): on success the
 * job's cache is updated from the answer and lists are refetched; a toast reports either outcome.
 */
export function useReleaseAction<V>(ns: string, name: string, run: (vars: V) => Promise<unknown>, describe: (vars: V) => { doing: string; done: string }) {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result, vars) => {
      if (result && typeof result === 'object' && 'name' in result && 'versions' in result) {
        client.setQueryData(queryKeys.releases.detail(ns, name), result as ReleaseDetail);
      }
      toast({ tone: 'success', title: describe(vars).done });
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.releases.detail(ns, name) }),
        client.invalidateQueries({ queryKey: queryKeys.releases.lists() }),
        client.invalidateQueries({ queryKey: queryKeys.services.list(ns) }),
      ]);
    },
    onError: (error, vars) => {
      const { title, detail } = describeApiError(error);
      toast({ tone: 'error', title: `${describe(vars).doing} failed: ${title}`, detail });
    },
  });
}
