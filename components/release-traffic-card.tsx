'use client';

import { useState } from 'react';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { consoleApi } from '@/lib/ui/console-api';
import { configuredWeight, splitWeights } from '@/lib/ui/release-format';
import { ScheduleStrip } from './analysis/schedule-strip';
import { Button } from './button';
import { Card } from './card';
import { ConfirmDialog } from './confirm-dialog';
import { SplitBar } from './split-bar';
import { TrafficSlider } from './traffic-slider';
import { useReleaseAction } from './use-release-action';

/**
 * The job's traffic ratio: drag, then confirm. The PATCH carries the generation the slider was
 * based on, so a spec change by someone else in between is refused (409) and offered for reload;
 * the controller's status writes (which change resourceVersion) do not count as changes.
 */
/** `deniedReason`: the user may not change traffic (viewer); the slider and Apply stay disabled and say why. */
export function ReleaseTrafficCard({ ns, job, onReload, deniedReason }: { ns: string; job: ReleaseDetail; onReload: () => Promise<unknown>; deniedReason?: string }) {
  const configured = configuredWeight(job);
  const [draft, setDraft] = useState<{ weight: number; generation: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const value = draft?.weight ?? configured;
  const dirty = draft !== null && draft.weight !== configured;
  const apply = useReleaseAction(
    ns,
    job.name,
    (v: { weight: number; generation: number }) => consoleApi.patchRelease(ns, job.name, { generation: v.generation, candidateWeight: v.weight }),
    (v) => ({ doing: 'Changing the traffic', done: `Traffic set: ${job.spec.candidate.version} ${v.weight}%, ${job.spec.baseline.version} ${100 - v.weight}%` }),
  );
  const { baseline, candidate } = splitWeights(value);
  const locked = Boolean(deniedReason) || Boolean(job.spec.takeOver) || job.spec.offline || job.deleting || job.phase === 'Completed' || job.phase === 'Failed';
  const lockedReason = deniedReason
    ? deniedReason
    : job.deleting
    ? 'The job is being deleted.'
    : job.spec.offline || job.phase === 'Completing'
      ? 'The job is going offline.'
      : job.spec.takeOver
        ? `${job.spec.takeOver} has taken over all traffic; Restore returns to this split.`
        : undefined;

  if (job.phase === 'Completed' || job.phase === 'Failed') {
    const serving = job.versions.filter((v) => v.weight > 0).map((v) => `${v.version} ${v.weight}%`).join(', ');
    return (
      <Card title="Traffic" testId="release-traffic">
        <p className="text-[12px] text-ink-2" data-testid="release-traffic-final">
          The job is {job.phase === 'Completed' ? 'completed' : 'failed'}; traffic is no longer managed by it{serving ? ` (last applied: ${serving})` : ''}.
        </p>
      </Card>
    );
  }

  if (job.strategy === 'Mirror') {
    return (
      <Card title="Traffic" testId="release-traffic">
        <p className="text-[12px] text-ink-2">
          {job.spec.baseline.version} answers 100% of requests; {job.spec.traffic.mirrorPercent ?? 0}% are copied to {job.spec.candidate.version} and its responses discarded.
        </p>
      </Card>
    );
  }

  if (job.progressive && job.strategy === 'Canary') {
    // The schedule sets the weight step by step (issue 11): a free slider here would be overridden at the next step.
    const p = job.progressive.progress;
    const base = job.versions.find((v) => v.role === 'baseline');
    const cand = job.versions.find((v) => v.role === 'candidate');
    return (
      <Card title="Traffic (managed by the step schedule)" testId="release-traffic">
        <div className="flex flex-col gap-3" data-testid="release-traffic-schedule">
          <SplitBar baseline={{ version: job.spec.baseline.version, weight: base?.weight ?? 100 }} candidate={{ version: job.spec.candidate.version, weight: cand?.weight ?? 0 }} testId="release-traffic-split" />
          <ScheduleStrip steps={job.progressive.steps} current={p?.stepIndex ?? null} final={p?.phase === 'completed' || p?.phase === 'rolled-back' ? p.phase : null} testId="release-traffic-steps" />
          <p className="text-[12px] text-muted">
            {job.spec.takeOver
              ? `${job.spec.takeOver} has taken over all traffic.`
              : 'The controller moves the weight from step to step when the analysis allows it. Use Promote, Pause/Resume or Abort in the Analysis panel; Take Over on a version card still decides at once.'}
          </p>
        </div>
      </Card>
    );
  }

  return (
    <Card
      title={job.strategy === 'BlueGreen' ? 'Traffic (blue-green)' : job.spec.traffic.match?.length ? 'Traffic for requests matching no condition' : 'Traffic ratio'}
      testId="release-traffic"
      actions={
        <div className="flex gap-2">
          {dirty ? (
            <Button onClick={() => setDraft(null)} data-testid="release-traffic-reset">
              Reset
            </Button>
          ) : null}
          <Button variant="primary" disabled={!dirty || locked || apply.isPending} onClick={() => setConfirming(true)} data-testid="release-traffic-apply">
            {apply.isPending ? 'Applying…' : 'Apply'}
          </Button>
        </div>
      }
    >
      <TrafficSlider
        baselineVersion={job.spec.baseline.version}
        candidateVersion={job.spec.candidate.version}
        value={value}
        disabled={locked}
        onChange={(weight) => setDraft({ weight, generation: draft?.generation ?? job.generation })}
        label={`Drag to change the share of ${job.spec.candidate.version}; Apply asks before it changes anything`}
        testId="release-slider"
      />
      {lockedReason ? <p className="mt-2 text-[12px] text-muted" data-testid="release-traffic-locked">{lockedReason}</p> : null}
      {job.spec.traffic.match?.length ? (
        <p className="mt-2 text-[12px] text-muted">
          Requests matching any of the {job.spec.traffic.match.length} condition group{job.spec.traffic.match.length > 1 ? 's' : ''} always go to {job.spec.candidate.version}.
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Change the traffic split?"
          confirmLabel="Apply"
          pendingLabel="Applying the new split…"
          pending={apply.isPending}
          error={apply.error}
          testId="release-traffic-confirm"
          onClose={() => {
            setConfirming(false);
            apply.reset();
          }}
          onConfirm={() =>
            apply.mutate(
              { weight: value, generation: draft?.generation ?? job.generation },
              {
                onSuccess: () => {
                  setConfirming(false);
                  setDraft(null);
                },
              },
            )
          }
          onReload={async () => {
            apply.reset();
            setConfirming(false);
            setDraft(null);
            await onReload();
          }}
        >
          <p>
            Service <b>{job.service}</b> will send <b data-testid="release-traffic-confirm-candidate">{candidate}%</b> of its traffic to {job.spec.candidate.version} and <b>{baseline}%</b> to {job.spec.baseline.version}
            {' '}(now {configured}% / {100 - configured}%).
          </p>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}
