import { expect as baseExpect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { GrayscalePage } from './pages/grayscale-page';
import { LoginPage } from './pages/login-page';
import { ReleaseJobPage } from './pages/release-job-page';

/**
 * Accounts and roles (issue 7) in the browser: signed-out visits go to /login; project-regular
 * (operator) releases; project-viewer sees the same job with every action disabled and the
 * reason stated; admin manages accounts and members; every response carries the security headers.
 * Starts signed out (no storage state); never logs `admin` out (global setup's session is shared).
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const JOB = 'auth-canary';
const BASE = process.env.GRAYLANE_E2E_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3100}`;

test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: 'serial' });

/** An API client signed in as `username` (its own cookie jar). */
async function apiAs(username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const res = await ctx.post('/api/session', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `login as ${username}`).toBe(200);
  return ctx;
}

test.describe('accounts and roles', () => {
  test.beforeAll(async () => {
    // The job this spec releases must not be left from an earlier run; Bookinfo must be there (project-regular deploys it).
    const regular = await apiAs('project-regular');
    const job = await regular.get(`/api/projects/${NS}/releases/${JOB}`);
    expect(job.status(), `${JOB} left from an earlier run: use a fresh demo stack`).toBe(404);
    const apps = (await (await regular.get(`/api/projects/${NS}/applications`)).json()) as { items: { name: string }[] };
    if (!apps.items.some((a) => a.name === 'bookinfo')) expect((await regular.post(`/api/projects/${NS}/applications/sample`)).status()).toBe(201);
    await regular.dispose();
  });

  test('security headers on a real response', async ({ page }) => {
    const res = await page.goto('/login');
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
  });

  test('a signed-out visit goes to the login page, which explains a wrong password', async ({ page }) => {
    await page.goto(`/projects/${NS}/grayscale`);
    await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(`/projects/${NS}/grayscale`)}`));
    const login = new LoginPage(page);
    await expect(page.getByTestId('login-form')).toBeVisible();
    await login.screenshot('auth-01-login', { fullPage: false });
    await login.logIn('project-regular', 'not-the-password');
    await expect(login.error).toHaveText('Invalid username or password.');
    await login.screenshot('auth-02-login-error', { fullPage: false });
    const api = await page.request.get('/api/projects');
    expect(api.status()).toBe(401);
  });

  test('project-regular sees only demo-project, may create jobs, and releases', async ({ page }) => {
    const login = new LoginPage(page);
    await login.open(`/projects/${NS}/grayscale`);
    await login.logIn('project-regular', DEMO_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/grayscale$`));
    await login.userMenu.click();
    await expect(page.getByTestId('user-menu-user')).toHaveText('project-regular');
    await expect(page.getByTestId('user-menu-role')).toContainText('project operator');
    await login.userMenu.click();

    const grayscale = new GrayscalePage(page, NS);
    await expect(grayscale.createJob('canary')).toBeEnabled();
    await grayscale.createJob('canary').click();
    await expect(grayscale.wizard).toBeVisible();
    await grayscale.screenshot('auth-03-regular-create-job', { fullPage: false });
    await page.keyboard.press('Escape');

    // The release itself through the API with this browser's session (the wizard is release.spec's subject).
    const created = await page.request.post(`/api/projects/${NS}/releases`, {
      data: { name: JOB, spec: { strategy: 'Canary', service: 'details', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 20 } } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(page.getByTestId('release-history')).toContainText('project-regular');
    await grayscale.screenshot('auth-04-regular-job');

    await page.goto('/projects');
    await expect(page.getByTestId('projects-table')).toContainText(NS);
    await login.logOut();
    expect((await page.request.get('/api/session')).status()).toBe(401);
  });

  test('project-viewer sees the job and finds every action disabled with its reason', async ({ page }) => {
    const login = new LoginPage(page);
    await login.open(`/projects/${NS}/grayscale`);
    await login.logIn('project-viewer', DEMO_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/grayscale$`));
    const grayscale = new GrayscalePage(page, NS);
    for (const mode of ['canary', 'blue-green', 'mirror'] as const) {
      await expect(grayscale.createJob(mode)).toBeDisabled();
      await expect(page.getByTestId(`release-mode-${mode}-reason`)).toContainText('needs operator');
    }
    await grayscale.screenshot('auth-05-viewer-modes');

    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(page.getByTestId('release-summary')).toContainText(JOB);
    await job.screenshot('auth-06-viewer-job');

    const refused = await page.request.patch(`/api/projects/${NS}/releases/${JOB}`, { data: { candidateWeight: 50 } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toBe(`project-viewer may not change release jobs in ${NS}: needs operator`);
    await login.logOut();
  });

  test('project-viewer finds every job action disabled with its reason', async ({ page }) => {
    const login = new LoginPage(page);
    await login.open(`/projects/${NS}/grayscale/${JOB}`);
    await login.logIn('project-viewer', DEMO_PASSWORD);
    await new ReleaseJobPage(page, NS, JOB).hydrated();
    for (const id of ['release-offline', 'release-delete', 'release-version-takeover', 'release-traffic-apply']) {
      for (const button of await page.getByTestId(id).all()) await expect(button).toBeDisabled();
    }
    await expect(page.getByTestId('permission-note').first()).toContainText('project-viewer may not change release jobs');
  });

  test('admin manages accounts and members', async ({ page }) => {
    const login = new LoginPage(page);
    await login.open('/admin/accounts');
    await login.logIn('admin', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/admin\/accounts$/);
    for (const u of ['admin', 'project-regular', 'project-viewer']) await expect(page.getByTestId(`account-row-${u}`)).toBeVisible();
    await login.screenshot('auth-07-accounts');
    await page.goto(`/projects/${NS}/members`);
    await expect(page.getByTestId('member-row-project-regular').getByTestId('member-row-role')).toHaveValue('operator');
    await expect(page.getByTestId('member-row-project-viewer').getByTestId('member-row-role')).toHaveValue('viewer');
    await login.screenshot('auth-08-members');
  });

  test.afterAll(async () => {
    const regular = await apiAs('project-regular');
    await regular.delete(`/api/projects/${NS}/releases/${JOB}`);
    // The controller rolls the job back through its finalizer; wait until it is gone so later specs see a clean project.
    for (let i = 0; i < 60; i++) {
      if ((await regular.get(`/api/projects/${NS}/releases/${JOB}`)).status() === 404) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await regular.dispose();
  });
});
