import type { LookRecord, MetricExplanation } from '@/lib/analysis';
import { formatEffect, formatRatePct } from '@/lib/api/release-progress-format';
import { formatMs } from '@/lib/ui/telemetry-format';
import { StatusBadge } from '../status-badge';
import { EvidenceMeter } from './evidence-meter';
import { EvidenceTimeline } from './evidence-timeline';
import { IntervalBar } from './interval-bar';

const STATUS_TONE = { pass: 'success', fail: 'danger', inconclusive: 'info', 'no-data': 'neutral' } as const;
const STATUS_LABEL = { pass: 'within margin', fail: 'worse', inconclusive: 'undecided', 'no-data': 'no data' } as const;

function badLabel(id: string): string {
  if (id.startsWith('error-rate')) return 'Errors';
  const slow = /^slow-fraction-(.+)ms$/.exec(id);
  if (slow) return `Slower than ${slow[1]} ms`;
  return 'Bad events';
}

const int = (n: number | undefined) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));

/**
 * One metric of the latest look with every number its decision used: counts and rates per
 * version, the effect and its always-valid interval against 0 and the margin, both e-values
 * against their thresholds, the detectable effect, p95 (for reading only) and its timeline.
 */
export function MetricCard({ metric, history, versions }: { metric: MetricExplanation; history: readonly LookRecord[]; versions: { baseline: string; candidate: string } }) {
  const rows = [
    { role: 'baseline', version: versions.baseline, arm: metric.baseline },
    { role: 'canary', version: versions.candidate, arm: metric.canary },
  ] as const;
  return (
    <article className="min-w-0 rounded-[4px] border border-line-soft p-4" data-testid="analysis-metric" data-metric={metric.id} data-status={metric.status}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-[13px] font-semibold">{metric.label}</h3>
        <StatusBadge tone={STATUS_TONE[metric.status]} label={STATUS_LABEL[metric.status]} testId="analysis-metric-status" />
        <span className="text-[12px] text-muted">margin {formatEffect(metric.margin)}</span>
      </header>
      <p className="mt-1 text-[12px] text-ink-2" data-testid="analysis-metric-reason">
        {metric.reason}
      </p>
      <div className="mt-3 grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <table className="w-full text-[12px]" data-testid="analysis-metric-counts">
          <caption className="sr-only">Counts of {metric.label} per version over the analysis window</caption>
          <thead>
            <tr className="text-left text-muted">
              <th scope="col" className="py-1 pr-2 font-normal">Version</th>
              <th scope="col" className="py-1 pr-2 text-right font-normal">Requests</th>
              <th scope="col" className="py-1 pr-2 text-right font-normal">{badLabel(metric.id)}</th>
              <th scope="col" className="py-1 text-right font-normal">Rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.role} className="border-t border-line-soft" data-testid="analysis-metric-row" data-role={r.role}>
                <th scope="row" className="whitespace-nowrap py-1 pr-2 text-left font-semibold">
                  {r.version} <span className="font-normal text-muted">{r.role}</span>
                </th>
                <td className="py-1 pr-2 text-right font-mono">{int(r.arm?.total)}</td>
                <td className="py-1 pr-2 text-right font-mono">{int(r.arm?.bad)}</td>
                <td className="whitespace-nowrap py-1 text-right font-mono" data-testid="analysis-metric-rate">{formatRatePct(r.arm?.rate)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-line">
              <th scope="row" className="py-1 pr-2 text-left font-semibold" colSpan={3}>
                Effect (canary − baseline)
              </th>
              <td className="whitespace-nowrap py-1 text-right font-mono font-semibold" data-testid="analysis-metric-effect">{formatEffect(metric.effect)}</td>
            </tr>
          </tfoot>
        </table>
        <div className="flex min-w-0 flex-col gap-3">
          <IntervalBar metric={metric} />
          {metric.evidence ? (
            <div className="grid gap-3">
              <EvidenceMeter label="Evidence: canary worse" hint="rolls back when it reaches its threshold" eValue={metric.evidence.worse.eValue} threshold={metric.evidence.worse.threshold} tone="danger" testId="analysis-evidence-worse" />
              <EvidenceMeter label="Evidence: within margin" hint="may pass when it reaches its threshold" eValue={metric.evidence.nonInferior.eValue} threshold={metric.evidence.nonInferior.threshold} tone="success" testId="analysis-evidence-noninferior" />
            </div>
          ) : null}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[12px] sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-muted">Detectable effect now</dt>
        <dd className="font-mono" data-testid="analysis-metric-detectable">{formatEffect(metric.detectableEffect)}</dd>
        <dt className="text-muted">Requests to decide</dt>
        <dd className="font-mono">{metric.moreRequests === null ? 'unknown at these rates' : metric.moreRequests === 0 ? 'decided' : `${int(metric.moreRequests)} more`}</dd>
        {metric.p95 ? (
          <>
            <dt className="text-muted">p95 (for reading, not deciding)</dt>
            <dd className="font-mono sm:col-span-3" data-testid="analysis-metric-p95">
              {versions.baseline} {formatMs(metric.p95.baseline)} · {versions.candidate} {formatMs(metric.p95.canary)}
            </dd>
          </>
        ) : null}
      </dl>
      <EvidenceTimeline history={history} metricId={metric.id} margin={metric.margin} label={metric.label} />
    </article>
  );
}
