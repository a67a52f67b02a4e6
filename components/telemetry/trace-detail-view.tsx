'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Card } from '@/components/card';
import { LoadingState } from '@/components/loading-state';
import { telemetryApi, telemetryRetry } from '@/lib/ui/telemetry-api';
import { formatDurationUs, formatTraceStart } from '@/lib/ui/telemetry-format';
import { telemetryKeys } from '@/lib/ui/telemetry-query-keys';
import { shortOperation, shortServiceName } from '@/lib/ui/telemetry-waterfall';
import { TelemetryProblem } from './telemetry-problem';
import { VersionChips } from './trace-list';
import { TraceWaterfall } from './trace-waterfall';

/** One trace: its summary and span waterfall with the critical path (GET traces/{traceId}). */
export function TraceDetailView({ ns, traceId }: { ns: string; traceId: string }) {
  const trace = useQuery({ queryKey: telemetryKeys.trace(ns, traceId), queryFn: ({ signal }) => telemetryApi.trace(ns, traceId, signal), staleTime: Infinity, retry: telemetryRetry });
  if (trace.isPending) {
    return (
      <Card testId="trace-detail">
        <LoadingState label="Loading the trace…" slowAfterMs={10_000} />
      </Card>
    );
  }
  if (trace.isError) {
    return (
      <Card testId="trace-detail">
        <TelemetryProblem error={trace.error} action="Loading the trace" onRetry={() => trace.refetch()} testId="trace-error" />
      </Card>
    );
  }
  const t = trace.data;
  const summary: [string, ReactNode][] = [
    ['Request', <span key="r"><span className="font-semibold">{shortServiceName(t.rootService, ns)}</span> <span className="break-words text-muted" title={t.rootOperation}>{shortOperation(t.rootOperation, ns)}</span></span>],
    ['Started', formatTraceStart(t.startTime)],
    ['Duration', formatDurationUs(t.duration)],
    ['Spans', String(t.spanCount || t.spans.length)],
    ['Errors', t.errorCount > 0 ? <span key="e" className="font-semibold text-danger">{t.errorCount}</span> : '0'],
    ['Versions', <VersionChips key="v" summary={t} ns={ns} />],
  ];
  return (
    <div className="space-y-3" data-testid="trace-detail" data-trace-id={t.traceId}>
      <Card bodyClassName="px-5 py-3">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-[12px] md:grid-cols-3 xl:grid-cols-6" data-testid="trace-summary">
          {summary.map(([k, v]) => (
            <div key={k} className="min-w-0">
              <dt className="text-[11px] text-muted">{k}</dt>
              <dd className="min-w-0 text-ink">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Spans" bodyClassName="p-3">
        <TraceWaterfall ns={ns} spans={t.spans} />
      </Card>
    </div>
  );
}
