'use client';

import { useState } from 'react';
import { progressActionRefusal, progressFinalReason, type ProgressAction, type ReleaseProgressiveView } from '@/lib/api/release-progress';
import type { ReleaseDetail } from '@/lib/ui/console-api';
import { Button } from '../button';
import { ConfirmDialog } from '../confirm-dialog';
import { useProgressAction } from './progress-api';

/**
 * Promote, Pause/Resume and Abort of a progressive job. Each is disabled with the reason the API
 * would give (viewer, final job, last step); Abort asks first. Sent with the generation shown, so
 * a decision made on a stale page is refused (409) and offered for reload.
 */
export function ProgressActions({ ns, job, view, deniedReason, onReload }: { ns: string; job: ReleaseDetail; view: ReleaseProgressiveView; deniedReason?: string; onReload: () => Promise<unknown> }) {
  const action = useProgressAction(ns, job);
  const [confirmAbort, setConfirmAbort] = useState(false);
  const state = { name: job.name, strategy: job.strategy, phase: job.phase, deleting: job.deleting, offline: job.spec.offline === true, takeOver: job.spec.takeOver || null, progressive: view };
  const why = (a: ProgressAction) => deniedReason ?? progressActionRefusal(state, a) ?? undefined;
  const pausedNow = view.paused || view.progress?.phase === 'paused';
  const toggle: ProgressAction = pausedNow ? 'resume' : 'pause';
  const final = progressFinalReason(state);
  // one sentence when one cause disables everything, else each refused action's own reason
  const reasons = deniedReason ? [deniedReason] : final ? [`Release job ${job.name} is final: ${final}.`] : [...new Set((['promote', toggle, 'abort'] as const).map(why).filter(Boolean))];
  const run = (a: ProgressAction) => action.mutate(a);
  const busy = action.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2" data-testid="analysis-actions">
        <Button onClick={() => run('promote')} disabled={busy || Boolean(why('promote'))} title={why('promote')} aria-describedby={why('promote') ? 'analysis-actions-reason' : undefined} data-testid="analysis-promote">
          Promote
        </Button>
        <Button onClick={() => run(toggle)} disabled={busy || Boolean(why(toggle))} title={why(toggle)} aria-describedby={why(toggle) ? 'analysis-actions-reason' : undefined} data-testid={`analysis-${toggle}`}>
          {pausedNow ? 'Resume' : 'Pause'}
        </Button>
        <Button onClick={() => setConfirmAbort(true)} disabled={busy || Boolean(why('abort'))} title={why('abort')} aria-describedby={why('abort') ? 'analysis-actions-reason' : undefined} className="text-danger" data-testid="analysis-abort">
          Abort
        </Button>
      </div>
      {reasons.length > 0 ? (
        <p id="analysis-actions-reason" className="max-w-[420px] text-right text-[12px] text-muted" data-testid="analysis-actions-reason">
          {reasons.join(' · ')}
        </p>
      ) : null}
      {confirmAbort ? (
        <ConfirmDialog
          title={`Abort release job ${job.name}?`}
          confirmLabel="Abort"
          pendingLabel="Aborting…"
          danger
          pending={action.isPending}
          error={action.error}
          testId="analysis-abort-dialog"
          onClose={() => {
            setConfirmAbort(false);
            action.reset();
          }}
          onReload={async () => {
            setConfirmAbort(false);
            action.reset();
            await onReload();
          }}
          onConfirm={() => action.mutate('abort', { onSuccess: () => setConfirmAbort(false) })}
        >
          <p>
            All traffic of <b>{job.service}</b> goes back to <b>{job.spec.baseline.version}</b> and the job ends as Failed. The {job.spec.candidate.version} Deployment is kept for inspection; delete the job to remove it.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
