'use client';

import { useState } from 'react';
import { describeApiError } from '@/lib/ui/api-client';
import { useReleaseAnalysis } from './progress-api';

/** The exact PromQL of the last look (labels resolved, window spelled out), fetched when opened. */
export function PromqlDisclosure({ ns, name, lastLookAt }: { ns: string; name: string; lastLookAt: string | null }) {
  const [open, setOpen] = useState(false);
  const analysis = useReleaseAnalysis(ns, name, open, lastLookAt);
  const q = analysis.data?.queries;
  const rows: [string, string][] = q
    ? [
        ['Requests per version', q.requests],
        ...(q.errors ? [['Errors per version', q.errors] as [string, string]] : []),
        ...(q.buckets ? [['Duration buckets per version', q.buckets] as [string, string]] : []),
        ...Object.entries(q.custom).flatMap(([n, c]) => [[`${n}: events`, c.events], [`${n}: total`, c.total]] as [string, string][]),
      ]
    : [];
  return (
    <details className="rounded-[4px] border border-line-soft" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid="analysis-promql">
      <summary className="cursor-pointer px-3 py-2 text-[12px] font-semibold text-ink-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-info">PromQL of this look</summary>
      <div className="border-t border-line-soft px-3 py-2 text-[12px]">
        {analysis.isPending && open ? <p className="text-muted">Loading the queries…</p> : null}
        {analysis.isError ? <p className="text-danger">Could not load the queries: {describeApiError(analysis.error).title}</p> : null}
        {analysis.data?.window ? (
          <p className="mb-2 text-muted" data-testid="analysis-promql-window">
            Counted over {analysis.data.window.seconds}s{analysis.data.window.from ? ` from ${analysis.data.window.from}` : ''} to {analysis.data.window.to} (instant queries at the look).
          </p>
        ) : null}
        {rows.map(([label, query]) => (
          <div key={label} className="mb-2">
            <p className="text-muted">{label}</p>
            <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-[4px] bg-surface-2 p-2 font-mono text-[11px] text-ink" data-testid="analysis-promql-query">
              {query}
            </pre>
          </div>
        ))}
      </div>
    </details>
  );
}
