'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { stringify } from 'yaml';
import { importsApi, importsQueryKey } from '@/lib/kubesphere/import-client';
import { isImportable, type StrategyImportPreview } from '@/lib/kubesphere/import-view';
import { ApiErrorNotice } from '../api-error-notice';
import { Button } from '../button';
import { Card } from '../card';
import { ConfirmDialog } from '../confirm-dialog';
import { EmptyState } from '../empty-state';
import { LoadingState } from '../loading-state';
import { useToast } from '../toast';

/** Messages listed under a heading, in the tone of what they are (warnings amber, errors red). */
function Notes({ title, items, tone, testId }: { title: string; items: string[]; tone: 'warning' | 'danger'; testId: string }) {
  if (items.length === 0) return null;
  const color = tone === 'warning' ? 'border-warning bg-warning-soft' : 'border-danger bg-danger-soft';
  return (
    <div className={`mt-3 rounded-[4px] border-l-4 px-3 py-2 ${color}`} data-testid={testId}>
      <p className="text-[12px] font-semibold">{title}</p>
      <ul className="mt-1 list-disc pl-5 text-[12px] text-ink-2">
        {items.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/** One Strategy: the job it becomes (YAML), what does not carry over, what blocks it, and Import. */
function PreviewCard({ preview, onImport }: { preview: StrategyImportPreview; onImport: () => void }) {
  const errors = [...preview.errors, ...preview.contextErrors].map((e) => e.message);
  const blocked = !isImportable(preview);
  return (
    <Card
      title={
        <span>
          Strategy <span className="font-mono">{preview.strategy.name}</span>
          <span className="ml-2 rounded-[2px] bg-page px-1.5 text-[11px] font-normal text-ink-2">{preview.strategy.type ?? 'unknown type'}</span>
        </span>
      }
      actions={
        <Button variant="primary" onClick={onImport} disabled={blocked} data-testid={`import-${preview.strategy.name}`} title={blocked ? 'Fix the errors below first' : undefined}>
          Import
        </Button>
      }
      testId="import-preview"
    >
      {preview.adopt.length > 0 ? (
        <p className="text-[12px] text-ink-2">
          Adopts the existing Deployment{preview.adopt.length > 1 ? 's' : ''} <span className="font-mono">{preview.adopt.join(', ')}</span> as the candidate (labelled{' '}
          <span className="font-mono">graylane.io/release</span>), then deletes the Strategy so KubeSphere stops rewriting the routes.
        </p>
      ) : null}
      <Notes title="Cannot be imported" items={errors} tone="danger" testId="import-errors" />
      <Notes title="Does not carry over exactly" items={preview.warnings} tone="warning" testId="import-warnings" />
      {preview.release ? (
        <details className="mt-3" open>
          <summary className="cursor-pointer text-[12px] font-semibold text-info">Resulting release job</summary>
          <pre className="mt-2 max-h-[360px] overflow-auto rounded-[4px] border border-line bg-surface-2 p-3 font-mono text-[11.5px]" tabIndex={0} data-testid="import-job-yaml">
            {stringify(preview.release)}
          </pre>
        </details>
      ) : null}
    </Card>
  );
}

/**
 * The project's KubeSphere 3.x grayscale Strategies, each previewed as the job it would become,
 * with Import (after confirmation) for those that convert cleanly.
 */
export function ImportList({ ns }: { ns: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const [chosen, setChosen] = useState<StrategyImportPreview | null>(null);
  const list = useQuery({ queryKey: importsQueryKey(ns), queryFn: () => importsApi.list(ns) });
  const apply = useMutation({
    mutationFn: (strategy: string) => importsApi.apply(ns, strategy),
    onSuccess: async (res) => {
      toast({ tone: 'success', title: 'Strategy imported', detail: `Release job ${res.release} created; KubeSphere Strategy ${res.deletedStrategy} deleted.` });
      setChosen(null);
      await client.invalidateQueries({ queryKey: importsQueryKey(ns) });
    },
  });

  if (list.isPending) return <LoadingState label="Looking for KubeSphere strategies…" />;
  if (list.isError) return <ApiErrorNotice error={list.error} action="Looking for KubeSphere strategies" />;
  const { available, previews } = list.data;
  if (!available || previews.length === 0) {
    return (
      <Card>
        <EmptyState title="Nothing to import" testId="import-empty">
          {available
            ? 'No KubeSphere 3.x grayscale strategies found in this project (the servicemesh.kubesphere.io API is installed, but no Strategy is left to import).'
            : 'No KubeSphere 3.x grayscale strategies found (the servicemesh.kubesphere.io API is not installed).'}
        </EmptyState>
      </Card>
    );
  }
  return (
    <div className="space-y-4" data-testid="import-list">
      {previews.map((p) => (
        <PreviewCard key={p.strategy.name} preview={p} onImport={() => (apply.reset(), setChosen(p))} />
      ))}
      {chosen ? (
        <ConfirmDialog
          title={`Import Strategy ${chosen.strategy.name}`}
          confirmLabel="Import"
          pendingLabel="Importing…"
          pending={apply.isPending}
          error={apply.error}
          onConfirm={() => apply.mutate(chosen.strategy.name)}
          onClose={() => setChosen(null)}
          testId="import-confirm"
        >
          <p>
            Creates release job <span className="font-mono">{chosen.release?.metadata.name}</span>
            {chosen.adopt.length > 0 ? <> adopting {chosen.adopt.join(', ')}</> : null}, then deletes the KubeSphere Strategy. If any step fails, nothing is
            changed.
          </p>
          <p className="mt-2">
            The job then appears under{' '}
            <Link className="text-info hover:underline" href={`/projects/${encodeURIComponent(ns)}/grayscale?tab=jobs`}>
              Release Jobs
            </Link>
            .
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
