'use client';

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ClusterInfo, ProjectView } from '@/lib/api/types';
import { namespaceInjection } from '@/lib/mesh/membership';
import { apiFetch } from '@/lib/ui/api-client';
import { consoleApi } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { overviewClusterKey, releasesByPhase, serviceCounts, workloadCounts } from '@/lib/ui/project-overview';
import { queryKeys } from '@/lib/ui/query-keys';
import { phaseLabel, phaseTone } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { Card } from './card';
import { Skeleton } from './page-skeleton';
import { StatusBadge, StatusDot } from './status-badge';

/** One figure of the Resource Status card: loading, error, or the number with a line under it. */
function Figure<T>({ label, href, query, testId, render }: { label: string; href: string; query: UseQueryResult<T>; testId: string; render: (data: T) => { value: number; detail: ReactNode } }) {
  const shown = query.data === undefined ? undefined : render(query.data);
  return (
    <div className="rounded-[4px] border border-line-soft bg-surface-2 px-4 py-3" data-testid={testId}>
      <p className="text-[12px] font-semibold text-ink-2">
        <Link href={href} className="hover:text-primary-hover hover:underline">
          {label}
        </Link>
      </p>
      {query.isPending ? (
        // the figure's own size (number, two lines of detail): nothing moves when it arrives
        <div className="mt-0.5" role="status" data-testid={`${testId}-loading`} data-skeleton>
          <span className="sr-only">Loading…</span>
          <span className="flex h-8 items-center">
            <Skeleton className="h-6 w-10" />
          </span>
          <span className="flex h-5 items-center">
            <Skeleton className="h-3 w-[70%]" />
          </span>
          <span className="flex h-5 items-center">
            <Skeleton className="h-3 w-[50%]" />
          </span>
        </div>
      ) : shown ? (
        <>
          <p className="mt-0.5 text-[24px] font-semibold leading-8" data-testid={`${testId}-value`}>
            {shown.value}
          </p>
          <div className="text-[12px] text-ink-2" data-testid={`${testId}-detail`}>
            {shown.detail}
          </div>
        </>
      ) : (
        <div className="mt-1">
          <ApiErrorNotice error={query.error} action={`Counting ${label.toLowerCase()}`} testId={`${testId}-error`} />
        </div>
      )}
    </div>
  );
}

/** Cluster reachability and version from GET /api/cluster. */
function ClusterFact({ query }: { query: UseQueryResult<ClusterInfo> }) {
  if (query.isPending) return <span role="status">Checking…</span>;
  if (query.isError) return <ApiErrorNotice error={query.error} action="Checking the cluster" testId="overview-cluster-error" />;
  const c = query.data;
  if (!c.reachable) {
    return (
      <span className="flex flex-col gap-0.5">
        <StatusDot tone="danger" label="Unreachable" testId="overview-cluster-state" />
        <span className="break-words text-ink-2">{c.error ?? 'the Kubernetes API server did not answer'}</span>
      </span>
    );
  }
  return (
    <span className="flex flex-col gap-0.5">
      <StatusDot tone="success" label="Connected" testId="overview-cluster-state" />
      <span data-testid="overview-cluster-version">Kubernetes {c.version ?? '(version unknown)'}</span>
      <span className="break-all font-mono text-[11.5px] text-ink-2">{c.apiServer}</span>
      {!c.istio ? <span className="text-ink-2">Istio&apos;s networking API is not installed: releases cannot route traffic.</span> : null}
    </span>
  );
}

/** The namespace's sidecar injection, from its labels (GET /api/projects/{ns}). */
function MeshFact({ ns, query }: { ns: string; query: UseQueryResult<ProjectView> }) {
  if (query.isPending) return <span role="status">Checking…</span>;
  if (query.isError) return <ApiErrorNotice error={query.error} action="Reading the project" testId="overview-mesh-error" />;
  const mesh = namespaceInjection(ns, query.data.labels);
  const on = mesh.injection === 'enabled' || mesh.injection === 'revision';
  return (
    <span className="flex flex-col gap-0.5">
      <StatusDot tone={on ? 'success' : 'warning'} label={on ? 'In the mesh' : 'Not in the mesh'} testId="overview-mesh-state" />
      <span className="break-words text-ink-2" data-testid="overview-mesh-detail">
        {mesh.detail}
      </span>
    </span>
  );
}

