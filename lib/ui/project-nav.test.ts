import { describe, expect, it } from 'vitest';
import { activeNavItemId, flatNavItems, isValidProjectName, projectHref } from './project-nav';

describe('project nav', () => {
  it('lists the KubeSphere groups in order', () => {
    expect(flatNavItems().map((i) => i.label)).toEqual([
      'Overview', 'Applications', 'Services', 'Workloads', 'Grayscale Release', 'Traffic Monitoring', 'Tracing',
    ]);
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
