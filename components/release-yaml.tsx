'use client';

import { useQuery } from '@tanstack/react-query';
import { retryWhileClusterDown } from '@/lib/ui/api-client';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { LoadingState } from './loading-state';
import { PreviewSummary, YamlDiff } from './yaml-diff';

/** The VirtualService/DestinationRule (and candidate Deployment) the controller writes for this job, diffed against the cluster. */
export function ReleaseYaml({ ns, name, generation }: { ns: string; name: string; generation: number }) {
  const preview = useQuery({ queryKey: [...queryKeys.releases.preview(ns, name), generation], queryFn: () => consoleApi.preview(ns, name), retry: retryWhileClusterDown });
  return (
    <div className="p-4" data-testid="release-yaml">
      <div className="mb-2 flex items-center justify-between gap-2">
        <p className="text-[12px] text-muted">Generated from the same translation the controller uses.</p>
        <Button onClick={() => preview.refetch()} disabled={preview.isFetching}>
          {preview.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      {preview.isPending ? <LoadingState label="Generating the preview…" /> : null}
      {preview.isError ? <ApiErrorNotice error={preview.error} action="Loading the YAML preview" /> : null}
      {preview.data ? (
        <>
          <PreviewSummary documents={preview.data.documents ?? []} notes={preview.data.notes ?? []} testId="release-yaml-objects" />
          <YamlDiff lines={preview.data.diff} testId="release-yaml-diff" />
          <details className="mt-3">
            <summary className="cursor-pointer text-[12px] font-semibold text-info">Full YAML</summary>
            <pre className="mt-2 max-h-[420px] overflow-auto rounded-[4px] border border-line bg-surface-2 p-3 font-mono text-[11.5px]" tabIndex={0}>
              {preview.data.yaml}
            </pre>
          </details>
        </>
      ) : null}
    </div>
  );
}
