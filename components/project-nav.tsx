'use client';

import { IntentLink } from './intent-link';
import { usePathname } from 'next/navigation';
import { useId, useState } from 'react';
import { activeNavItemId, flatNavItems, projectHref, visibleNavGroups, type ProjectNavItem } from '@/lib/ui/project-nav';
import { useSession } from './auth/use-session';
import { Icon } from './icon';

/**
 * The project's left navigation column. Below the md breakpoint it collapses into a bar with a
 * "Menu" disclosure button so phones get the same links without horizontal scrolling.
 */
export function ProjectNav({ ns }: { ns: string }) {
  const pathname = usePathname() ?? '';
  const active = activeNavItemId(pathname, ns);
  const activeLabel = flatNavItems().find((i) => i.id === active)?.label;
  const [open, setOpen] = useState(false);
  const listId = useId();
  const { data: session } = useSession();
  const groups = visibleNavGroups(session ? { username: session.user, platformAdmin: session.platformAdmin, projects: session.projects } : undefined, ns);

  return (
    <nav aria-label="Project" className="rounded-[4px] border border-line bg-white shadow-card" data-testid="project-nav">
      <div className="flex items-center gap-3 border-b border-line-soft px-4 py-3 md:py-4">
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-[4px] bg-page text-ink-2">
          <Icon name="project" size={22} strokeWidth={1.2} />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-[14px] font-semibold leading-5" title={ns} data-testid="project-nav-name">
            {ns}
          </p>
          <p className="text-[12px] leading-4 text-muted">Project</p>
        </div>
        <button
          type="button"
          className="flex h-8 items-center gap-1.5 rounded-[4px] border border-line px-2.5 text-[12px] font-semibold text-ink hover:bg-surface-2 md:hidden"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((v) => !v)}
          data-testid="project-nav-toggle"
        >
          <Icon name={open ? 'close' : 'menu'} size={14} />
          <span className="max-w-[150px] truncate">{open ? 'Close' : (activeLabel ?? 'Menu')}</span>
        </button>
      </div>
      <div id={listId} className={`${open ? 'block' : 'hidden'} px-2 py-2 md:block`}>
        {groups.map((group, gi) =>
          group.label ? (
            <div key={group.label} className="mt-1">
              <p className="flex items-center gap-2 px-3 pb-1 pt-2 text-[12px] font-semibold text-muted">{group.label}</p>
              <ul>
                {group.items.map((item) => (
                  <NavLink key={item.id} ns={ns} item={item} active={item.id === active} nested onNavigate={() => setOpen(false)} />
                ))}
              </ul>
            </div>
          ) : (
            <ul key={gi} className="mt-0.5">
              {group.items.map((item) => (
                <NavLink key={item.id} ns={ns} item={item} active={item.id === active} onNavigate={() => setOpen(false)} />
              ))}
            </ul>
          ),
        )}
      </div>
    </nav>
  );
}

function NavLink({ ns, item, active, nested = false, onNavigate }: { ns: string; item: ProjectNavItem; active: boolean; nested?: boolean; onNavigate: () => void }) {
  return (
    <li>
      <IntentLink
        href={projectHref(ns, item.segment)}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
        data-testid={`project-nav-link-${item.id}`}
        className={`my-0.5 flex h-9 items-center gap-2.5 rounded-[4px] pr-3 text-[13px] transition-colors ${nested ? 'pl-6' : 'pl-3'} ${
          active ? 'bg-primary-soft font-semibold text-primary-hover' : 'text-ink hover:bg-page hover:text-primary-hover'
        }`}
      >
        <Icon name={item.icon} className={active ? 'text-primary' : 'text-muted'} />
        <span className="truncate">{item.label}</span>
      </IntentLink>
    </li>
  );
}
