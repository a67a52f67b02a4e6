/**
 * Sessions against the embedded cluster through the real route handlers: login (generic 401),
 * cookie attributes, GET /api/session, expiry with an injected clock, logout invalidating the
 * cookie, disable and password reset ending sessions, rate limiting (429 + Retry-After), the
 * CSRF check, the start-up configuration check, and no password or token in any response or log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessionRoute from '@/app/api/session/route';
import * as projectsRoute from '@/app/api/projects/route';
import * as accountRoute from '@/app/api/admin/accounts/[name]/route';
import * as accountsRoute from '@/app/api/admin/accounts/route';
import { setAuthClock } from '@/server/auth/clock';
import { authConfigProblems } from '@/server/auth/config';
import { LOGIN_MAX_FAILURES, resetLoginLimits } from '@/server/auth/login';
import { clearAuthCache } from '@/server/auth/principal-cache';
import { SESSION_TTL_SECONDS } from '@/server/auth/session-token';
import { readAccount } from '@/server/auth/accounts';
import { authenticateCookie } from '@/server/auth/authenticate';
import { ensureTestUser, sessionCookieFor, TEST_PASSWORD, TEST_SESSION_SECRET } from '../support/session';
import { callRoute, cookieFrom, startAuthHarness, type AuthHarness } from './harness';

let h: AuthHarness;
const responses: string[] = [];
const cookies: string[] = [];

async function login(username: string, password: string, headers?: Record<string, string>): Promise<Response> {
  const res = await callRoute(sessionRoute.POST, 'POST', '/api/session', { body: { username, password }, headers });
  const c = cookieFrom(res);
  if (c) cookies.push(c.split('=')[1]);
  responses.push(await res.clone().text());
  return res;
}

async function whoami(cookie?: string): Promise<Response> {
  const res = await callRoute(sessionRoute.GET, 'GET', '/api/session', { cookie });
  responses.push(await res.clone().text());
  return res;
}

beforeAll(async () => {
  h = await startAuthHarness();
  await h.clients.core.createNamespace({ body: { metadata: { name: 'alpha' } } });
  await h.clients.core.createNamespace({ body: { metadata: { name: 'beta' } } });
  await ensureTestUser('root', { platformAdmin: true }, h.clients);
  await ensureTestUser('alice', { projects: { alpha: 'operator' } }, h.clients);
  await ensureTestUser('bob', { projects: { beta: 'viewer' } }, h.clients);
});

afterAll(async () => {
  await h?.stop();
});

describe('login', () => {
  it('opens a session: 200, the session view and an HttpOnly SameSite cookie; https adds Secure', async () => {
    const res = await login('alice', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ user: 'alice', platformAdmin: false, projects: { alpha: 'operator' } });
    expect(body.permissions.alpha.operate.allowed).toBe(true);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^graylane_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const secure = await login('alice', TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(secure.headers.get('set-cookie')).toContain('; Secure');
  });

  it('answers the same generic 401 for a wrong password, an unknown user and a disabled account', async () => {
    resetLoginLimits();
    const wrong = await login('alice', 'nope-nope');
    const unknown = await login('nobody', 'nope-nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('answers the generic 401 for names no account can have (a lone surrogate, a slash, upper case), not a 500', async () => {
    resetLoginLimits();
    const body = await (await login('nobody', 'nope-nope')).json();
    for (const name of ['\ud800$', 'a/../b', 'Alice', 'x'.repeat(64), '%2e%2e']) {
      const res = await login(name, 'nope-nope');
      expect(res.status, name).toBe(401);
      expect(await res.json()).toEqual(body);
    }
  });

  it('GET /api/session is 401 without a cookie and with a forged one', async () => {
    expect((await whoami()).status).toBe(401);
    expect((await whoami('graylane_session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC')).status).toBe(401);
    const real = cookieFrom(await login('alice', TEST_PASSWORD))!;
    const [name, value] = real.split('=');
    const tampered = `${name}=${value.slice(0, -3)}${value.endsWith('A') ? 'B' : 'A'}xx`;
    expect((await whoami(tampered)).status).toBe(401);
  });

  it('a session sealed with another secret is refused', async () => {
    const cookie = await sessionCookieFor('alice', h.clients);
    process.env.GRAYLANE_SESSION_SECRET = 'another-secret-another-secret-another-secret';
    try {
      expect((await whoami(cookie)).status).toBe(401);
    } finally {
      process.env.GRAYLANE_SESSION_SECRET = TEST_SESSION_SECRET;
    }
  });
});

describe('session lifetime', () => {
  it('expires after 8 hours (injected clock)', async () => {
    const start = Date.now();
    setAuthClock(() => start);
    const cookie = cookieFrom(await login('alice', TEST_PASSWORD))!;
    expect((await whoami(cookie)).status).toBe(200);
    setAuthClock(() => start + (SESSION_TTL_SECONDS - 60) * 1000);
    expect((await whoami(cookie)).status).toBe(200);
    setAuthClock(() => start + (SESSION_TTL_SECONDS + 1) * 1000);
    clearAuthCache();
    const expired = await whoami(cookie);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.code).toBe('unauthorized');
    setAuthClock();
  });

  it('requests arriving together share one read of the account and one of the bindings', async () => {
    const cookie = cookieFrom(await login('alice', TEST_PASSWORD))!;
    clearAuthCache();
    const calls: string[] = [];
    const core = new Proxy(h.clients.core, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const callers = await Promise.all(Array.from({ length: 5 }, () => authenticateCookie(cookie, { ...h.clients, core })));
    expect(callers.map((c) => c.principal.username)).toEqual(Array(5).fill('alice'));
    expect(calls.sort()).toEqual(['readNamespacedConfigMap', 'readNamespacedSecret']);
  });

  it('logout clears the cookie and invalidates it (and the user\'s other sessions) on the server', async () => {
    const first = cookieFrom(await login('alice', TEST_PASSWORD))!;
    const second = cookieFrom(await login('alice', TEST_PASSWORD))!;
    const out = await callRoute(sessionRoute.DELETE, 'DELETE', '/api/session', { cookie: first });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^graylane_session=; .*Max-Age=0/);
    // A copy of the cookie kept by an attacker is worthless now, on every replica (epoch in the Secret).
    expect((await whoami(first)).status).toBe(401);
    expect((await whoami(second)).status).toBe(401);
  });

  it('disabling an account and resetting a password end its sessions; a disabled account cannot log in', async () => {
    const admin = cookieFrom(await login('root', TEST_PASSWORD))!;
    const bobCookie = cookieFrom(await login('bob', TEST_PASSWORD))!;
    expect((await whoami(bobCookie)).status).toBe(200);
    const disable = await callRoute(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/bob', { params: { name: 'bob' }, body: { disabled: true }, cookie: admin });
    expect(disable.status).toBe(200);
    expect((await whoami(bobCookie)).status).toBe(401);
    expect((await login('bob', TEST_PASSWORD)).status).toBe(401);
    await callRoute(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/bob', { params: { name: 'bob' }, body: { disabled: false }, cookie: admin });
    const again = cookieFrom(await login('bob', TEST_PASSWORD))!;
    const reset = await callRoute(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/bob', { params: { name: 'bob' }, body: { password: 'a-brand-new-password' }, cookie: admin });
    expect(reset.status).toBe(200);
    expect((await whoami(again)).status).toBe(401);
    expect((await login('bob', 'a-brand-new-password')).status).toBe(200);
  });

  it('an admin cannot disable themself', async () => {
    const admin = cookieFrom(await login('root', TEST_PASSWORD))!;
    const res = await callRoute(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/root', { params: { name: 'root' }, body: { disabled: true }, cookie: admin });
    expect(res.status).toBe(409);
  });
});

describe('rate limiting', () => {
  it(`locks an account after ${LOGIN_MAX_FAILURES} failures: 429 with Retry-After, even for the right password, until the window ends`, async () => {
    resetLoginLimits();
    const start = Date.now();
    setAuthClock(() => start);
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await login('alice', `wrong-${i}`)).status).toBe(401);
    const limited = await login('alice', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(300);
    expect((await limited.json()).error.code).toBe('too_many_requests');
    // other accounts are unaffected (a different address)
    expect((await login('root', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.9' })).status).toBe(200);
    setAuthClock(() => start + 5 * 60_000 + 1);
    expect((await login('alice', TEST_PASSWORD)).status).toBe(200);
    setAuthClock();
  });

  it('limits one address trying many account names', async () => {
    resetLoginLimits();
    const addr = { 'x-forwarded-for': '203.0.113.7' };
    let last: Response | undefined;
    for (let i = 0; i < LOGIN_MAX_FAILURES * 4 + 1; i++) last = await login(`guess-${i}`, 'x', addr);
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toBeTruthy();
    resetLoginLimits();
  });
});

describe('CSRF', () => {
  it('refuses a cross-site state change even with a valid session, and allows same-origin ones', async () => {
    const admin = cookieFrom(await login('root', TEST_PASSWORD))!;
    const body = { username: 'csrf-victim', password: 'long-enough-password' };
    const evil = await callRoute(accountsRoute.POST, 'POST', '/api/admin/accounts', { body, cookie: admin, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.message).toContain('cross-site');
    const fetchMeta = await callRoute(accountsRoute.POST, 'POST', '/api/admin/accounts', { body, cookie: admin, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    const nullOrigin = await callRoute(accountsRoute.POST, 'POST', '/api/admin/accounts', { body, cookie: admin, headers: { origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
    expect(await readAccount('csrf-victim', h.clients)).toBeUndefined();
    // login CSRF (logging the victim in as the attacker) is refused too
    const loginCsrf = await login('alice', TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(loginCsrf.status).toBe(403);
    const same = await callRoute(accountsRoute.POST, 'POST', '/api/admin/accounts', { body, cookie: admin, headers: { origin: 'http://console', 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(201);
    // behind a reverse proxy the forwarded host is the one the browser saw
    const proxied = await callRoute(accountRoute.PATCH, 'PATCH', '/api/admin/accounts/csrf-victim', {
      params: { name: 'csrf-victim' },
      body: { disabled: true },
      cookie: admin,
      headers: { origin: 'https://graylane.example.com', 'x-forwarded-host': 'graylane.example.com' },
    });
    expect(proxied.status).toBe(200);
  });
});

describe('projects visibility', () => {
  it('lists only the caller\'s projects; platform admins see all', async () => {
    const alice = cookieFrom(await login('alice', TEST_PASSWORD))!;
    const root = cookieFrom(await login('root', TEST_PASSWORD))!;
    const names = async (cookie: string) => ((await (await callRoute(projectsRoute.GET, 'GET', '/api/projects', { cookie })).json()).items as { name: string }[]).map((p) => p.name).sort();
    expect(await names(alice)).toEqual(['alpha']);
    expect(await names(root)).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect((await callRoute(projectsRoute.GET, 'GET', '/api/projects')).status).toBe(401);
  });
});

describe('configuration', () => {
  it('refuses to run without a secret outside demo mode, with a short one, or with a demo password set', () => {
    const saved = { ...process.env };
    try {
      delete process.env.GRAYLANE_DEMO;
      delete process.env.GRAYLANE_SESSION_SECRET;
      expect(authConfigProblems().join()).toContain('GRAYLANE_SESSION_SECRET is not set');
      process.env.GRAYLANE_SESSION_SECRET = 'short';
      expect(authConfigProblems().join()).toContain('at least 32');
      process.env.GRAYLANE_SESSION_SECRET = TEST_SESSION_SECRET;
      process.env.GRAYLANE_DEMO_PASSWORD = 'P@88w0rd';
      expect(authConfigProblems().join()).toContain('GRAYLANE_DEMO_PASSWORD is set outside demo mode');
      process.env.GRAYLANE_DEMO = '1';
      delete process.env.GRAYLANE_SESSION_SECRET;
      expect(authConfigProblems()).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});

describe('secrets never leak', () => {
  it('no response and no log line contains a password, a hash, a salt or a session token', async () => {
    const root = cookieFrom(await login('root', TEST_PASSWORD))!;
    const list = await callRoute(accountsRoute.GET, 'GET', '/api/admin/accounts', { cookie: root });
    const listText = await list.text();
    responses.push(listText);
    expect(list.status).toBe(200);
    const alice = await readAccount('alice', h.clients);
    const secrets = [TEST_PASSWORD, 'a-brand-new-password', 'long-enough-password', TEST_SESSION_SECRET, alice!.passwordHash.split('$')[4], alice!.salt, alice!.sessionEpoch, ...cookies];
    expect(cookies.length).toBeGreaterThan(5);
    for (const text of [...responses, ...h.logs]) {
      for (const s of secrets) expect(text).not.toContain(s);
    }
    expect(listText).not.toMatch(/passwordHash|salt|sessionEpoch/);
  });
});
