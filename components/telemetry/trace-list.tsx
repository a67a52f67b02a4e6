import Link from 'next/link';
import type { TraceSummary } from '@/lib/api/telemetry-types';
import { projectHref } from '@/lib/ui/project-nav';
import { formatDurationUs, formatTraceStart } from '@/lib/ui/telemetry-format';
import { shortOperation, shortServiceName, versionChips } from '@/lib/ui/telemetry-waterfall';

/** Chips "reviews v2" for the versions a trace touched. */
export function VersionChips({ summary, ns }: { summary: Pick<TraceSummary, 'versions'>; ns: string }) {
  const chips = versionChips(summary);
  if (chips.length === 0) return <span className="text-muted">-</span>;
  return (
    <ul className="flex flex-wrap gap-1" data-testid="trace-versions">
      {chips.map((c) => (
        <li key={`${c.service}@${c.version}`} className="rounded-[2px] bg-page px-1.5 text-[11px] leading-[18px] text-ink-2">
          {shortServiceName(c.service, ns)} <span className="font-semibold text-ink">{c.version || '?'}</span>
        </li>
      ))}
    </ul>
  );
}

/** The trace list: start, root, duration, span count, errors and versions; each row links to the trace. */
export function TraceList({ ns, traces }: { ns: string; traces: TraceSummary[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-left text-[12px]" data-testid="trace-list">
        <thead>
          <tr className="border-b border-line-soft text-muted">
            <th className="px-3 py-2 font-semibold">Start time</th>
            <th className="px-3 py-2 font-semibold">Request</th>
            <th className="px-3 py-2 text-right font-semibold">Duration</th>
            <th className="px-3 py-2 text-right font-semibold">Spans</th>
            <th className="px-3 py-2 text-right font-semibold">Errors</th>
            <th className="px-3 py-2 font-semibold">Versions touched</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId} className="border-b border-line-soft align-top last:border-b-0 hover:bg-surface-2" data-testid="trace-row" data-trace-id={t.traceId} data-errors={t.errorCount}>
              <td className="whitespace-nowrap px-3 py-2">
                <Link href={projectHref(ns, `tracing/${encodeURIComponent(t.traceId)}`)} className="font-mono text-[11px] text-info hover:underline" data-testid="trace-link">
                  {formatTraceStart(t.startTime)}
                </Link>
              </td>
              <td className="px-3 py-2">
                <span className="font-semibold">{shortServiceName(t.rootService, ns)}</span> <span className="break-words text-muted" title={t.rootOperation}>{shortOperation(t.rootOperation, ns)}</span>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right font-semibold">{formatDurationUs(t.duration)}</td>
              <td className="px-3 py-2 text-right">{t.spanCount}</td>
              <td className={`px-3 py-2 text-right ${t.errorCount > 0 ? 'font-semibold text-danger' : 'text-muted'}`}>{t.errorCount}</td>
              <td className="px-3 py-2">
                <VersionChips summary={t} ns={ns} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
