'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { consoleApi } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import { replicasLabel } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { EmptyState } from './empty-state';
import { Icon } from './icon';
import { SkeletonRows } from './page-skeleton';
import { PHONE_HIDDEN, ResourceTable } from './resource-table';
import { PodDots, WorkloadStatusDot } from './workload-status';

const COLUMNS = ['Name', 'Application', 'Versions', 'Release Job'];

/** Services with their versions (the Deployments each selects), refreshing while any is updating. */
export function ServicesView({ ns }: { ns: string }) {
  const [search, setSearch] = useState('');
  const services = useQuery({
    queryKey: queryKeys.services.list(ns),
    queryFn: () => consoleApi.services(ns),
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.versions.some((v) => v.status !== 'running')) ? 1500 : 5000),
  });
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const items = services.data?.items ?? [];
    return q ? items.filter((s) => s.name.includes(q) || (s.app ?? '').toLowerCase().includes(q)) : items;
  }, [services.data, search]);

  return (
    <ResourceTable
      columns={COLUMNS}
      testId="services-table"
      hideOnPhone={['Application']}
      search={search}
      onSearch={setSearch}
      searchDisabledReason={services.data && services.data.items.length > 0 ? undefined : 'Nothing to search yet'}
      empty={
        services.isPending ? (
          <SkeletonRows rows={4} label="Loading services…" />
        ) : services.isError ? (
          <div className="p-4">
            <ApiErrorNotice error={services.error} action="Loading services" onReload={() => services.refetch()} />
          </div>
        ) : search ? (
          <EmptyState icon="search" title="No matching services">No service or application name contains “{search}”.</EmptyState>
        ) : (
          <EmptyState icon="services" title="No services">
            Services appear here with their versions once an application is deployed in this project.
          </EmptyState>
        )
      }
    >
      {rows.map((s) => (
        <tr key={s.name} className="border-b border-line-soft align-top last:border-b-0 hover:bg-surface-2" data-testid="service-row" data-name={s.name}>
          <td className="px-4 py-3">
            <span className="flex items-center gap-2.5">
              <Icon name="services" size={20} strokeWidth={1.2} className="shrink-0 text-muted" />
              <span className="min-w-0">
                <span className="block font-semibold">{s.name}</span>
                <span className="block text-muted">{s.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'no ports'}</span>
                {s.inMesh === false ? (
                  <span className="mt-1 block text-[12px] text-[#8a5a00]" data-testid="service-not-in-mesh">
                    Not in the mesh: {s.notInMeshReason}
                  </span>
                ) : null}
              </span>
            </span>
          </td>
          <td className={`px-4 py-3 ${PHONE_HIDDEN}`}>
            {s.app ? (
              <Link href={projectHref(ns, `applications/${encodeURIComponent(s.app)}`)} className="text-info hover:underline">
                {s.app}
              </Link>
            ) : (
              <span className="text-muted">-</span>
            )}
          </td>
          <td className="px-4 py-3">
            {s.versions.length === 0 ? (
              <span className="text-muted">No workloads</span>
            ) : (
              <ul className="flex flex-col gap-1.5" data-testid="service-versions">
                {s.versions.map((v) => (
                  <li key={v.deployment} className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="service-version" data-version={v.version}>
                    <span className="w-[44px] font-mono font-semibold">{v.version || '—'}</span>
                    <WorkloadStatusDot status={v.status} />
                    <span className="text-muted">{replicasLabel(v.readyReplicas, v.replicas)}</span>
                    <PodDots pods={v.pods} />
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td className="px-4 py-3">
            {s.activeRelease ? (
              <Link href={projectHref(ns, `grayscale/${s.activeRelease}`)} className="font-semibold text-info hover:underline" data-testid="service-release">
                {s.activeRelease}
              </Link>
            ) : (
              <span className="text-muted">-</span>
            )}
          </td>
        </tr>
      ))}
    </ResourceTable>
  );
}
