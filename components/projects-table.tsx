'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { projectHref } from '@/lib/ui/project-nav';
import type { ProjectsView } from '@/lib/ui/view-models';
import { EmptyState } from './empty-state';
import { Icon } from './icon';

const COLUMNS = ['Name', 'Status', 'Created'];

function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The projects list with a client-side name filter. */
export function ProjectsTable({ view }: { view: ProjectsView }) {
  const [query, setQuery] = useState('');
  const projects = useMemo(() => (view.state === 'ok' ? view.projects : []), [view]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? projects.filter((p) => p.name.includes(q) || p.displayName?.toLowerCase().includes(q)) : projects;
  }, [projects, query]);
  const searchable = view.state === 'ok' && projects.length > 0;

  return (
    <section className="rounded-[4px] border border-line bg-white shadow-card" data-testid="projects-table">
      <div className="flex flex-wrap items-center gap-2 border-b border-line-soft px-4 py-3">
        <label className="relative flex min-w-0 flex-1 basis-[200px] items-center">
          <span className="sr-only">Search projects by name</span>
          <Icon name="search" className="pointer-events-none absolute left-2.5 text-muted" />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            disabled={!searchable}
            placeholder="Search by name"
            className="h-8 w-full rounded-[4px] border border-line bg-white pl-8 pr-3 text-[12px] text-ink placeholder:text-subtle hover:border-subtle focus:border-info disabled:cursor-not-allowed disabled:bg-surface-2"
            data-testid="projects-search"
          />
        </label>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-[12px]">
          <thead>
            <tr className="bg-surface-2 text-muted">
              {COLUMNS.map((c) => (
                <th key={c} scope="col" className="whitespace-nowrap border-b border-line-soft px-4 py-2 font-semibold">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.name} className="border-b border-line-soft last:border-b-0 hover:bg-surface-2" data-testid="project-row">
                <td className="px-4 py-3">
                  <Link href={projectHref(p.name)} className="flex items-center gap-2.5 font-semibold text-ink hover:text-primary-hover">
                    <Icon name="project" size={20} strokeWidth={1.2} className="text-muted" />
                    <span className="min-w-0">
                      <span className="block truncate">{p.name}</span>
                      {p.displayName ? <span className="block truncate font-normal text-muted">{p.displayName}</span> : null}
                    </span>
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <span className="inline-flex items-center gap-1.5">
                    <span className={`h-2 w-2 rounded-full ${p.status === 'Active' ? 'bg-primary' : 'bg-warning'}`} aria-hidden="true" />
                    {p.status}
                  </span>
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-muted">{formatDate(p.createdAt)}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length}>
                  {view.state !== 'ok' ? (
                    <EmptyState icon="cluster" title={view.state === 'unreachable' ? 'Cluster unreachable' : 'Cluster not configured'} tone="warning">
                      {view.message}
                    </EmptyState>
                  ) : projects.length === 0 ? (
                    <EmptyState icon="project" title="No projects">
                      No namespaces in the cluster are visible to you. Ask an administrator to invite you to a project.
                    </EmptyState>
                  ) : (
                    <EmptyState icon="search" title="No matching projects">
                      No project name contains “{query.trim()}”. Clear the search to see all projects.
                    </EmptyState>
                  )}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
