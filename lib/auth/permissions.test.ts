import { describe, expect, it } from 'vitest';
import { decide, projectPermissions, requirementFor, type Permission } from './permissions';
import { visibleProjects, type Principal } from './roles';

const NS = 'demo-project';
const who = (username: string, projects: Principal['projects'] = {}, platformAdmin = false): Principal => ({ username, platformAdmin, projects });
const P = {
  platform: who('admin', {}, true),
  admin: who('pa', { [NS]: 'admin' }),
  operator: who('project-regular', { [NS]: 'operator' }),
  viewer: who('project-viewer', { [NS]: 'viewer' }),
  other: who('elsewhere', { other: 'operator' }),
};

const READ: Permission = { verb: 'get', resource: 'releases', namespace: NS };
const CHANGE: Permission = { verb: 'patch', resource: 'releases', namespace: NS };
const CREATE: Permission = { verb: 'create', resource: 'releases', namespace: NS };
const SAMPLE: Permission = { verb: 'create', resource: 'applications', namespace: NS };
const MEMBERS: Permission = { verb: 'create', resource: 'members', namespace: NS };
const MEMBERS_READ: Permission = { verb: 'list', resource: 'members', namespace: NS };
const ACCOUNTS: Permission = { verb: 'list', resource: 'accounts' };
const PROJECTS: Permission = { verb: 'list', resource: 'projects' };

describe('the permission matrix', () => {
  const table: [Permission, Record<keyof typeof P, boolean>][] = [
    [READ, { platform: true, admin: true, operator: true, viewer: true, other: false }],
    [MEMBERS_READ, { platform: true, admin: true, operator: true, viewer: true, other: false }],
    [CHANGE, { platform: true, admin: true, operator: true, viewer: false, other: false }],
    [CREATE, { platform: true, admin: true, operator: true, viewer: false, other: false }],
    [SAMPLE, { platform: true, admin: true, operator: true, viewer: false, other: false }],
    [MEMBERS, { platform: true, admin: true, operator: false, viewer: false, other: false }],
    [ACCOUNTS, { platform: true, admin: false, operator: false, viewer: false, other: false }],
    [PROJECTS, { platform: true, admin: true, operator: true, viewer: true, other: true }],
  ];
  for (const [permission, expected] of table) {
    for (const [role, allowed] of Object.entries(expected)) {
      it(`${role} ${allowed ? 'may' : 'may not'} ${permission.verb} ${permission.resource}`, () => {
        expect(decide(P[role as keyof typeof P], permission).allowed).toBe(allowed);
      });
    }
  }

  it('names the missing role in the refusal', () => {
    expect(decide(P.viewer, CHANGE)).toEqual({ allowed: false, reason: 'project-viewer may not change release jobs in demo-project: needs operator' });
    expect(decide(P.operator, MEMBERS)).toEqual({ allowed: false, reason: 'project-regular may not create members in demo-project: needs admin' });
    expect(decide(P.other, READ)).toEqual({ allowed: false, reason: 'elsewhere is not a member of project demo-project' });
    expect(decide(P.admin, ACCOUNTS)).toEqual({ allowed: false, reason: 'pa may not read accounts: needs platform admin' });
  });

  it('treats cluster-scoped writes as platform-only', () => {
    expect(requirementFor({ verb: 'create', resource: 'projects' })).toEqual({ scope: 'platform' });
  });

  it('summarises a project for the UI', () => {
    const v = projectPermissions(P.viewer, NS);
    expect(v.role).toBe('viewer');
    expect(v.read.allowed).toBe(true);
    expect(v.operate).toEqual({ allowed: false, reason: 'project-viewer may not change release jobs in demo-project: needs operator' });
    expect(projectPermissions(P.platform, 'anything').manageMembers.allowed).toBe(true);
  });

  it('shows a user only their projects (platform admins all)', () => {
    const projects = [{ name: NS }, { name: 'other' }, { name: 'third' }];
    expect(visibleProjects(P.viewer, projects).map((p) => p.name)).toEqual([NS]);
    expect(visibleProjects(P.other, projects).map((p) => p.name)).toEqual(['other']);
    expect(visibleProjects(P.platform, projects)).toHaveLength(3);
  });
});
