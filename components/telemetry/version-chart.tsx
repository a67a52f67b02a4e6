'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VersionSeries } from '@/lib/api/telemetry-types';
import { chartRows, hasData, type SeriesField } from '@/lib/ui/telemetry-charts';
import { CHART_AXIS_LINE, CHART_GRID, CHART_LEGEND, CHART_TICK, CHART_TOOLTIP } from '@/lib/ui/chart-theme';
import { formatClock, formatMs, formatPercent, formatRate, versionColor } from '@/lib/ui/telemetry-format';

export type ChartKind = 'success' | 'traffic' | 'duration';

const FIELDS: Record<ChartKind, SeriesField[]> = {
  success: ['successRate'],
  traffic: ['requestRate'],
  duration: ['p50Ms', 'p95Ms', 'p99Ms'],
};

const TITLES: Record<ChartKind, string> = { success: 'Success rate (%)', traffic: 'Traffic (req/s)', duration: 'Duration (ms): p50 dotted · p95 solid · p99 dashed' };

const DASH: Partial<Record<SeriesField, string>> = { p50Ms: '2 3', p99Ms: '6 3' };

function formatValue(kind: ChartKind, v: unknown): string {
  const n = typeof v === 'number' ? v : null;
  if (kind === 'success') return formatPercent(n === null ? null : n / 100);
  if (kind === 'traffic') return formatRate(n);
  return formatMs(n);
}

/** Five even ticks from a round floor (at most 90%) up to 100%, so small dips stay visible. */
function successTicks(values: (number | null)[]): number[] {
  const nums = values.filter((v): v is number => typeof v === 'number');
  const min = nums.length ? Math.min(...nums) : 100;
  const floor = Math.max(0, Math.min(90, Math.floor(min / 10) * 10));
  return [0, 1, 2, 3, 4].map((i) => floor + ((100 - floor) * i) / 4);
}

/** One metric of every version on shared axes, one colour per version (lib/ui/telemetry-charts.ts). */
export function VersionChart({ kind, versions, highlight }: { kind: ChartKind; versions: VersionSeries[]; highlight?: string }) {
  const { rows, series } = chartRows(versions, FIELDS[kind]);
  const names = versions.map((v) => v.version);
  const empty = !hasData(rows, series);
  const yTicks = kind === 'success' ? successTicks(rows.flatMap((r) => series.map((x) => r[x.key]))) : undefined;
  return (
    <figure className="min-w-0" data-testid={`chart-${kind}`} data-empty={empty}>
      <figcaption className="mb-1 text-[12px] font-semibold text-ink">{TITLES[kind]}</figcaption>
      <div className="relative h-[150px] w-full">
        {empty ? (
          <p className="flex h-full items-center justify-center rounded-[4px] border border-dashed border-line text-[12px] text-muted" data-testid={`chart-${kind}-empty`}>
            no traffic in this window
          </p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid stroke={CHART_GRID} vertical={false} />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatClock(t).slice(0, 5)} tick={CHART_TICK} stroke={CHART_AXIS_LINE} minTickGap={24} />
              <YAxis
                tick={CHART_TICK}
                stroke={CHART_AXIS_LINE}
                width={44}
                domain={yTicks ? [yTicks[0], 100] : [0, 'auto']}
                ticks={yTicks}
                allowDecimals={kind !== 'duration'}
              />
              <Tooltip
                labelFormatter={(t) => formatClock(Number(t))}
                formatter={(v, name) => [formatValue(kind, v), String(name)]}
                {...CHART_TOOLTIP}
              />
              <Legend {...CHART_LEGEND} />
              {series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.key}
                  type="monotone"
                  stroke={versionColor(names, s.version)}
                  strokeWidth={highlight && highlight !== s.version ? 1.2 : 2}
                  strokeDasharray={DASH[s.field]}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
