'use client';

import type { ReleaseProgressiveView } from '@/lib/api/release-progress';
import { currentRate, formatDuration, needMoreText, pauseState, pauseText, progressPhaseBadge, stepText, verdictBadge } from '@/lib/api/release-progress-format';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { formatClock } from '@/lib/ui/telemetry-format';
import { StatusBadge } from '../status-badge';
import { DecisionList } from './decision-list';
import { MetricCard } from './metric-card';
import { ProgressActions } from './progress-actions';
import { PromqlDisclosure } from './promql-disclosure';
import { ScheduleStrip } from './schedule-strip';
import { useNow } from './use-now';

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="text-[13px] font-semibold text-ink" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/**
 * The job detail's Analysis panel for a progressive job (issue 11): where the schedule stands,
 * the latest verdict with the rule that fired and every number behind it, the evidence over the
 * looks, the exact PromQL, the controller's decisions, and Promote / Pause / Resume / Abort.
 */
export function AnalysisPanel({ ns, job, view, deniedReason, onReload }: { ns: string; job: ReleaseDetail; view: ReleaseProgressiveView; deniedReason?: string; onReload: () => Promise<unknown> }) {
  const p = view.progress;
  const final = p?.phase === 'rolled-back' || p?.phase === 'completed' ? p.phase : null;
  const now = useNow(1000, !final);
  const verdict = p?.lastVerdict ?? null;
  const badge = verdict ? verdictBadge(verdict.verdict) : null;
  const phase = progressPhaseBadge(p?.phase ?? (view.paused ? 'paused' : 'running'));
  const pause = final ? null : pauseText(pauseState(view, now));
  const need = final ? null : needMoreText(verdict, currentRate(p));
  const nextLook = !final && p?.nextLookAt ? Date.parse(p.nextLookAt) - now : null;
  const versions = { baseline: job.spec.baseline.version, candidate: job.spec.candidate.version };
  const srm = verdict?.srm;

  return (
    <section className="min-w-0 rounded-[4px] border border-line bg-white shadow-card" data-testid="analysis-panel" data-phase={p?.phase ?? 'pending'} data-verdict={verdict?.verdict ?? 'none'}>
      <header className="flex min-h-11 flex-wrap items-center gap-2 border-b border-line-soft px-5 py-2">
        <h2 className="text-[14px] font-semibold leading-5">Analysis</h2>
        <StatusBadge tone={phase.tone} label={phase.title} testId="analysis-phase" />
        {badge ? <StatusBadge tone={badge.tone} label={badge.title} testId="analysis-verdict" /> : null}
        <div className="ml-auto">
          <ProgressActions ns={ns} job={job} view={view} deniedReason={deniedReason} onReload={onReload} />
        </div>
      </header>
      <div className="flex flex-col gap-4 p-5">
        {verdict ? (
          <div
            className={`rounded-[4px] border px-3 py-2 text-[12px] ${verdict.verdict === 'fail' || verdict.verdict === 'sample-ratio-mismatch' ? 'border-danger/40 bg-danger-soft' : verdict.verdict === 'pass' ? 'border-primary/40 bg-primary-soft' : 'border-line-soft bg-surface-2'}`}
            role="status"
            data-testid="analysis-message"
          >
            <p className="text-[13px] text-ink">{verdict.message}</p>
            <p className="mt-1 text-muted">
              Rule: <span className="font-mono" data-testid="analysis-rule">{verdict.rule}</span>
              {p?.lastLookAt ? <> · look at {formatClock(Date.parse(p.lastLookAt) / 1000)}</> : null}
              {verdict.requests ? (
                <>
                  {' '}· {verdict.requests.baseline.toLocaleString('en-US')} baseline and {verdict.requests.canary.toLocaleString('en-US')} canary requests in the window
                </>
              ) : null}
              {Number.isFinite(verdict.alpha.worse) && Number.isFinite(verdict.alpha.nonInferior) ? (
                <>
                  {' '}· levels α {verdict.alpha.worse.toPrecision(2)} (worse) / {verdict.alpha.nonInferior.toPrecision(2)} (within margin)
                </>
              ) : null}
            </p>
          </div>
        ) : (
          <p className="text-[12px] text-muted" data-testid="analysis-message">
            {!view.analysis ? 'No analysis configured: the steps advance on their pauses alone.' : p ? 'No look yet: the first one comes one interval after the step’s weight is applied.' : 'The controller has not started the schedule yet.'}
          </p>
        )}
        {p?.message && !(verdict && p.message.includes(verdict.message)) ? (
          <p className="text-[12px] text-ink-2" data-testid="analysis-planner">
            <span className="text-muted">Controller:</span> {p.message}
          </p>
        ) : null}
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4">
          <Fact label="Step" testId="analysis-step">{stepText(view)}</Fact>
          <Fact label="Weight applied" testId="analysis-weight">{p?.appliedWeight === null || p?.appliedWeight === undefined ? '—' : `${p.appliedWeight}%`}</Fact>
          <Fact label="Pause" testId="analysis-pause-state">{pause ?? (final ? 'schedule over' : '—')}</Fact>
          <Fact label="Next look" testId="analysis-next-look">{nextLook === null ? '—' : nextLook > 0 ? `in ${formatDuration(nextLook)}` : 'due now'}</Fact>
        </dl>
        <ScheduleStrip steps={view.steps} current={p?.stepIndex ?? null} final={final} />
        {need ? (
          <p className="text-[12px] font-semibold text-info" data-testid="analysis-need-more">
            {need[0].toUpperCase() + need.slice(1)}
          </p>
        ) : null}
        {srm ? (
          <p className={`text-[12px] ${srm.mismatch ? 'font-semibold text-danger' : 'text-ink-2'}`} data-testid="analysis-srm">
            Sample ratio: the canary received {(srm.observedShare * 100).toFixed(1)}% of requests, {(srm.expectedShare * 100).toFixed(0)}% configured (evidence {srm.eValue < 100 ? srm.eValue.toFixed(2) : srm.eValue.toExponential(1)} of {srm.threshold.toLocaleString('en-US')} for a mismatch).
          </p>
        ) : verdict && job.spec.traffic.match?.length ? (
          <p className="text-[12px] text-muted">Sample ratio not checked: requests matching conditions go to the canary whatever the weight.</p>
        ) : null}
        {verdict && verdict.metrics.length > 0 ? (
          <div className="flex flex-col gap-3" data-testid="analysis-metrics">
            {verdict.metrics.map((m) => (
              <MetricCard key={m.id} metric={m} history={p?.history ?? []} versions={versions} />
            ))}
          </div>
        ) : null}
        {view.analysis ? <PromqlDisclosure ns={ns} name={job.name} lastLookAt={p?.lastLookAt ?? null} /> : null}
        <div>
          <h3 className="mb-2 text-[12px] font-semibold">Decisions</h3>
          <DecisionList decisions={p?.decisions ?? []} />
        </div>
      </div>
    </section>
  );
}
