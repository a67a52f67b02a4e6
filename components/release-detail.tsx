'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useState, type ComponentType } from 'react';
import { isApiClientError } from '@/lib/ui/api-client';
import { consoleApi, type ReleaseDetail as Job } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import { isFinalPhase, offlineInfo, orderedVersions, releaseRefetchInterval } from '@/lib/ui/release-format';
import type { AnalysisPanel } from './analysis/analysis-panel';
import { ApiErrorNotice } from './api-error-notice';
import { BackLink } from './back-link';
import { Button, buttonClass } from './button';
import { Card } from './card';
import { ConfirmDialog } from './confirm-dialog';
import { DialogLoading } from './dialog-loading';
import { EmptyState } from './empty-state';
import { Icon } from './icon';
import { LoadingState } from './loading-state';
import { ReleaseHistory } from './release-history';
import { ReleaseMonitoring } from './release-metrics/release-monitoring';
import { ReleaseSummaryCard } from './release-summary-card';
import { ReleaseTrafficCard } from './release-traffic-card';
import { PermissionNote } from './auth/permission-note';
import { usePermissions } from './auth/use-permissions';
import { ReleaseVersionCard } from './release-version-card';
import { Tabs } from './tabs';
import { useLazyComponent } from './use-lazy-component';
import { useHydrated } from './use-hydrated';
import { useReleaseAction } from './use-release-action';

// Parts of the job detail that are not needed for its first paint load on demand (issue 10: the
// route's first-load JavaScript): the Edit dialog (the wizard's rules and editors) when Edit is
// pressed, its code fetched as soon as the pointer or the focus reaches the button; the YAML
// preview when its tab is opened; the analysis panel of progressive jobs (its schemas and
// evidence chart) once the job turns out to be progressive. The Monitoring charts load when their
// section comes into view (ReleaseMonitoring).
const JobEditDialog = dynamic(() => import('./job-edit-dialog').then((m) => m.JobEditDialog), { ssr: false, loading: () => <DialogLoading label="Opening Edit…" /> });
const preloadEditDialog = () => void import('./job-edit-dialog');
const ReleaseYaml = dynamic(() => import('./release-yaml').then((m) => m.ReleaseYaml), {
  ssr: false,
  loading: () => (
    <div className="p-4">
      <LoadingState label="Generating the preview…" />
    </div>
  ),
});
type AnalysisPanelProps = Parameters<typeof AnalysisPanel>[0];
const loadAnalysisPanel = () => import('./analysis/analysis-panel').then((m) => m.AnalysisPanel);

/** Stands in for the analysis panel if its code cannot be fetched: the rest of the job still works. */
function AnalysisPanelUnavailable() {
  return (
    <p className="rounded-[4px] border border-dashed border-line bg-white px-4 py-3 text-[12px] text-muted" data-testid="analysis-panel-unavailable">
      The progressive analysis could not be loaded. Reload the page to try again.
    </p>
  );
}

type Dialog = { kind: 'takeover'; version: string } | { kind: 'edit' } | { kind: 'restore' } | { kind: 'offline' } | { kind: 'delete' } | null;

/** Job detail: summary on the left; versions, traffic, actions, history and YAML on the right. Polls while the job can change. */
export function ReleaseDetail({ ns, name }: { ns: string; name: string }) {
  const job = useQuery({
    queryKey: queryKeys.releases.detail(ns, name),
    queryFn: () => consoleApi.release(ns, name),
    refetchInterval: (q) => (q.state.error ? false : releaseRefetchInterval(q.state.data)),
  });
  const back = <BackLink href={`${projectHref(ns, 'grayscale')}?tab=jobs`} label="Release Jobs" />;
  // a progressive job's page waits for its analysis panel's code, so it appears in one piece
  // instead of pushing the versions down when the panel arrives
  const progressive = Boolean(job.data?.progressive);
  const Analysis = useLazyComponent<AnalysisPanelProps>(loadAnalysisPanel, progressive, AnalysisPanelUnavailable);

  if (job.isPending || (progressive && !Analysis)) return <>{back}<Card><LoadingState label={`Loading release job ${name}…`} /></Card></>;
  if (job.isError && !job.data) {
    if (isApiClientError(job.error) && job.error.status === 404) {
      return (
        <>
          {back}
          <Card testId="release-not-found">
            <EmptyState icon="grayscale" title={`Release job ${name} not found`} action={<a href={`${projectHref(ns, 'grayscale')}?tab=jobs`} className={buttonClass('default')}>Back to Release Jobs</a>}>
              It was deleted, or never existed in project {ns}.
            </EmptyState>
          </Card>
        </>
      );
    }
    return <>{back}<ApiErrorNotice error={job.error} action={`Loading release job ${name}`} onReload={() => job.refetch()} /></>;
  }
  return (
    <>
      {back}
      <ReleaseDetailBody ns={ns} job={job.data} refetch={() => job.refetch()} staleError={job.isError ? job.error : null} Analysis={Analysis} />
    </>
  );
}

