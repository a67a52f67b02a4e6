'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { ApplicationView } from '@/lib/api/types';
import { consoleApi } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import { formatAge } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { usePermissions } from './auth/use-permissions';
import { DeploySampleDialog } from './deploy-sample-dialog';
import { EmptyState } from './empty-state';
import { Icon } from './icon';
import { SkeletonRows } from './page-skeleton';
import { PHONE_HIDDEN, ResourceTable } from './resource-table';
import { WorkloadStatusDot } from './workload-status';

const COLUMNS = ['Name', 'Status', 'Components', 'Versions', 'Created'];

function versionsOf(app: ApplicationView): string[] {
  return [...new Set(app.components.flatMap((c) => c.versions.map((v) => v.version || 'unlabelled')))].sort();
}

/** Application Workloads > Applications: the list, refreshing while anything is still starting. */
export function ApplicationsView({ ns }: { ns: string }) {
  // issue 7: deploying the sample needs the operator role; others see why the button is disabled.
  const perms = usePermissions(ns);
  const [deploying, setDeploying] = useState(false);
  const [search, setSearch] = useState('');
  const apps = useQuery({
    queryKey: queryKeys.applications.list(ns),
    queryFn: () => consoleApi.applications(ns),
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.status !== 'running') ? 1500 : 10_000),
  });
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const items = apps.data?.items ?? [];
    return q ? items.filter((a) => a.name.toLowerCase().includes(q)) : items;
  }, [apps.data, search]);
  const hasBookinfo = apps.data?.items.some((a) => a.name === 'bookinfo') ?? false;

  const deployButton = (testId: string) => (
    <Button variant="primary" onClick={() => setDeploying(true)} disabled={hasBookinfo || !perms.canOperate} title={hasBookinfo ? 'Bookinfo is already deployed in this project' : perms.canOperate ? undefined : perms.operateReason} data-testid={testId}>
      Deploy Sample Application
    </Button>
  );

  return (
    <>
      <ResourceTable
        columns={COLUMNS}
        testId="applications-table"
        hideOnPhone={['Versions', 'Created']}
        search={search}
        onSearch={setSearch}
        searchDisabledReason={apps.data && apps.data.items.length > 0 ? undefined : 'Nothing to search yet'}
        actions={deployButton('deploy-sample-button')}
        empty={
          apps.isPending ? (
            <SkeletonRows rows={4} label="Loading applications…" />
          ) : apps.isError ? (
            <div className="p-4">
              <ApiErrorNotice error={apps.error} action="Loading applications" onReload={() => apps.refetch()} />
            </div>
          ) : search ? (
            <EmptyState icon="search" title="No matching applications">
              No application name contains “{search}”.
            </EmptyState>
          ) : (
            <EmptyState icon="applications" title="No applications" action={deployButton('deploy-sample-empty-button')}>
              Applications deployed in this project appear here. Start with the Bookinfo sample: v1 of productpage, details, reviews and ratings.
            </EmptyState>
          )
        }
      >
        {rows.map((app) => (
          <tr key={app.name} className="border-b border-line-soft last:border-b-0 hover:bg-surface-2" data-testid="application-row" data-name={app.name}>
            <td className="px-4 py-3">
              <Link href={projectHref(ns, `applications/${encodeURIComponent(app.name)}`)} className="flex items-center gap-2.5 font-semibold text-ink hover:text-primary-hover" data-testid="application-link">
                <Icon name="applications" size={20} strokeWidth={1.2} className="text-muted" />
                <span className="min-w-0">
                  <span className="block truncate">{app.name}</span>
                  {app.version ? <span className="block font-normal text-muted">version {app.version}</span> : null}
                </span>
              </Link>
            </td>
            <td className="px-4 py-3">
              <WorkloadStatusDot status={app.status} testId="application-status" />
            </td>
            <td className="px-4 py-3">
              <span className="font-semibold" data-testid="application-component-count">{app.components.length}</span>
              <span className="hidden max-w-[260px] truncate text-muted sm:block" data-testid="application-components" title={app.components.map((c) => c.service ?? '(no service)').join(', ')}>
                {app.components.map((c) => c.service ?? '(no service)').join(', ')}
              </span>
            </td>
            <td className={`px-4 py-3 ${PHONE_HIDDEN}`}>
              <span className="flex flex-wrap gap-1">
                {versionsOf(app).map((v) => (
                  <span key={v} className="rounded-[2px] bg-page px-1.5 font-mono text-[11px] text-ink-2">
                    {v}
                  </span>
                ))}
              </span>
            </td>
            <td className={`whitespace-nowrap px-4 py-3 text-muted ${PHONE_HIDDEN}`}>{formatAge(app.createdAt)}</td>
          </tr>
        ))}
      </ResourceTable>
      {deploying ? <DeploySampleDialog ns={ns} onClose={() => setDeploying(false)} /> : null}
    </>
  );
}
