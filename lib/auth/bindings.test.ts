import { describe, expect, it } from 'vitest';
import { parseBindings, platformKey, principalFrom, projectKey } from './bindings';
import { safeNextPath } from './safe-next';

describe('role bindings', () => {
  it('round-trips keys and ignores anything that is not a binding', () => {
    const b = parseBindings({
      [platformKey('admin')]: 'admin',
      [projectKey('demo-project', 'project-regular')]: 'operator',
      [projectKey('demo-project', 'project-viewer')]: 'viewer',
      [projectKey('other', 'project-regular')]: 'superuser',
      'platform.mallory': 'root',
      junk: 'admin',
    });
    expect(principalFrom('admin', b)).toEqual({ username: 'admin', platformAdmin: true, projects: {} });
    expect(principalFrom('project-regular', b)).toEqual({ username: 'project-regular', platformAdmin: false, projects: { 'demo-project': 'operator' } });
    expect(principalFrom('mallory', b).platformAdmin).toBe(false);
  });
});

describe('safeNextPath', () => {
  it('keeps local paths and refuses other sites', () => {
    expect(safeNextPath('/projects/demo-project/grayscale?x=1')).toBe('/projects/demo-project/grayscale?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/login?next=/x', '/a\nb', '', null]) {
      expect(safeNextPath(bad)).toBe('/projects');
    }
  });
});