/**
 * The project overview's live part: project information (cluster reachability and version, sidecar
 * injection) and resource status (services, workloads, release jobs by phase), each with its own
 * loading and error state so one slow API does not blank the page.
 */
export function ProjectOverview({ ns }: { ns: string }) {
  const cluster = useQuery({ queryKey: overviewClusterKey, queryFn: ({ signal }) => apiFetch<ClusterInfo>('/api/cluster', { signal, timeoutMs: 12_000 }), refetchInterval: 30_000 });
  const project = useQuery({ queryKey: queryKeys.projects.detail(ns), queryFn: ({ signal }) => apiFetch<ProjectView>(`/api/projects/${encodeURIComponent(ns)}`, { signal }) });
  const services = useQuery({ queryKey: queryKeys.services.list(ns), queryFn: () => consoleApi.services(ns), refetchInterval: 10_000 });
  const releases = useQuery({ queryKey: queryKeys.releases.list(ns), queryFn: () => consoleApi.releases(ns), refetchInterval: 10_000 });

  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
      <Card title="Project Information" testId="project-info">
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2.5 text-[12px]">
          <dt className="text-ink-2">Name</dt>
          <dd className="truncate font-semibold">{project.data?.displayName ? `${project.data.displayName} (${ns})` : ns}</dd>
          <dt className="text-ink-2">Type</dt>
          <dd>Kubernetes namespace{project.data ? `, ${project.data.status}` : ''}</dd>
          <dt className="text-ink-2">Cluster</dt>
          <dd data-testid="overview-cluster">
            <ClusterFact query={cluster} />
          </dd>
          <dt className="text-ink-2">Service mesh</dt>
          <dd data-testid="overview-mesh">
            <MeshFact ns={ns} query={project} />
          </dd>
        </dl>
      </Card>
      <Card title="Resource Status" testId="resource-status">
        {/* always the three figures, each loading in place (a spinner here was shorter than them) */}
        <div className="grid gap-3 sm:grid-cols-3">
            <Figure
              label="Services"
              href={projectHref(ns, 'services')}
              query={services}
              testId="overview-services"
              render={(d) => {
                const c = serviceCounts(d.items);
                return {
                  value: c.total,
                  detail: (
                    <>
                      <p>{c.releasing} being released</p>
                      <p className={c.outOfMesh > 0 ? 'font-semibold text-[#8a5a00]' : undefined}>{c.outOfMesh} not in the mesh</p>
                    </>
                  ),
                };
              }}
            />
            <Figure
              label="Workloads"
              href={projectHref(ns, 'workloads')}
              query={services}
              testId="overview-workloads"
              render={(d) => {
                const c = workloadCounts(d.items);
                return { value: c.total, detail: <p>{c.ready} with all replicas ready</p> };
              }}
            />
            <Figure
              label="Release Jobs"
              href={`${projectHref(ns, 'grayscale')}?tab=jobs`}
              query={releases}
              testId="overview-releases"
              render={(d) => {
                const phases = releasesByPhase(d.items);
                return {
                  value: d.items.length,
                  detail:
                    phases.length === 0 ? (
                      <p>none yet</p>
                    ) : (
                      <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Release jobs by phase">
                        {phases.map((p) => (
                          <li key={p.phase}>
                            <StatusBadge tone={p.phase === 'Deleting' ? 'warning' : phaseTone(p.phase)} label={`${p.phase === 'Deleting' ? 'Deleting' : phaseLabel(p.phase)} ${p.count}`} testId={`overview-phase-${p.phase}`} />
                          </li>
                        ))}
                      </ul>
                    ),
                };
              }}
            />
        </div>
      </Card>
    </div>
  );
}
