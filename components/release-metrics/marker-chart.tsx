'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ServiceMetricsView } from '@/lib/api/telemetry-types';
import { jobChartData, type ChangeMarker } from '@/lib/ui/release-metrics';
import { hasData, type SeriesField } from '@/lib/ui/telemetry-charts';
import { CHART_AXIS_LINE, CHART_GRID, CHART_INK, CHART_LEGEND, CHART_TICK, CHART_TOOLTIP } from '@/lib/ui/chart-theme';
import { formatClock, formatMs, formatPercent, formatRate, versionColor } from '@/lib/ui/telemetry-format';

export type ReleaseChartKind = 'requests' | 'success' | 'p95';

const FIELD: Record<ReleaseChartKind, SeriesField> = { requests: 'requestRate', success: 'successRate', p95: 'p95Ms' };

function formatValue(kind: ReleaseChartKind, v: unknown): string {
  const n = typeof v === 'number' ? v : null;
  if (kind === 'success') return formatPercent(n === null ? null : n / 100);
  if (kind === 'requests') return formatRate(n);
  return formatMs(n);
}

// the dashed line is a graphic (3:1 is enough, WCAG 1.4.11); its label is text, drawn in ink
const MARKER_COLOR = '#79879c';

// Labels of recent changes would run off the plot on the right, so they are drawn to the left of their line.
function nearRightEdge(t: number, domain: [number, number] | undefined): boolean {
  if (!domain || domain[1] <= domain[0]) return true;
  return (t - domain[0]) / (domain[1] - domain[0]) > 0.6;
}

/**
 * A marker's label: short text at the top of the line, its full description as an SVG <title>
 * (the browser's tooltip). Labels of changes made seconds apart are staggered so they stay legible.
 */
function MarkerLabel({ viewBox, marker, row, flip }: { viewBox?: { x?: number; y?: number }; marker: ChangeMarker; row: number; flip: boolean }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) + 9 + row * 11;
  return (
    <g data-testid="release-chart-marker" data-action={marker.action}>
      <title>{marker.title}</title>
      <text x={flip ? x - 3 : x + 3} y={y} textAnchor={flip ? 'end' : 'start'} fontSize={10} fill={CHART_INK} fontWeight={600} style={{ paintOrder: 'stroke' }} stroke="#ffffff" strokeWidth={3}>
        {marker.label}
      </text>
    </g>
  );
}

/**
 * One figure of the job's two versions on shared axes, with a dashed vertical line per recorded
 * change, so a dip or a jump can be read against the change that caused it.
 */
export function MarkerChart({ kind, title, view, versions, markers, domain }: { kind: ReleaseChartKind; title: string; view: ServiceMetricsView | undefined; versions: string[]; markers: ChangeMarker[]; domain?: [number, number] }) {
  const { rows, series } = jobChartData(view, versions, FIELD[kind]);
  const empty = !hasData(rows, series);
  return (
    <figure className="min-w-0" data-testid={`release-chart-${kind}`} data-empty={empty} data-markers={markers.length}>
      <figcaption className="mb-1 text-[12px] font-semibold text-ink">{title}</figcaption>
      <div className="relative h-[170px] w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: -8 }}>
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey="t" type="number" domain={domain ?? ['dataMin', 'dataMax']} allowDataOverflow tickFormatter={(t: number) => formatClock(t).slice(0, 5)} tick={CHART_TICK} stroke={CHART_AXIS_LINE} minTickGap={28} />
            <YAxis tick={CHART_TICK} stroke={CHART_AXIS_LINE} width={44} domain={kind === 'success' ? [0, 100] : [0, 'auto']} allowDecimals={kind !== 'p95'} />
            <Tooltip labelFormatter={(t) => formatClock(Number(t))} formatter={(v, name) => [formatValue(kind, v), String(name)]} {...CHART_TOOLTIP} />
            <Legend {...CHART_LEGEND} />
            {markers.map((m, i) => (
              <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke={MARKER_COLOR} strokeDasharray="4 3" ifOverflow="hidden" label={<MarkerLabel marker={m} row={i % 3} flip={nearRightEdge(m.t, domain)} />} />
            ))}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.version} type="monotone" stroke={versionColor(versions, s.version)} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
        {empty ? (
          <p className="pointer-events-none absolute inset-x-12 top-1/2 -translate-y-1/2 text-center text-[12px] text-muted" data-testid={`release-chart-${kind}-empty`}>
            no traffic in this window
          </p>
        ) : null}
      </div>
    </figure>
  );
}
