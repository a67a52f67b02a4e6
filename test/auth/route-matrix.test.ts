/**
 * The table the issue asks for: EVERY mutating API route called as anonymous, viewer, operator of
 * another project, operator, project admin and platform admin, through the real route handlers
 * with real session cookies, against the embedded cluster (enforcement on). Each cell asserts the
 * exact status, and every refused call is checked to have changed nothing in the cluster. Also: a
 * refused read, and the audit annotation naming the session's user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as releasesRoute from '@/app/api/projects/[ns]/releases/route';
import * as releaseRoute from '@/app/api/projects/[ns]/releases/[name]/route';
import * as draftPreviewRoute from '@/app/api/projects/[ns]/releases/preview/route';
import * as takeOverRoute from '@/app/api/projects/[ns]/releases/[name]/takeover/route';
import * as restoreRoute from '@/app/api/projects/[ns]/releases/[name]/restore/route';
import * as offlineRoute from '@/app/api/projects/[ns]/releases/[name]/offline/route';
import * as sampleRoute from '@/app/api/projects/[ns]/applications/sample/route';
import * as membersRoute from '@/app/api/projects/[ns]/members/route';
import * as memberRoute from '@/app/api/projects/[ns]/members/[user]/route';
import * as accountsRoute from '@/app/api/admin/accounts/route';
import * as accountRoute from '@/app/api/admin/accounts/[name]/route';
import * as projectRoute from '@/app/api/projects/[ns]/route';
import * as releasesListRoute from '@/app/api/projects/[ns]/releases/route';
import * as servicesRoute from '@/app/api/projects/[ns]/services/route';
import * as applicationsRoute from '@/app/api/projects/[ns]/applications/route';
import * as membersListRoute from '@/app/api/projects/[ns]/members/route';
import { CHANGED_BY_ANNOTATION } from '@/lib/api/release-view-history';
import { deploySampleApplication } from '@/server/applications/deploy-sample';
import { createAccount } from '@/server/auth/accounts';
import { ROLE_BINDINGS_CONFIGMAP } from '@/server/auth/role-bindings';
import { systemNamespace } from '@/server/env';
import { ensureTestUser, sessionCookieFor, TEST_PASSWORD } from '../support/session';
import { callRoute, startAuthHarness, type AuthHarness } from './harness';

const NS = 'matrix';
const OTHER = 'matrix-other';
const SAMPLE_NS = ['sample-a', 'sample-b', 'sample-c'];
const ROLES = ['anonymous', 'viewer', 'other-operator', 'operator', 'project-admin', 'platform-admin'] as const;
type Role = (typeof ROLES)[number];
/** The three roles allowed to change things; each acts on its own objects so every call can succeed. */
const ACTORS = { operator: 0, 'project-admin': 1, 'platform-admin': 2 } as const;
const SERVICES = ['details', 'ratings', 'reviews'];
const USER: Record<Exclude<Role, 'anonymous'>, string> = {
  viewer: 'm-viewer',
  'other-operator': 'm-other',
  operator: 'm-operator',
  'project-admin': 'm-padmin',
  'platform-admin': 'm-root',
};

let h: AuthHarness;
const cookie: Partial<Record<Role, string>> = {};

type Need = 'viewer' | 'operator' | 'admin' | 'platform';
const ALLOWED: Record<Need, Role[]> = {
  viewer: ['viewer', 'operator', 'project-admin', 'platform-admin'],
  operator: ['operator', 'project-admin', 'platform-admin'],
  admin: ['project-admin', 'platform-admin'],
  platform: ['platform-admin'],
};

/** The job a role acts on (refused roles aim at the operator's, which must stay untouched). */
const jobOf = (role: Role) => `job-${role in ACTORS ? role : 'operator'}`;
const idx = (role: Role) => (role in ACTORS ? ACTORS[role as keyof typeof ACTORS] : 0);

interface Row {
  route: string;
  need: Need;
  success: number;
  call: (role: Role) => Promise<Response>;
}

const r = (h: Parameters<typeof callRoute>[0], method: string, url: string, params: Record<string, string>, role: Role, body?: unknown) =>
  callRoute(h, method, url, { params, body, cookie: cookie[role] });

