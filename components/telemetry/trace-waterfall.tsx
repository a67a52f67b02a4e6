'use client';

import { useMemo, useState } from 'react';
import type { SpanView } from '@/lib/api/telemetry-types';
import { formatDurationUs } from '@/lib/ui/telemetry-format';
import { shortOperation, shortServiceName, timeTicks, waterfallRows } from '@/lib/ui/telemetry-waterfall';
import { SpanDetails } from './span-details';

/** Where a bar's duration goes: after the bar, before it, or inside it when neither side has room. */
function durationLabelInside(offsetPct: number, widthPct: number): boolean {
  return offsetPct + widthPct > 75 && offsetPct < 15;
}

function durationLabelStyle(offsetPct: number, widthPct: number) {
  if (offsetPct + widthPct <= 75) return { left: `${offsetPct + widthPct}%` };
  if (offsetPct >= 15) return { right: `${100 - offsetPct}%` };
  return { right: `${100 - offsetPct - widthPct}%` };
}

const SERVICE_COLORS = ['#329dce', '#7b61c4', '#e0823d', '#2a9d8f', '#c2458a', '#5c6b82', '#8aa937'];

/**
 * The span waterfall: one row per span, indented under its parent, its bar placed by start and
 * duration; critical-path spans are outlined and the rest dimmed. Clicking a row shows its tags.
 */
export function TraceWaterfall({ ns, spans }: { ns: string; spans: SpanView[] }) {
  const rows = useMemo(() => waterfallRows(spans), [spans]);
  const [selected, setSelected] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(true);
  const total = rows.length ? Math.max(...spans.map((s) => s.startTime + s.duration)) - Math.min(...spans.map((s) => s.startTime)) : 0;
  const ticks = timeTicks(total);
  const services = [...new Set(spans.map((s) => s.service))].sort();
  const color = (s: SpanView) => (s.error ? '#ca2621' : SERVICE_COLORS[services.indexOf(s.service) % SERVICE_COLORS.length]);

  return (
    <div data-testid="trace-waterfall">
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-[12px] text-ink-2">
        <label className="inline-flex items-center gap-1.5">
          <input type="checkbox" checked={highlight} onChange={(e) => setHighlight(e.target.checked)} className="h-3.5 w-3.5 accent-primary" data-testid="critical-path-toggle" />
          Highlight the critical path
        </label>
        <span className="inline-flex items-center gap-1.5 text-muted">
          <span className="h-2.5 w-5 rounded-[2px] bg-info outline outline-2 outline-offset-1 outline-ink" aria-hidden="true" /> on the critical path
        </span>
        <span className="inline-flex items-center gap-1.5 text-muted">
          <span className="h-2.5 w-5 rounded-[2px] bg-danger" aria-hidden="true" /> error
        </span>
      </div>
      <div className="grid grid-cols-[minmax(0,5fr)_minmax(0,7fr)] border-b border-line-soft text-[11px] text-muted">
        <span className="px-2 py-1">Service · operation</span>
        <div className="relative h-6">
          {ticks.map((t) => (
            <span key={t.us} className="absolute top-1 -translate-x-1/2 whitespace-nowrap first:translate-x-0 last:-translate-x-full" style={{ left: `${t.pct}%` }}>
              {formatDurationUs(t.us)}
            </span>
          ))}
        </div>
      </div>
      <ol>
        {rows.map((r) => {
          const s = r.span;
          const open = selected === s.spanId;
          const dim = highlight && !r.critical;
          return (
            <li key={s.spanId} className="border-b border-line-soft last:border-b-0" data-testid="span-row" data-span-id={s.spanId} data-critical={r.critical} data-error={s.error} data-service={shortServiceName(s.service, ns)}>
              <button
                type="button"
                onClick={() => setSelected(open ? null : s.spanId)}
                aria-expanded={open}
                className={`grid w-full grid-cols-[minmax(0,5fr)_minmax(0,7fr)] items-center text-left hover:bg-surface-2 ${open ? 'bg-info-soft' : ''}`}
                data-testid="span-toggle"
              >
                <span className="flex min-w-0 items-center gap-1.5 py-1.5 pr-2" style={{ paddingLeft: `${8 + Math.min(r.depth, 12) * 14}px` }}>
                  <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: color(s) }} aria-hidden="true" />
                  <span className="min-w-0 truncate">
                    <span className="font-semibold text-ink">{shortServiceName(s.service, ns)}</span>
                    {s.version ? <span className="ml-1 rounded-[2px] bg-page px-1 text-[11px] text-ink-2">{s.version}</span> : null}
                    <span className="ml-1 text-muted" title={s.operation}>{shortOperation(s.operation, ns)}</span>
                  </span>
                </span>
                <span className="relative h-7 border-l border-line-soft">
                  {ticks.slice(1, -1).map((t) => (
                    <span key={t.us} className="absolute inset-y-0 w-px bg-line-soft" style={{ left: `${t.pct}%` }} aria-hidden="true" />
                  ))}
                  <span
                    className={`absolute top-1/2 h-3 -translate-y-1/2 rounded-[2px] ${highlight && r.critical ? 'outline outline-2 outline-offset-1 outline-ink' : ''}`}
                    style={{ left: `${r.offsetPct}%`, width: `${r.widthPct}%`, background: color(s), opacity: dim ? 0.4 : 1 }}
                    data-testid="span-bar"
                  />
                  <span className={`absolute top-1/2 -translate-y-1/2 whitespace-nowrap px-1 text-[11px] ${durationLabelInside(r.offsetPct, r.widthPct) ? 'font-semibold text-white' : 'text-ink-2'}`} style={durationLabelStyle(r.offsetPct, r.widthPct)}>
                    {formatDurationUs(s.duration)}
                  </span>
                </span>
              </button>
              {open ? <SpanDetails span={s} relStart={r.relStart} critical={r.critical} /> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
