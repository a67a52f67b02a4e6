'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LookRecord } from '@/lib/analysis';
import { metricTimeline, verdictBadge } from '@/lib/api/release-progress-format';
import { formatClock } from '@/lib/ui/telemetry-format';

const fmtPp = (v: unknown) => (typeof v === 'number' ? `${v >= 0 ? '+' : ''}${v.toFixed(2)} pp` : '—');

/**
 * How the evidence of one metric evolved over the looks: the interval's bounds and the effect
 * (pp) against 0 and the margin, with a dashed line where the verdict changed. A list of the
 * same changes follows for reading without the drawing.
 */
export function EvidenceTimeline({ history, metricId, margin, label }: { history: readonly LookRecord[]; metricId: string; margin: number; label: string }) {
  const points = metricTimeline(history, metricId);
  if (points.length === 0) return null;
  const changes = points.filter((p, i) => i === 0 || p.changed);
  const marginPp = margin * 100;
  const values = points.flatMap((p) => [p.lower, p.upper]).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values, -marginPp);
  const hi = Math.max(marginPp * 1.5, ...values);
  const domain: [number, number] = [Math.floor(lo), Math.ceil(hi)];
  return (
    <figure className="mt-3 min-w-0" data-testid="analysis-timeline" data-points={points.length}>
      <figcaption className="mb-1 text-[12px] font-semibold text-ink-2">
        Evidence over the looks ({points.length}) <span className="font-normal text-muted">· effect (solid) with the interval&apos;s upper (blue) and lower (red) bound, pp</span>
      </figcaption>
      <div className="h-[140px] w-full" role="img" aria-label={`${label}: interval bounds over ${points.length} looks; latest ${fmtPp(points.at(-1)?.lower)} to ${fmtPp(points.at(-1)?.upper)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -6 }}>
            <CartesianGrid stroke="#e3e9ef" vertical={false} />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatClock(t / 1000)} tick={{ fontSize: 10, fill: '#56657a' }} stroke="#ccd3db" minTickGap={36} />
            <YAxis domain={domain} allowDataOverflow tick={{ fontSize: 10, fill: '#56657a' }} stroke="#ccd3db" width={46} tickFormatter={(v: number) => `${v.toFixed(1)}`} />
            <Tooltip labelFormatter={(t) => formatClock(Number(t) / 1000)} formatter={(v, name) => [fmtPp(v), String(name)]} contentStyle={{ fontSize: 12, borderColor: '#ccd3db', borderRadius: 4 }} />
            <ReferenceLine y={0} stroke="#36435c" />
            <ReferenceLine y={marginPp} stroke="#ca2621" strokeDasharray="4 3" label={{ value: 'margin', position: 'insideTopRight', fontSize: 10, fill: '#ca2621' }} />
            {changes.slice(1).map((c) => (
              <ReferenceLine key={c.t} x={c.t} stroke="#79879c" strokeDasharray="4 3" label={{ value: c.verdict, position: 'insideTopLeft', fontSize: 10, fill: '#36435c' }} />
            ))}
            <Line dataKey="upper" name="upper bound" stroke="#1d6f9a" strokeDasharray="5 3" dot={{ r: 2 }} isAnimationActive={false} />
            <Line dataKey="effect" name="effect" stroke="#242e42" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            <Line dataKey="lower" name="lower bound" stroke="#ca2621" strokeDasharray="5 3" dot={{ r: 2 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-3 text-[11px] text-muted" aria-label="Verdict changes" data-testid="analysis-timeline-changes">
        {changes.map((c) => (
          <li key={c.t}>
            <span className="font-mono">{formatClock(c.t / 1000)}</span> {verdictBadge(c.verdict).title.toLowerCase()}
          </li>
        ))}
      </ul>
    </figure>
  );
}