// Ordered so each allowed call finds its job in a state where it succeeds (restore, then take over, then offline).
const ROWS: Row[] = [
  {
    route: 'POST /api/projects/{ns}/releases',
    need: 'operator',
    success: 201,
    call: (role) =>
      r(releasesRoute.POST, 'POST', `/api/projects/${NS}/releases`, { ns: NS }, role, {
        // refused roles try a fourth Service, so a wrongly allowed call would show up as a new job
        name: role in ACTORS ? jobOf(role) : `job-${role}`,
        spec: { strategy: 'Canary', service: role in ACTORS ? SERVICES[idx(role)] : 'productpage', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 20 } },
      }),
  },
  {
    route: 'POST /api/projects/{ns}/releases/preview (writes nothing)',
    need: 'viewer',
    success: 200,
    call: (role) =>
      r(draftPreviewRoute.POST, 'POST', `/api/projects/${NS}/releases/preview`, { ns: NS }, role, {
        name: 'draft',
        spec: { strategy: 'Canary', service: 'productpage', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 20 } },
      }),
  },
  { route: 'PATCH /api/projects/{ns}/releases/{name}', need: 'operator', success: 200, call: (role) => r(releaseRoute.PATCH, 'PATCH', `/api/projects/${NS}/releases/${jobOf(role)}`, { ns: NS, name: jobOf(role) }, role, { candidateWeight: 40 }) },
  { route: 'POST .../releases/{name}/restore', need: 'operator', success: 200, call: (role) => r(restoreRoute.POST, 'POST', `/api/projects/${NS}/releases/${jobOf(role)}/restore`, { ns: NS, name: jobOf(role) }, role) },
  { route: 'POST .../releases/{name}/takeover', need: 'operator', success: 200, call: (role) => r(takeOverRoute.POST, 'POST', `/api/projects/${NS}/releases/${jobOf(role)}/takeover`, { ns: NS, name: jobOf(role) }, role, { version: 'v1' }) },
  { route: 'POST .../releases/{name}/offline', need: 'operator', success: 200, call: (role) => r(offlineRoute.POST, 'POST', `/api/projects/${NS}/releases/${jobOf(role)}/offline`, { ns: NS, name: jobOf(role) }, role) },
  { route: 'DELETE /api/projects/{ns}/releases/{name}', need: 'operator', success: 202, call: (role) => r(releaseRoute.DELETE, 'DELETE', `/api/projects/${NS}/releases/${jobOf(role)}`, { ns: NS, name: jobOf(role) }, role) },
  {
    route: 'POST /api/projects/{ns}/applications/sample',
    need: 'operator',
    success: 201,
    call: (role) => r(sampleRoute.POST, 'POST', `/api/projects/${SAMPLE_NS[idx(role)]}/applications/sample`, { ns: SAMPLE_NS[idx(role)] }, role),
  },
  { route: 'POST /api/projects/{ns}/members', need: 'admin', success: 201, call: (role) => r(membersRoute.POST, 'POST', `/api/projects/${NS}/members`, { ns: NS }, role, { username: `member-${idx(role)}`, role: 'viewer' }) },
  {
    route: 'PATCH /api/projects/{ns}/members/{user}',
    need: 'admin',
    success: 200,
    call: (role) => r(memberRoute.PATCH, 'PATCH', `/api/projects/${NS}/members/member-${idx(role)}`, { ns: NS, user: `member-${idx(role)}` }, role, { role: 'operator' }),
  },
  {
    route: 'DELETE /api/projects/{ns}/members/{user}',
    need: 'admin',
    success: 200,
    call: (role) => r(memberRoute.DELETE, 'DELETE', `/api/projects/${NS}/members/member-${idx(role)}`, { ns: NS, user: `member-${idx(role)}` }, role),
  },
  { route: 'POST /api/admin/accounts', need: 'platform', success: 201, call: (role) => r(accountsRoute.POST, 'POST', '/api/admin/accounts', {}, role, { username: 'created-by-matrix', password: 'long-enough-password' }) },
  { route: 'PATCH /api/admin/accounts/{name}', need: 'platform', success: 200, call: (role) => r(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/created-by-matrix', { name: 'created-by-matrix' }, role, { disabled: true }) },
];

/** Everything a mutating route could touch, by name and resourceVersion. */
async function snapshot(): Promise<string> {
  const c = h.clients;
  const sys = systemNamespace();
  const [jobs, deployments, services, secrets, configmaps, namespaces] = await Promise.all([
    c.custom.listNamespacedCustomObject({ group: 'graylane.io', version: 'v1alpha1', namespace: NS, plural: 'grayscalereleases' }) as Promise<{ items: { metadata: { name: string; resourceVersion: string } }[] }>,
    Promise.all([NS, ...SAMPLE_NS].map((ns) => c.apps.listNamespacedDeployment({ namespace: ns }))),
    Promise.all(SAMPLE_NS.map((ns) => c.core.listNamespacedService({ namespace: ns }))),
    c.core.listNamespacedSecret({ namespace: sys }),
    c.core.listNamespacedConfigMap({ namespace: sys }),
    c.core.listNamespace(),
  ]);
  return JSON.stringify({
    jobs: jobs.items.map((j) => `${j.metadata.name}@${j.metadata.resourceVersion}`).sort(),
    deployments: deployments.flatMap((l) => l.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}@${d.metadata?.generation}`)).sort(),
    services: services.flatMap((l) => l.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).sort(),
    secrets: secrets.items.map((s) => `${s.metadata?.name}@${s.metadata?.resourceVersion}`).sort(),
    bindings: configmaps.items.filter((m) => m.metadata?.name === ROLE_BINDINGS_CONFIGMAP).map((m) => m.metadata?.resourceVersion),
    namespaces: namespaces.items.map((n) => n.metadata?.name).sort(),
  });
}

async function waitReady(ns: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const l = await h.clients.apps.listNamespacedDeployment({ namespace: ns });
    if (l.items.length >= 4 && l.items.every((d) => (d.status?.readyReplicas ?? 0) >= 1)) return;
    if (Date.now() > deadline) throw new Error(`Bookinfo not ready in ${ns}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

beforeAll(async () => {
  h = await startAuthHarness();
  for (const ns of [NS, OTHER, ...SAMPLE_NS]) await h.clients.core.createNamespace({ body: { metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } } });
  await deploySampleApplication(NS, { clients: h.clients });
  await waitReady(NS);
  const projects = (role: 'viewer' | 'operator' | 'admin') => Object.fromEntries([NS, ...SAMPLE_NS].map((ns) => [ns, role]));
  await ensureTestUser(USER.viewer, { projects: projects('viewer') }, h.clients);
  await ensureTestUser(USER['other-operator'], { projects: { [OTHER]: 'operator' } }, h.clients);
  await ensureTestUser(USER.operator, { projects: projects('operator') }, h.clients);
  await ensureTestUser(USER['project-admin'], { projects: projects('admin') }, h.clients);
  await ensureTestUser(USER['platform-admin'], { platformAdmin: true }, h.clients);
  for (let i = 0; i < 3; i++) await createAccount(`member-${i}`, TEST_PASSWORD, h.clients);
  for (const role of ROLES) if (role !== 'anonymous') cookie[role] = await sessionCookieFor(USER[role], h.clients);
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('every mutating route x every role', () => {
  for (const row of ROWS) {
    it(`${row.route}: needs ${row.need}`, async () => {
      const seen: Record<string, number> = {};
      for (const role of ROLES) {
        const allowed = ALLOWED[row.need].includes(role);
        const before = allowed ? undefined : await snapshot();
        const res = await row.call(role);
        const body = await res.text();
        seen[role] = res.status;
        const expected = role === 'anonymous' ? 401 : allowed ? row.success : 403;
        expect(res.status, `${row.route} as ${role}: ${body}`).toBe(expected);
        if (!allowed) {
          expect(JSON.parse(body).error.code).toBe(role === 'anonymous' ? 'unauthorized' : 'forbidden');
          expect(await snapshot(), `${row.route} as ${role} changed the cluster`).toBe(before);
        }
      }
      expect(Object.keys(seen)).toHaveLength(ROLES.length);
    });
  }
});

describe('refusals explain themselves', () => {
  it('names the missing role', async () => {
    const res = await r(releaseRoute.PATCH, 'PATCH', `/api/projects/${NS}/releases/job-operator`, { ns: NS, name: 'job-operator' }, 'viewer', { candidateWeight: 10 });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe('m-viewer may not change release jobs in matrix: needs operator');
  });
});

describe('reads', () => {
  const reads: [string, (role: Role) => Promise<Response>][] = [
    ['GET /api/projects/{ns}', (role) => r(projectRoute.GET, 'GET', `/api/projects/${NS}`, { ns: NS }, role)],
    ['GET /api/projects/{ns}/releases', (role) => r(releasesListRoute.GET, 'GET', `/api/projects/${NS}/releases`, { ns: NS }, role)],
    ['GET /api/projects/{ns}/services', (role) => r(servicesRoute.GET, 'GET', `/api/projects/${NS}/services`, { ns: NS }, role)],
    ['GET /api/projects/{ns}/applications', (role) => r(applicationsRoute.GET, 'GET', `/api/projects/${NS}/applications`, { ns: NS }, role)],
    ['GET /api/projects/{ns}/members', (role) => r(membersListRoute.GET, 'GET', `/api/projects/${NS}/members`, { ns: NS }, role)],
  ];
  for (const [name, call] of reads) {
    it(`${name}: any role in the project reads; others get 401/403`, async () => {
      for (const role of ROLES) {
        const res = await call(role);
        const expected = role === 'anonymous' ? 401 : role === 'other-operator' ? 403 : 200;
        expect(res.status, `${name} as ${role}`).toBe(expected);
      }
    });
  }
});

describe('audit', () => {
  it('records the session user on the job', async () => {
    const res = await r(releasesRoute.POST, 'POST', `/api/projects/${NS}/releases`, { ns: NS }, 'operator', {
      name: 'audited',
      spec: { strategy: 'Canary', service: 'productpage', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 10 } },
    });
    expect(res.status).toBe(201);
    const job = (await h.clients.custom.getNamespacedCustomObject({ group: 'graylane.io', version: 'v1alpha1', namespace: NS, plural: 'grayscalereleases', name: 'audited' })) as { metadata: { annotations?: Record<string, string> } };
    expect(job.metadata.annotations?.[CHANGED_BY_ANNOTATION]).toBe(USER.operator);
  });
});
