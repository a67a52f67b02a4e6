'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { apiFetch, describeApiError, isApiClientError } from '@/lib/ui/api-client';
import { isValidProjectName, projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import type { ListResponse, ProjectView } from '@/lib/api/types';
import { useSession } from './auth/use-session';
import { Icon } from './icon';
import { useDismiss } from './use-dismiss';

function currentProject(pathname: string): string | undefined {
  const m = /^\/projects\/([^/]+)/.exec(pathname);
  const ns = m ? decodeURIComponent(m[1]) : undefined;
  return ns && isValidProjectName(ns) ? ns : undefined;
}

/** Top-bar project picker; loads `GET /api/projects` the first time it opens. */
export function ProjectSwitcher() {
  const pathname = usePathname() ?? '/';
  const { data: session } = useSession();
  // The project in the URL is named only once the session shows the user may see it: a hidden
  // project answers "Project not found" and the top bar must not echo its name either.
  const inUrl = currentProject(pathname);
  const current = inUrl && session && (session.open || session.platformAdmin || inUrl in session.projects) ? inUrl : undefined;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useDismiss(open, () => setOpen(false), box, trigger);

  const projects = useQuery({
    queryKey: queryKeys.projects.list(),
    queryFn: ({ signal }) => apiFetch<ListResponse<ProjectView>>('/api/projects', { signal }),
    enabled: open,
  });

  return (
    <div ref={box} className="relative min-w-0">
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 min-w-0 max-w-full items-center gap-2 rounded-[4px] px-2.5 text-left text-white/90 hover:bg-white/10"
        data-testid="project-switcher"
      >
        <Icon name="project" className="shrink-0 text-white/60" />
        <span className="min-w-0">
          <span className="block text-[10px] uppercase leading-3 tracking-wide text-white/75">Project</span>
          <span className="block truncate text-[13px] font-semibold leading-4">{current ?? 'Select a project'}</span>
        </span>
        <Icon name="chevronDown" size={14} className="shrink-0 text-white/60" />
      </button>
      {open ? (
        <div id={menuId} className="absolute left-0 top-full z-30 mt-1 w-[260px] max-w-[calc(100vw-24px)] rounded-[4px] border border-line bg-white py-1 text-ink shadow-pop" data-testid="project-switcher-menu">
          <p className="px-3 pb-1 pt-1.5 text-[11px] font-semibold uppercase tracking-wide text-muted">Switch project</p>
          <SwitcherBody state={projects} current={current} onPick={() => setOpen(false)} />
          <div className="mt-1 border-t border-line-soft pt-1">
            <Link href="/projects" onClick={() => setOpen(false)} className="flex items-center justify-between px-3 py-2 text-[12px] font-semibold text-info hover:bg-page">
              View all projects
              <Icon name="chevronRight" size={14} />
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function SwitcherBody({ state, current, onPick }: { state: ReturnType<typeof useQuery<ListResponse<ProjectView>>>; current?: string; onPick: () => void }) {
  if (state.isPending) return <p className="px-3 py-2 text-[12px] text-muted">Loading projects…</p>;
  if (state.isError) {
    const err = state.error;
    const text = isApiClientError(err) && err.status === 503 ? err.message : describeApiError(err).detail;
    return (
      <p className="flex gap-2 px-3 py-2 text-[12px] text-muted" data-testid="project-switcher-message">
        <Icon name="info" className="mt-0.5 shrink-0 text-warning" />
        <span>{text}</span>
      </p>
    );
  }
  const items = state.data.items;
  if (items.length === 0) return <p className="px-3 py-2 text-[12px] text-muted" data-testid="project-switcher-message">No projects are visible to you.</p>;
  return (
    <ul className="max-h-[320px] overflow-y-auto">
      {items.map((p) => (
        <li key={p.name}>
          <Link
            href={projectHref(p.name)}
            onClick={onPick}
            aria-current={p.name === current ? 'page' : undefined}
            className={`block truncate px-3 py-2 text-[12px] hover:bg-page ${p.name === current ? 'font-semibold text-primary-hover' : ''}`}
          >
            {p.displayName ? `${p.displayName} (${p.name})` : p.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
