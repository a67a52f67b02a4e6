import { formatPp, type MetricExplanation } from '@/lib/analysis';
import { intervalGeometry } from '@/lib/api/release-progress-format';

const BAR: Record<MetricExplanation['status'], string> = {
  fail: 'bg-danger',
  pass: 'bg-primary',
  inconclusive: 'bg-info',
  'no-data': 'bg-subtle',
};

/**
 * The effect with its always-valid interval on one axis with 0 and the margin marked: an interval
 * wholly right of 0 is "worse" (roll back), wholly left of the margin is "within the margin"
 * (may pass). The same numbers are written out for readers who do not read the drawing.
 */
export function IntervalBar({ metric }: { metric: MetricExplanation }) {
  const g = intervalGeometry(metric);
  if (!g || !metric.interval) return <p className="text-[12px] text-muted">No interval yet.</p>;
  const { lower, upper, confidence } = metric.interval;
  const text = `effect ${metric.effect === null ? 'unknown' : formatPp(metric.effect)}, ${(confidence * 100).toFixed(1)}% always-valid interval ${formatPp(lower)} to ${formatPp(upper)}, against 0 and the margin ${formatPp(metric.margin)}`;
  return (
    <figure className="min-w-0" data-testid="analysis-interval" data-lower={lower} data-upper={upper}>
      <div className="relative mx-1 mb-4 mt-4 h-7" role="img" aria-label={text}>
        {/* worse-than-margin zone */}
        <span className="absolute inset-y-2 rounded-r-sm bg-danger-soft" style={{ left: `${g.margin}%`, right: 0 }} aria-hidden="true" />
        <span className="absolute inset-x-0 top-1/2 h-px bg-line" aria-hidden="true" />
        <span className="absolute inset-y-0 w-px bg-ink-2" style={{ left: `${g.zero}%` }} aria-hidden="true" />
        <span className="absolute -bottom-3.5 -translate-x-1/2 text-[10px] text-muted" style={{ left: `${g.zero}%` }} aria-hidden="true">
          0
        </span>
        <span className="absolute inset-y-0 border-l border-dashed border-danger" style={{ left: `${g.margin}%` }} aria-hidden="true" />
        <span className={`absolute -top-4 whitespace-nowrap text-[10px] text-danger ${g.margin > 70 ? '-translate-x-full' : g.margin < 15 ? '' : '-translate-x-1/2'}`} style={{ left: `${g.margin}%` }} aria-hidden="true">
          margin {formatPp(metric.margin, 1)}
        </span>
        <span className={`absolute top-1/2 h-2 -translate-y-1/2 rounded-full ${BAR[metric.status]}`} style={{ left: `${g.lower}%`, width: `${Math.max(0.8, g.upper - g.lower)}%` }} aria-hidden="true" />
        {g.effect !== null ? <span className="absolute top-1/2 h-3.5 w-3.5 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-ink shadow" style={{ left: `${g.effect}%` }} aria-hidden="true" /> : null}
      </div>
      <figcaption className="mt-1 text-[11px] text-muted">
        {(confidence * 100).toFixed(1)}% always-valid interval <b className="font-mono text-ink-2">{formatPp(lower)}</b> … <b className="font-mono text-ink-2">{formatPp(upper)}</b>
        {lower > 0 ? ' — wholly above 0: worse' : upper < metric.margin ? ' — wholly below the margin: within it' : ' — contains 0 or reaches the margin: undecided'}
      </figcaption>
    </figure>
  );
}
