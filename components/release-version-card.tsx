'use client';

import type { ReleaseVersionView } from '@/lib/api/release-types';
import { replicasLabel } from '@/lib/ui/release-format';
import { Button } from './button';
import { PodDots } from './workload-status';

/** One version of a job: workload, pods, traffic share, and Take Over. */
export function ReleaseVersionCard({
  version,
  takenOver,
  mirrorPercent,
  takeOverDisabledReason,
  showActions = true,
  onTakeOver,
}: {
  version: ReleaseVersionView;
  takenOver: boolean;
  mirrorPercent?: number;
  takeOverDisabledReason?: string;
  /** false once the job is finished: nothing left to take over */
  showActions?: boolean;
  onTakeOver: () => void;
}) {
  const candidate = version.role === 'candidate';
  const reasonId = `takeover-reason-${version.version}`;
  return (
    <article
      className={`flex flex-col rounded-[4px] border bg-white shadow-card ${candidate ? 'border-primary/60' : 'border-line'}`}
      data-testid="release-version-card"
      data-version={version.version}
      data-role={version.role}
    >
      <header className="flex items-center gap-2 border-b border-line-soft px-4 py-2.5">
        <span className={`h-3 w-3 rounded-sm ${candidate ? 'bg-primary' : 'bg-ink-2'}`} aria-hidden="true" />
        <h3 className="font-mono text-[14px] font-semibold" data-testid="release-version-name">
          {version.version}
        </h3>
        <span className="text-[12px] text-muted">{candidate ? 'new version' : 'current version'}</span>
        {takenOver ? <span className="ml-auto rounded-full bg-primary-soft px-2 text-[11px] font-semibold text-primary-hover">takes all traffic</span> : null}
      </header>
      <div className="flex flex-1 flex-col gap-3 px-4 py-3 text-[12px]">
        <div className="flex items-end justify-between gap-3">
          <div>
            <p className="text-muted">Traffic</p>
            <p className="text-[24px] font-semibold leading-8" data-testid="release-version-weight">
              {version.weight}%
            </p>
            {mirrorPercent !== undefined && candidate ? <p className="text-muted">+ {mirrorPercent}% mirrored copies</p> : null}
          </div>
          <div className="text-right">
            <p className="text-muted">Replicas ready</p>
            <p className="text-[16px] font-semibold leading-6" data-testid="release-version-replicas">
              {replicasLabel(version.readyReplicas, version.replicas)}
            </p>
          </div>
        </div>
        <div>
          <p className="text-muted">Workload</p>
          <p className="break-all font-semibold" data-testid="release-version-workload">
            {version.workload ?? <span className="font-normal text-muted">{candidate ? 'not created yet' : 'removed'}</span>}
          </p>
          {Object.entries(version.images).map(([c, img]) => (
            <p key={c} className="break-all text-muted">
              {c}: {img}
            </p>
          ))}
        </div>
        <div>
          <p className="mb-1 text-muted">Pods</p>
          <PodDots pods={version.pods} testId="release-version-pods" />
        </div>
      </div>
      {showActions ? (
      <footer className="flex items-center justify-between gap-2 border-t border-line-soft px-4 py-2.5">
        {takeOverDisabledReason ? (
          <span id={reasonId} className="text-[12px] text-muted">
            {takeOverDisabledReason}
          </span>
        ) : (
          <span className="text-[12px] text-muted">Send 100% of traffic here</span>
        )}
        <Button onClick={onTakeOver} disabled={Boolean(takeOverDisabledReason)} aria-describedby={takeOverDisabledReason ? reasonId : undefined} data-testid="release-version-takeover">
          Take Over
        </Button>
      </footer>
      ) : null}
    </article>
  );
}
