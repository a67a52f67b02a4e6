import { describe, expect, it } from 'vitest';
import { activeNavItemId, flatNavItems, isValidProjectName, projectHref, visibleNavGroups } from './project-nav';

const labels = (groups: ReturnType<typeof visibleNavGroups>) => groups.flatMap((g) => g.items.map((i) => i.label));

describe('project nav', () => {
  it('lists the KubeSphere groups in order', () => {
    expect(flatNavItems().map((i) => i.label)).toEqual([
      'Overview', 'Applications', 'Services', 'Workloads', 'Grayscale Release', 'Traffic Monitoring', 'Tracing', 'Project Members',
    ]);
  });

  it('shows Project Members to those who may list members, in a Project Settings group', () => {
    const viewer = { username: 'v', platformAdmin: false, projects: { demo: 'viewer' as const } };
    expect(labels(visibleNavGroups(viewer, 'demo'))).toContain('Project Members');
    expect(visibleNavGroups(viewer, 'demo').at(-1)?.label).toBe('Project Settings');
    expect(labels(visibleNavGroups({ username: 'a', platformAdmin: true, projects: {} }, 'demo'))).toContain('Project Members');
  });

  it('hides Project Members (and its empty group) from non-members and while the session is unknown', () => {
    const other = { username: 'o', platformAdmin: false, projects: { elsewhere: 'admin' as const } };
    for (const groups of [visibleNavGroups(other, 'demo'), visibleNavGroups(undefined, 'demo')]) {
      expect(labels(groups)).not.toContain('Project Members');
      expect(groups.map((g) => g.label)).not.toContain('Project Settings');
      expect(labels(groups)).toContain('Tracing');
    }
  });

  it('builds hrefs', () => {
    expect(projectHref('demo-project')).toBe('/projects/demo-project');
    expect(projectHref('demo-project', 'grayscale')).toBe('/projects/demo-project/grayscale');
  });

  it('finds the active item', () => {
    expect(activeNavItemId('/projects/demo', 'demo')).toBe('overview');
    expect(activeNavItemId('/projects/demo/', 'demo')).toBe('overview');
    expect(activeNavItemId('/projects/demo/grayscale', 'demo')).toBe('grayscale');
    expect(activeNavItemId('/projects/demo/grayscale/canary-release', 'demo')).toBe('grayscale');
    expect(activeNavItemId('/projects/demo/members', 'demo')).toBe('members');
    expect(activeNavItemId('/projects/demo/unknown', 'demo')).toBeUndefined();
    expect(activeNavItemId('/projects/demo2/tracing', 'demo')).toBeUndefined();
    expect(activeNavItemId('/projects', 'demo')).toBeUndefined();
  });

  it('validates namespace names', () => {
    expect(isValidProjectName('demo-project')).toBe(true);
    expect(isValidProjectName('Demo')).toBe(false);
    expect(isValidProjectName('-a')).toBe(false);
    expect(isValidProjectName('a'.repeat(64))).toBe(false);
  });
});
