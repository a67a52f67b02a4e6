/**
 * The project navigation model (DESIGN.md "Look": Overview; Application Workloads: Applications,
 * Services, Workloads; Grayscale Release; Traffic Monitoring; Tracing; then, as in KubeSphere,
 * Project Settings: Project Members). Pure so that the active item and visibility rules are
 * unit-tested.
 */

import { decide } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/roles';

export type ProjectNavIcon = 'overview' | 'applications' | 'services' | 'workloads' | 'grayscale' | 'traffic' | 'tracing' | 'user';

export interface ProjectNavItem {
  id: string;
  label: string;
  /** Path below `/projects/{ns}`; '' is the overview. */
  segment: string;
  icon: ProjectNavIcon;
  /** shown only to those the permission matrix lets list this console resource in the project */
  requires?: 'members';
}

export interface ProjectNavGroup {
  /** Undefined for items that stand alone at the top level. */
  label?: string;
  items: ProjectNavItem[];
}

export const PROJECT_NAV: readonly ProjectNavGroup[] = [
  { items: [{ id: 'overview', label: 'Overview', segment: '', icon: 'overview' }] },
  {
    label: 'Application Workloads',
    items: [
      { id: 'applications', label: 'Applications', segment: 'applications', icon: 'applications' },
      { id: 'services', label: 'Services', segment: 'services', icon: 'services' },
      { id: 'workloads', label: 'Workloads', segment: 'workloads', icon: 'workloads' },
    ],
  },
  { items: [{ id: 'grayscale', label: 'Grayscale Release', segment: 'grayscale', icon: 'grayscale' }] },
  { items: [{ id: 'traffic', label: 'Traffic Monitoring', segment: 'traffic', icon: 'traffic' }] },
  { items: [{ id: 'tracing', label: 'Tracing', segment: 'tracing', icon: 'tracing' }] },
  { label: 'Project Settings', items: [{ id: 'members', label: 'Project Members', segment: 'members', icon: 'user', requires: 'members' }] },
];

/**
 * The groups a user sees: items with `requires` only when the principal may list that resource in
 * the project (lib/auth/permissions.ts, the matrix the API enforces); while the session is unknown
 * (`undefined`) such items stay hidden rather than flash in and out. Empty groups are dropped.
 */
export function visibleNavGroups(principal: Principal | undefined, ns: string): ProjectNavGroup[] {
  const allowed = (item: ProjectNavItem) => !item.requires || (principal !== undefined && decide(principal, { verb: 'list', resource: item.requires, namespace: ns }).allowed);
  return PROJECT_NAV.map((g) => ({ ...g, items: g.items.filter(allowed) })).filter((g) => g.items.length > 0);
}

/** The URL of a project page. */
export function projectHref(ns: string, segment = ''): string {
  const base = `/projects/${encodeURIComponent(ns)}`;
  return segment ? `${base}/${segment}` : base;
}

/**
 * Which nav item a pathname belongs to: the overview only on an exact match, the others also on
 * their sub-pages (a release detail page keeps "Grayscale Release" highlighted).
 */
export function activeNavItemId(pathname: string, ns: string): string | undefined {
  const base = projectHref(ns);
  const path = pathname.replace(/\/+$/, '');
  if (path === base) return 'overview';
  if (!path.startsWith(`${base}/`)) return undefined;
  const first = path.slice(base.length + 1).split('/')[0];
  for (const group of PROJECT_NAV) {
    for (const item of group.items) if (item.segment && item.segment === first) return item.id;
  }
  return undefined;
}

/** Every nav item in display order. */
export function flatNavItems(): ProjectNavItem[] {
  return PROJECT_NAV.flatMap((g) => g.items);
}

/** Kubernetes namespace names are RFC 1123 labels: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export function isValidProjectName(ns: string): boolean {
  return ns.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns);
}
