'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { Strategy } from '@/lib/api/release-types';
import { importsApi, importsQueryKey } from '@/lib/kubesphere/import-client';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { isFinalPhase } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { usePermissions } from './auth/use-permissions';
import { Button } from './button';
import { DialogLoading } from './dialog-loading';
import { EmptyState } from './empty-state';
import { SkeletonRows } from './page-skeleton';
import { ReleaseJobCard } from './release-job-card';
import { ReleaseModeCard } from './release-mode-card';
import type { ReleaseMode } from './release-mode-illustration';
import { Tabs } from './tabs';

const MODES: { mode: ReleaseMode; strategy: Strategy; title: string; description: string }[] = [
  {
    mode: 'blue-green',
    strategy: 'BlueGreen',
    title: 'Blue-Green Deployment',
    description: 'Deploy the new version next to the old one, then switch all traffic at once. The old version stays up, so switching back is instant.',
  },
  {
    mode: 'canary',
    strategy: 'Canary',
    title: 'Canary Release',
    description: 'Send a share of traffic to the new version, by ratio or by request content such as headers, cookies, URI, OS or browser, and raise it step by step.',
  },
  {
    mode: 'mirror',
    strategy: 'Mirror',
    title: 'Traffic Mirroring',
    description: 'Copy live requests to the new version to test it with real traffic. Its responses are discarded, so users never see them.',
  },
];

// Loaded when needed, not with the page, so the job list's first load stays small (issue 10):
// the wizard (five steps, YAML preview, match and schedule editors, the yaml library) when a Create
// Job button is pressed; its code is fetched as soon as the pointer or the focus reaches a Create
// Job button, so it is usually there by the click or the Enter.
const ReleaseWizard = dynamic(() => import('./release-wizard').then((m) => m.ReleaseWizard), {
  ssr: false,
  loading: () => <DialogLoading label="Opening the Create Job wizard…" />,
});
const preloadWizard = () => void import('./release-wizard');
// the KubeSphere 3.x import entry brings the import contract and zod: loaded only on clusters that
// serve KubeSphere's Strategy API (it appears after that API's answer anyway)
const KubeSphereImportEntryView = dynamic(() => import('./kubesphere/import-entry').then((m) => m.KubeSphereImportEntry), { ssr: false });

/** Grayscale Release: the release modes (each opening the Create Job wizard) and the Release Jobs tab. */
export function GrayscaleView({ ns, initialTab = 'modes' }: { ns: string; initialTab?: 'modes' | 'jobs' }) {
  const [tab, setTab] = useState<string>(initialTab);
  const [creating, setCreating] = useState<Strategy | null>(null);
  // issue 7: only operators create jobs; others see the button disabled with the reason.
  const perms = usePermissions(ns);
  const jobs = useQuery({
    queryKey: queryKeys.releases.list(ns),
    queryFn: () => consoleApi.releases(ns),
    refetchInterval: (q) => (q.state.data?.items.some((j) => !isFinalPhase(j.phase) || j.deleting) ? 1500 : 5000),
  });
  const items = jobs.data?.items ?? [];
  const active = items.filter((j) => !isFinalPhase(j.phase)).length;

  return (
    <>
      <KubeSphereImportEntry ns={ns} />
      <section className="rounded-[4px] border border-line bg-white shadow-card">
        <Tabs
          tabs={[
            { id: 'modes', label: 'Release Modes' },
            {
              id: 'jobs',
              label: (
                <>
                  Release Jobs
                  <span className="rounded-full bg-page px-1.5 text-[11px] text-ink-2" data-testid="release-jobs-count">
                    {jobs.data ? items.length : '…'}
                  </span>
                </>
              ),
            },
          ]}
          active={tab}
          onChange={setTab}
          testId="grayscale-tabs"
        >
          {tab === 'modes' ? (
            <div className="grid gap-3 p-4 xl:grid-cols-3" data-testid="release-modes" onPointerEnter={preloadWizard} onFocus={preloadWizard}>
              {MODES.map((m) => (
                <ReleaseModeCard key={m.mode} mode={m.mode} title={m.title} description={m.description} disabledReason={perms.canOperate ? undefined : perms.operateReason} onCreate={() => setCreating(m.strategy)} />
              ))}
            </div>
          ) : (
            <div className="p-4" data-testid="release-jobs">
              {jobs.isPending ? <div className="rounded-[4px] border border-line"><SkeletonRows rows={3} label="Loading release jobs…" /></div> : null}
              {jobs.isError ? <ApiErrorNotice error={jobs.error} action="Loading release jobs" onReload={() => jobs.refetch()} testId="release-jobs-error" /> : null}
              {jobs.data && items.length === 0 ? (
                <EmptyState icon="grayscale" title="No release jobs" action={<Button variant="primary" onPointerEnter={preloadWizard} onFocus={preloadWizard} onClick={() => setCreating('Canary')}>Create Canary Job</Button>}>
                  Jobs created here or applied with kubectl as GrayscaleRelease objects are listed with their traffic split and status.
                </EmptyState>
              ) : null}
              {items.length > 0 ? (
                <>
                  <p className="mb-3 text-[12px] text-muted">
                    {active} active, {items.length - active} finished
                  </p>
                  <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3" data-testid="release-job-list">
                    {items.map((j) => (
                      <ReleaseJobCard key={j.name} ns={ns} job={j} />
                    ))}
                  </div>
                </>
              ) : null}
            </div>
          )}
        </Tabs>
      </section>
      {creating ? (
        <ReleaseWizard
          ns={ns}
          strategy={creating}
          onClose={() => setCreating(null)}
          onCreated={() => {
            setCreating(null);
            setTab('jobs');
            // the Create Job button that opened the wizard is gone with the modes tab, so the dialog
            // cannot hand the focus back to it: it goes to the Release Jobs tab, next to the new job
            requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="grayscale-tabs-jobs"]')?.focus());
          }}
        />
      ) : null}
    </>
  );
}

/**
 * The way into the KubeSphere 3.x import: shown only when the cluster serves KubeSphere's Strategy
 * API. Silent when the lookup fails (the import page itself reports errors), so the release page
 * never breaks over a migration aid.
 */
function KubeSphereImportEntry({ ns }: { ns: string }) {
  const imports = useQuery({ queryKey: importsQueryKey(ns), queryFn: () => importsApi.list(ns), staleTime: 30_000 });
  return imports.data?.available ? <KubeSphereImportEntryView ns={ns} list={imports.data} /> : null;
}