function ReleaseDetailBody({ ns, job, refetch, staleError, Analysis }: { ns: string; job: Job; refetch: () => Promise<unknown>; staleError: unknown; Analysis: ComponentType<AnalysisPanelProps> | undefined }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [tab, setTab] = useState('history');
  const hydrated = useHydrated();
  const name = job.name;
  const takeOver = useReleaseAction(ns, name, (version: string) => consoleApi.takeOver(ns, name, version), (v) => ({ doing: `Take over by ${v}`, done: `${v} takes over all traffic` }));
  const restore = useReleaseAction(ns, name, () => consoleApi.restore(ns, name), () => ({ doing: 'Restore', done: 'Restored the configured traffic split' }));
  const offline = useReleaseAction(ns, name, () => consoleApi.offline(ns, name), () => ({ doing: 'Job Offline', done: `Job going offline: keeping ${offlineInfo(job).keeps}` }));
  const remove = useReleaseAction(ns, name, () => consoleApi.deleteRelease(ns, name), () => ({ doing: 'Delete', done: `Release job ${name} is being deleted` }));

  const off = offlineInfo(job);
  // what the server would refuse anyway (issue 7): disabled here, with the reason shown
  const perms = usePermissions(ns);
  const denied = perms.canOperate ? undefined : perms.operateReason;
  const finished = isFinalPhase(job.phase) || job.deleting || job.spec.offline === true;
  const versions = orderedVersions(job);
  const close = () => {
    setDialog(null);
    takeOver.reset();
    restore.reset();
    offline.reset();
    remove.reset();
  };

  return (
    // The page arrives rendered with the job (issue 10): until its scripts have hydrated it, a click
    // or a key press on a control would be lost, so every control in it stays disabled until then
    // (users and tests alike wait for "enabled"); a disabled fieldset does that without a re-render
    // of each control. role=presentation: it groups nothing a screen reader should announce.
    <fieldset disabled={!hydrated} role="presentation" className="m-0 grid min-w-0 gap-3 border-0 p-0 lg:grid-cols-[300px_minmax(0,1fr)] lg:items-start" data-testid="release-detail" data-hydrated={hydrated}>
      <ReleaseSummaryCard job={job} />
      <div className="flex min-w-0 flex-col gap-3">
        {staleError ? <ApiErrorNotice error={staleError} action="Refreshing the job" onReload={refetch} /> : null}
        <PermissionNote reason={denied} />
        <section className="flex flex-wrap items-center gap-2 rounded-[4px] border border-line bg-white px-4 py-3 shadow-card" data-testid="release-actions">
          <p className="min-w-0 flex-1 basis-[260px] text-[12px] text-muted">
            {off.allowed ? (
              <>
                Job Offline keeps <b className="text-ink">{off.keeps}</b> and removes <b className="text-ink">{off.removes}</b>.
              </>
            ) : (
              <span data-testid="release-offline-reason">Job Offline unavailable: {off.reason ?? 'not possible now.'}</span>
            )}
          </p>
          <div className="ml-auto flex shrink-0 flex-wrap gap-2">
          {!finished ? (
            <Button onClick={() => setDialog({ kind: 'edit' })} onPointerEnter={preloadEditDialog} onFocus={preloadEditDialog} disabled={Boolean(denied)} title={denied} data-testid="release-edit">
              Edit
            </Button>
          ) : null}
          {job.spec.takeOver && !finished ? (
            <Button onClick={() => setDialog({ kind: 'restore' })} disabled={Boolean(denied)} title={denied} data-testid="release-restore">
              <Icon name="refresh" size={14} /> Restore
            </Button>
          ) : null}
          <Button variant="primary" disabled={!off.allowed || Boolean(denied)} title={denied} onClick={() => setDialog({ kind: 'offline' })} aria-describedby={off.allowed ? undefined : 'release-offline-reason'} data-testid="release-offline">
            Job Offline
          </Button>
          <Button onClick={() => setDialog({ kind: 'delete' })} disabled={job.deleting || Boolean(denied)} title={denied} className="text-danger" data-testid="release-delete">
            Delete
          </Button>
          </div>
        </section>
        {job.progressive && Analysis ? <Analysis ns={ns} job={job} view={job.progressive} deniedReason={denied} onReload={refetch} /> : null}
        <div className="grid gap-3 md:grid-cols-2" data-testid="release-versions">
          {versions.map((v) => (
            <ReleaseVersionCard
              key={v.version}
              version={v}
              takenOver={job.spec.takeOver === v.version}
              mirrorPercent={job.strategy === 'Mirror' ? job.spec.traffic.mirrorPercent : undefined}
              showActions={!isFinalPhase(job.phase)}
              takeOverDisabledReason={
                denied ?? (finished ? 'The job is going offline.' : job.spec.takeOver === v.version ? 'Already takes all traffic.' : v.readyReplicas < 1 ? 'No ready pods yet.' : undefined)
              }
              onTakeOver={() => setDialog({ kind: 'takeover', version: v.version })}
            />
          ))}
        </div>
        <ReleaseTrafficCard ns={ns} job={job} onReload={refetch} deniedReason={denied} />
        <ReleaseMonitoring ns={ns} job={job} />
        <section className="min-w-0 rounded-[4px] border border-line bg-white shadow-card">
          <Tabs
            tabs={[
              { id: 'history', label: `History (${job.history.length})` },
              { id: 'yaml', label: 'YAML' },
            ]}
            active={tab}
            onChange={setTab}
            testId="release-tabs"
          >
            {tab === 'history' ? <ReleaseHistory entries={job.history} /> : <ReleaseYaml ns={ns} name={name} generation={job.generation} />}
          </Tabs>
        </section>
      </div>

      {dialog?.kind === 'edit' ? <JobEditDialog ns={ns} job={job} onClose={close} onReload={refetch} /> : null}
      {dialog?.kind === 'takeover' ? (
        <ConfirmDialog
          title={`Take over with ${dialog.version}?`}
          confirmLabel="Take Over"
          pendingLabel={`Routing all traffic to ${dialog.version}…`}
          pending={takeOver.isPending}
          error={takeOver.error}
          testId="release-takeover-dialog"
          onClose={close}
          onReload={async () => {
            close();
            await refetch();
          }}
          onConfirm={() => takeOver.mutate(dialog.version, { onSuccess: close })}
        >
          <p>
            100% of <b>{job.service}</b> traffic goes to <b>{dialog.version}</b>; conditions and mirroring are suspended. Both versions keep running, and Restore returns to the configured split.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'restore' ? (
        <ConfirmDialog
          title="Restore the configured traffic?"
          confirmLabel="Restore"
          pendingLabel="Restoring…"
          pending={restore.isPending}
          error={restore.error}
          testId="release-restore-dialog"
          onClose={close}
          onConfirm={() => restore.mutate(undefined, { onSuccess: close })}
        >
          <p>
            {job.spec.takeOver} stops taking all traffic; {job.service} returns to {job.spec.candidate.version} {job.spec.traffic.candidateWeight}% / {job.spec.baseline.version} {100 - job.spec.traffic.candidateWeight}%
            {job.spec.traffic.match?.length ? ' with its conditions' : ''}.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'offline' ? (
        <ConfirmDialog
          title="Take the job offline?"
          confirmLabel="Job Offline"
          pendingLabel="Starting Job Offline…"
          danger
          pending={offline.isPending}
          error={offline.error}
          testId="release-offline-dialog"
          onClose={close}
          onReload={async () => {
            close();
            await refetch();
          }}
          onConfirm={() => offline.mutate(undefined, { onSuccess: close })}
        >
          <p data-testid="release-offline-summary">
            Keeps <b data-testid="release-offline-keeps">{off.keeps}</b> and removes <b data-testid="release-offline-removes">{off.removes}</b>.
          </p>
          <p className="mt-2">
            All traffic is routed to {off.keeps} first; only then is the {off.removes} Deployment deleted and its subset dropped, so no request fails. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete release job ${name}?`}
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          danger
          pending={remove.isPending}
          error={remove.error}
          testId="release-delete-dialog"
          onClose={close}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                close();
                router.push(`${projectHref(ns, 'grayscale')}?tab=jobs`);
              },
            })
          }
        >
          <p>
            {isFinalPhase(job.phase)
              ? 'The finished job record is removed; the running workloads are not touched.'
              : `An active job is rolled back safely: traffic returns to ${job.spec.takeOver || job.spec.baseline.version} and the other version is removed before the job disappears.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </fieldset>
  );
}
