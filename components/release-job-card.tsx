import Link from 'next/link';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { formatAge, orderedVersions, phaseLabel, phaseTone, replicasLabel, strategyLabel } from '@/lib/ui/release-format';
import { Icon } from './icon';
import { JobCardMetrics } from './release-metrics/job-card-metrics';
import { SplitBar } from './split-bar';
import { StatusBadge } from './status-badge';

/** A job in the Release Jobs list: strategy, service, both versions (ready/total, weight) and the phase. */
export function ReleaseJobCard({ ns, job }: { ns: string; job: ReleaseDetail }) {
  const versions = orderedVersions(job);
  const baseline = versions.find((v) => v.role === 'baseline') ?? { version: job.spec.baseline.version, weight: 100 };
  const candidate = versions.find((v) => v.role === 'candidate') ?? { version: job.spec.candidate.version, weight: 0 };
  return (
    <article className="flex min-w-0 flex-col rounded-[4px] border border-line bg-white shadow-card" data-testid="release-job-card" data-name={job.name} data-phase={job.phase}>
      <header className="flex items-start gap-3 border-b border-line-soft px-4 py-3">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-[4px] bg-ink text-white">
          <Icon name="grayscale" size={18} />
        </span>
        <div className="min-w-0 flex-1">
          <Link href={projectHref(ns, `grayscale/${encodeURIComponent(job.name)}`)} className="block truncate text-[14px] font-semibold leading-5 text-ink hover:text-primary-hover" data-testid="release-job-link">
            {job.name}
          </Link>
          <p className="truncate text-[12px] text-muted">
            {strategyLabel(job.strategy)} · service <b className="font-semibold text-ink-2">{job.service}</b> · {formatAge(job.createdAt)}
          </p>
        </div>
        <StatusBadge tone={phaseTone(job.phase)} label={job.deleting ? 'Deleting' : phaseLabel(job.phase)} testId="release-job-phase" />
      </header>
      <div className="flex flex-1 flex-col gap-3 px-4 py-3">
        <table className="w-full text-left text-[12px]">
          <thead className="sr-only">
            <tr>
              <th>Version</th>
              <th>Role</th>
              <th>Replicas ready</th>
              <th>Traffic</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid="release-job-version" data-version={v.version}>
                <td className="py-0.5 font-mono font-semibold">{v.version}</td>
                <td className="py-0.5 text-muted">{v.role === 'baseline' ? 'current' : 'new'}</td>
                <td className="py-0.5" data-testid="release-job-replicas">
                  {replicasLabel(v.readyReplicas, v.replicas)} ready
                </td>
                <td className="py-0.5 text-right font-semibold" data-testid="release-job-weight">
                  {v.weight}%
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <SplitBar baseline={baseline} candidate={candidate} testId="release-job-split" />
        <JobCardMetrics ns={ns} service={job.service} versions={versions.map((v) => v.version)} />
        {job.strategy === 'Mirror' && job.spec.traffic.mirrorPercent ? (
          <p className="text-[12px] text-muted">
            {job.spec.traffic.mirrorPercent}% of requests mirrored to {job.spec.candidate.version}
          </p>
        ) : null}
        {job.drifted ? (
          <p className="flex items-center gap-1.5 text-[12px] text-[#b7791f]">
            <Icon name="alert" size={14} /> Routes were changed outside Graylane
          </p>
        ) : null}
      </div>
    </article>
  );
}
