import type { ReleaseDetail } from '@/lib/ui/console-api';
import { phaseLabel, phaseTone, strategyLabel } from '@/lib/ui/release-format';
import { Card } from './card';
import { DetailList } from './detail-list';
import { Icon } from './icon';
import { StatusBadge } from './status-badge';
import { TimeAgo } from './time-ago';

/** Left column of the job detail: strategy, service, phase, conditions, drift warning. */
export function ReleaseSummaryCard({ job }: { job: ReleaseDetail }) {
  const syncing = job.observedGeneration < job.generation;
  return (
    <Card testId="release-summary">
      <div className="mb-4 flex items-center gap-3">
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-[4px] bg-ink text-white">
          <Icon name="grayscale" size={22} />
        </span>
        <div className="min-w-0">
          <h1 className="truncate text-[16px] font-semibold leading-6" data-testid="page-title">
            {job.name}
          </h1>
          <p className="text-[12px] text-muted">Release job</p>
        </div>
      </div>
      <DetailList
        items={[
          { label: 'Phase', value: <StatusBadge tone={phaseTone(job.phase)} label={job.deleting ? 'Deleting' : phaseLabel(job.phase)} testId="release-phase" /> },
          { label: 'Strategy', value: strategyLabel(job.strategy), testId: 'release-strategy' },
          { label: 'Service', value: job.service, testId: 'release-service' },
          { label: 'Versions', value: `${job.spec.baseline.version} → ${job.spec.candidate.version}` },
          ...(job.spec.takeOver ? [{ label: 'Taken over by', value: job.spec.takeOver, testId: 'release-takeover' }] : []),
          { label: 'Created', value: <TimeAgo iso={job.createdAt} /> },
          { label: 'Generation', value: `${job.observedGeneration}/${job.generation}${syncing ? ' (applying…)' : ''}` },
        ]}
      />
      {job.drifted ? (
        <p className="mt-4 flex items-start gap-2 rounded-[4px] border border-warning/40 bg-warning-soft px-3 py-2 text-[12px] text-ink-2" role="status" data-testid="release-drift">
          <Icon name="alert" size={14} className="mt-0.5 shrink-0 text-warning" />
          The managed routes of {job.service} were changed outside Graylane. The controller reports this instead of overwriting them; see the conditions below.
        </p>
      ) : null}
      <h2 className="mb-2 mt-5 border-t border-line-soft pt-4 text-[12px] font-semibold">Conditions</h2>
      {job.conditions.length === 0 ? (
        <p className="text-[12px] text-muted">The controller has not reported any conditions yet.</p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="release-conditions">
          {job.conditions.map((c) => (
            <li key={c.type} className="text-[12px]" data-testid="release-condition" data-type={c.type} data-status={c.status}>
              <span className="flex items-center gap-1.5">
                <span className={`h-2 w-2 rounded-full ${c.status === 'True' ? (c.type === 'Drifted' ? 'bg-warning' : 'bg-primary') : c.status === 'False' ? 'bg-subtle' : 'bg-warning'}`} aria-hidden="true" />
                <b className="font-semibold">{c.type}</b>
                <span className="text-muted">{c.status}{c.reason ? ` · ${c.reason}` : ''}</span>
              </span>
              {c.message ? <span className="block break-words pl-3.5 text-muted">{c.message}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
