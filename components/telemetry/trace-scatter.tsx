'use client';

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { TraceSummary } from '@/lib/api/telemetry-types';
import { CHART_AXIS_LINE, CHART_GRID, CHART_TICK } from '@/lib/ui/chart-theme';
import { formatClock, formatDurationUs } from '@/lib/ui/telemetry-format';

interface Point {
  x: number;
  y: number;
  trace: TraceSummary;
}

function points(traces: TraceSummary[], errors: boolean): Point[] {
  return traces.filter((t) => t.errorCount > 0 === errors).map((t) => ({ x: t.startTime / 1e6, y: t.duration / 1000, trace: t }));
}

/** Traces as dots: start time against duration, traces with errors in red. Clicking a dot opens it. */
export function TraceScatter({ traces, onOpen }: { traces: TraceSummary[]; onOpen: (traceId: string) => void }) {
  const open = (p: unknown) => {
    const t = (p as { payload?: Point } | undefined)?.payload?.trace;
    if (t) onOpen(t.traceId);
  };
  const xs = traces.map((t) => t.startTime / 1e6);
  const spanSeconds = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  // Sub-second precision when every trace falls within a few seconds, so ticks do not repeat.
  const tick = (s: number) => (spanSeconds < 20 ? `${formatClock(s)}.${Math.floor((s % 1) * 10)}` : formatClock(s));
  return (
    <div className="h-[220px] w-full" data-testid="trace-scatter" role="img" aria-label="Trace durations over time; errors in red. Use the list below to open a trace with the keyboard.">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 12, bottom: 0, left: -4 }}>
          <CartesianGrid stroke={CHART_GRID} />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tick} tick={CHART_TICK} stroke={CHART_AXIS_LINE} name="Start" minTickGap={30} />
          <YAxis dataKey="y" type="number" tick={CHART_TICK} stroke={CHART_AXIS_LINE} width={52} name="Duration" unit=" ms" />
          <ZAxis range={[48, 48]} />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const t = (payload?.[0]?.payload as Point | undefined)?.trace;
              if (!active || !t) return null;
              return (
                <div className="rounded-[4px] border border-line bg-white px-2.5 py-1.5 text-[12px] shadow-card">
                  <p className="font-semibold">{t.rootOperation || t.rootService}</p>
                  <p className="text-muted">
                    {formatClock(t.startTime / 1e6)} · {formatDurationUs(t.duration)} · {t.spanCount} spans{t.errorCount ? ` · ${t.errorCount} errors` : ''}
                  </p>
                </div>
              );
            }}
          />
          <Scatter name="OK" data={points(traces, false)} fill="#329dce" onClick={open} cursor="pointer" isAnimationActive={false} />
          <Scatter name="Errors" data={points(traces, true)} fill="#ca2621" onClick={open} cursor="pointer" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
