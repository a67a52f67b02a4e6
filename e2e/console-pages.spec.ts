import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { GrayscalePage } from './pages/grayscale-page';
import { ProjectPage, type ProjectNavId } from './pages/project-page';
import { ProjectsPage } from './pages/projects-page';
import { ReleaseJobPage } from './pages/release-job-page';
import { deleteJob, freshTraceId, NS, startActiveJob, walkthroughRoutes, type WalkthroughRoute } from './pages/walkthrough-routes';
import { create, deleteAndWait } from './support/kube-api';
import { layoutShift, observeLayoutShift, overflow, seriousViolations } from './support/page-checks';

/**
 * Every console page, visited once per viewport (issue 10 "Accessible and usable", issue 2's
 * shell). On 1280x800 each page of the walkthrough (plus Workloads and the KubeSphere import) gets
 * an axe-core scan (no serious or critical WCAG 2.1 A/AA violation), no horizontal scroll, a
 * Cumulative Layout Shift below 0.1 from navigation until the data has settled, and, on the
 * project pages, the shell's checks (heading, title, active nav link, content or an empty state);
 * the interactions that start from a page run while it is open (project switcher, keyboard walk of
 * the side nav, the three Create Job wizards, the canary wizard step by step, the job's dialogs).
 * On a 390x844 phone the same pages without horizontal scroll and with CLS < 0.1, the project pages
 * first with their answers held back until the loading state shows, and the collapsed side nav.
 * Then the empty state (a project with nothing in it) and the failed state (API unreachable) of
 * every project page on the phone, the login page's axe scans, 404s and a hidden project.
 * Figures are printed (`axe <page>: ...`, `CLS <viewport> <page>: ...`) for the report.
 *
 * (Before, a11y.spec.ts, responsive.spec.ts and shell.spec.ts each opened every page: 3.7 min of CI.)
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const JOB = 'pages-canary';
const EMPTY_NS = 'e2e-empty-project';
const HIDDEN_NS = 'e2e-hidden-project';

// web.dev's "good" CLS
const CLS_GOOD = 0.1;
// Late parts (figures, charts, the session's nav entries) land before layout is judged: CLS is
// read no earlier than this after the data is shown. No networkidle: pages that poll never idle.
const SETTLE_MS = 800;

/** Skeletons (components/page-skeleton.tsx) and the spinner (components/loading-state.tsx). */
const LOADING = '[data-skeleton], [data-testid="loading-state"]';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

/** The project pages: their nav link, heading and what they show once the data is there (none: Workloads always shows its empty state). */
const SHELL: Record<string, { nav: ProjectNavId; heading: string; content?: string }> = {
  overview: { nav: 'overview', heading: 'Overview', content: 'resource-status' },
  applications: { nav: 'applications', heading: 'Applications', content: 'application-row' },
  services: { nav: 'services', heading: 'Services', content: 'service-row' },
  workloads: { nav: 'workloads', heading: 'Workloads' },
  grayscale: { nav: 'grayscale', heading: 'Grayscale Release', content: 'release-modes' },
  traffic: { nav: 'traffic', heading: 'Traffic Monitoring', content: 'topology-graph' },
  tracing: { nav: 'tracing', heading: 'Tracing', content: 'trace-list' },
};
const NAV_ORDER: ProjectNavId[] = ['overview', 'applications', 'services', 'workloads', 'grayscale', 'traffic', 'tracing'];

/** The routes whose data the browser loads from the project's API: on the phone their answers are held back until the loading state is seen. */
const HELD = new Set(['overview', 'applications', 'services', 'job-list', 'traffic', 'tracing']);

/** The project pages with data of their own, for the empty and failed states (Workloads has none yet; Members has no empty state). */
const PROJECT_PAGES = ['', 'applications', 'services', 'grayscale?tab=jobs', 'traffic', 'tracing', 'members'];

/** Every page visited per viewport: the walkthrough's and two outside it. */
function tour(): WalkthroughRoute[] {
  return [
    ...walkthroughRoutes(JOB),
    { id: 'workloads', path: `/projects/${NS}/workloads`, ready: 'page-title' },
    { id: 'import', path: `/projects/${NS}/grayscale/import`, ready: 'page-title' },
  ];
}

/** Navigates to a route (the trace detail's trace resolved now: traces expire). */
async function goto(page: Page, r: WalkthroughRoute): Promise<void> {
  await page.goto(r.path.includes('{trace}') ? r.path.replace('{trace}', await freshTraceId(page.request)) : r.path);
}

/** Waits until the route's data is shown. */
async function ready(page: Page, r: WalkthroughRoute): Promise<void> {
  await expect(page.locator(`[data-testid${r.prefix ? '^' : ''}="${r.ready}"]`).first(), `${r.id} shows its data`).toBeVisible({ timeout: 60_000 });
}

/** No horizontal scroll and CLS < 0.1 (read at least SETTLE_MS after the data showed); problems are collected, figures printed. */
async function judgeLayout(page: Page, where: string, readyAt: number, problems: string[], figures: string[]): Promise<void> {
  const wait = readyAt + SETTLE_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  const wide = await overflow(page);
  if (wide) problems.push(`${where}: ${wide}`);
  const { cls, shifts } = await layoutShift(page);
  figures.push(`${where.split(' ')[1]} ${cls.toFixed(3)}`);
  console.log(`CLS ${where}: ${cls.toFixed(4)}${shifts.length ? ` (${shifts.join('; ')})` : ''}`);
  if (cls >= CLS_GOOD) problems.push(`${where}: CLS ${cls.toFixed(3)} (${shifts.join('; ')})`);
}

/** The shell of a project page: heading, document title, project name, exactly one active nav link, and content or an empty state that says why. */
async function checkShell(page: Page, id: string): Promise<void> {
  const item = SHELL[id];
  const project = new ProjectPage(page, NS);
  await project.expectHeading(item.heading);
  await expect(page).toHaveTitle(`${item.heading} · Graylane`);
  await expect(page.getByTestId('project-nav-name')).toHaveText(NS);
  await expect(project.navLink(item.nav)).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('[data-testid="project-nav"] [aria-current="page"]')).toHaveCount(1);
  if (item.content) {
    // never a blank page: rows (or the mode cards), or an empty state that says why
    await expect(page.getByTestId(item.content).first().or(project.emptyState.first())).toBeVisible();
  } else {
    await expect(project.emptyState.first()).toBeVisible();
    await expect(project.emptyState.first().getByTestId('empty-state-title')).not.toBeEmpty();
  }
}

/** A page in a context of its own on the phone. */
async function phonePage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ ...PHONE });
  return ctx.newPage();
}

test.describe('every console page, once per viewport', () => {
  // generous for a loaded CI machine (axe takes about a second a page when idle, ten when loaded)
  test.setTimeout(600_000);

  test.beforeAll(async ({ request }) => {
    test.setTimeout(120_000);
    await Promise.all([
      startActiveJob(request, JOB),
      (async () => {
        await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: EMPTY_NS, labels: { 'kubernetes.io/metadata.name': EMPTY_NS, 'istio-injection': 'enabled' } } });
        await expect.poll(async () => (await request.get(`/api/projects/${EMPTY_NS}`)).status(), { timeout: 60_000 }).toBe(200);
      })(),
      // project-regular has no role in it: a project that exists but is hidden from them
      create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: HIDDEN_NS } }),
    ]);
  });

  test.afterAll(async ({ request }) => {
    test.setTimeout(120_000);
    await Promise.all([deleteJob(request, JOB), deleteAndWait(`/api/v1/namespaces/${EMPTY_NS}`, 60_000), deleteAndWait(`/api/v1/namespaces/${HIDDEN_NS}`, 60_000)]);
  });

  test(`desktop 1280x800: every page passes axe, has no horizontal scroll and CLS < ${CLS_GOOD}; shell, switcher, keyboard nav, wizards and job dialogs`, async ({ page }) => {
    await observeLayoutShift(page);
    const problems: string[] = [];
    const figures: string[] = [];
    // pages rendered on the server with their data (the job detail) must hydrate without a
    // mismatch: React would otherwise render them again from scratch (minified errors 418-425)
    const hydration = (where: string, text: string) => {
      if (/hydrat|Minified React error #(418|419|421|422|423|425)/i.test(text)) problems.push(`hydration ${where}: ${text.slice(0, 300)}`);
    };
    page.on('console', (m) => m.type() === 'error' && hydration(page.url(), m.text()));
    page.on('pageerror', (e) => hydration(page.url(), e.message));
    const axe = async (where: string) => {
      const v = await seriousViolations(page, where);
      if (v.length) problems.push(`axe ${where}: ${v.join(' || ')}`);
    };
    for (const r of tour()) {
      const t0 = Date.now();
      if (r.id === 'projects') {
        // `/` redirects to the projects list
        await page.goto('/');
        await expect(page).toHaveURL(/\/projects$/);
      } else {
        await goto(page, r);
      }
      await ready(page, r);
      const readyAt = Date.now();
      if (SHELL[r.id]) await checkShell(page, r.id);
      await axe(r.id);
      await judgeLayout(page, `desktop ${r.id}`, readyAt, problems, figures);
      if (SHELL[r.id]) await page.screenshot({ path: `e2e/screenshots/${r.id}-desktop.png`, fullPage: true });

      if (r.id === 'projects') {
        const projects = new ProjectsPage(page);
        await projects.expectHeading('Projects');
        await expect(projects.topBar).toContainText('Graylane');
        await expect(projects.table).toBeVisible();
        await expect(projects.rows.first().or(projects.emptyState)).toBeVisible();
        await projects.screenshot('projects-desktop');
        // the project switcher opens, lists the projects and says how to see them all
        await projects.projectSwitcher.click();
        const menu = page.getByTestId('project-switcher-menu');
        await expect(menu).toBeVisible();
        await expect(menu.getByRole('link', { name: 'View all projects' })).toBeVisible();
        await expect(menu.getByRole('listitem').first().or(page.getByTestId('project-switcher-message'))).toBeVisible();
        await expect(menu.getByRole('listitem').first()).toBeVisible();
        await axe('project-switcher-menu');
        await projects.screenshot('project-switcher-desktop');
        await page.keyboard.press('Escape');
        await expect(menu).toBeHidden();
        await expect(projects.projectSwitcher).toBeFocused();
      } else if (r.id === 'overview') {
        // side nav links are real links, reachable and usable with the keyboard. The walk starts
        // once the page has settled: the nav gains Project Members when the session arrives; a Tab
        // pressed during that render raced it in CI.
        const project = new ProjectPage(page, NS);
        await expect(project.navLink('members')).toBeVisible({ timeout: 15_000 });
        await project.navLink('overview').focus();
        await expect(project.navLink('overview')).toBeFocused();
        for (const id of NAV_ORDER.slice(1)) {
          await page.keyboard.press('Tab');
          const link = project.navLink(id);
          await expect(link).toBeFocused();
          expect(await link.evaluate((el) => el.tagName)).toBe('A');
          await expect(link).toHaveAttribute('href', `/projects/${NS}/${id}`);
          // a visible focus ring for keyboard users
          await expect(link).not.toHaveCSS('outline-style', 'none');
        }
        await project.navLink('overview').focus();
        for (let i = 0; i < 4; i++) await page.keyboard.press('Tab'); // applications, services, workloads, grayscale
        await expect(project.navLink('grayscale')).toBeFocused();
        await project.screenshot('keyboard-focus-desktop');
        await page.keyboard.press('Enter');
        await expect(page).toHaveURL(new RegExp(`/projects/${NS}/grayscale$`));
        await project.expectHeading('Grayscale Release');
        await expect(project.navLink('grayscale')).toHaveAttribute('aria-current', 'page');
        await expect(project.navLink('overview')).not.toHaveAttribute('aria-current', /.*/);
      } else if (r.id === 'grayscale') {
        // the three release modes, each opening its Create Job wizard; focus returns to the button
        for (const [mode, title, dialog] of [
          ['blue-green', 'Blue-Green Deployment', 'Create Blue-Green Deployment Job'],
          ['canary', 'Canary Release', 'Create Canary Release Job'],
          ['mirror', 'Traffic Mirroring', 'Create Traffic Mirroring Job'],
        ] as const) {
          const card = page.getByTestId(`release-mode-${mode}`);
          await expect(card.getByRole('heading', { name: title })).toBeVisible();
          const createJob = card.getByRole('button', { name: 'Create Job' });
          await expect(createJob).toBeEnabled();
          await createJob.click();
          await expect(page.getByRole('dialog', { name: dialog })).toBeVisible();
          await page.keyboard.press('Escape');
          await expect(page.getByRole('dialog')).toBeHidden();
          await expect(createJob).toBeFocused();
        }
        // the canary wizard step by step, each step scanned (the name step with its error shown)
        const gray = new GrayscalePage(page, NS);
        await gray.createJob('canary').click();
        await expect(gray.wizard).toBeVisible();
        await gray.next.click();
        await expect(page.getByTestId('wizard-error-name')).toBeVisible();
        await axe('wizard-basic (error)');
        await page.getByTestId('wizard-name').fill('a11y-wizard');
        await gray.next.click();
        await page.getByTestId('wizard-app').selectOption('bookinfo');
        await gray.serviceCard('details').click();
        await axe('wizard-service');
        await gray.next.click();
        await expect(page.getByTestId('wizard-version-input')).toBeVisible();
        await axe('wizard-version');
        await gray.next.click();
        await expect(page.getByTestId('wizard-slider-input')).toBeVisible();
        await axe('wizard-strategy');
        await gray.next.click();
        await expect(page.getByTestId('wizard-yaml-diff')).toContainText('VirtualService', { timeout: 30_000 });
        await axe('wizard-preview');
        await page.keyboard.press('Escape');
        await expect(gray.wizard).toBeHidden();
      } else if (r.id === 'job-detail') {
        // the job arrives in the HTML (server-rendered with the caller's session: issue 10's LCP),
        // its controls disabled until the page has hydrated, then enabled
        const html = await (await page.request.get(r.path)).text();
        expect(html).toContain('data-testid="release-version-card"');
        expect(html).toMatch(/<fieldset[^>]*disabled=""[^>]*data-testid="release-detail"/);
        // with the session too (every page's cache starts with it): no "checking your permissions…"
        // note in the HTML that would vanish, shifting the page, once the browser had asked
        expect(html).not.toContain('checking your permissions');
        expect(html).toContain('data-testid="project-nav-link-members"');
        await expect(page.getByTestId('release-detail')).toHaveAttribute('data-hydrated', 'true');
        // the running job's Take Over and traffic confirmation dialogs
        const job = new ReleaseJobPage(page, NS, JOB);
        await expect(job.takeOver('v2').or(job.takeOver('v3'))).toBeEnabled({ timeout: 60_000 });
        await job.versionCard('v2').or(job.versionCard('v3')).getByTestId('release-version-takeover').click();
        await expect(page.getByTestId('release-takeover-dialog')).toBeVisible();
        await axe('take-over dialog');
        await page.keyboard.press('Escape');
        await page.getByTestId('release-slider-input').focus();
        await page.keyboard.press('ArrowRight');
        await page.getByTestId('release-traffic-apply').click();
        await expect(page.getByTestId('release-traffic-confirm')).toBeVisible();
        await axe('traffic confirm dialog');
        await page.keyboard.press('Escape');
      } else if (r.id === 'not-found') {
        // an unknown page inside a project keeps the project's nav
        await expect(page.getByTestId('project-nav')).toBeVisible();
      }
      console.log(`visit desktop ${r.id}: ${Date.now() - t0} ms`);
    }
    console.log(`CLS desktop summary: ${figures.join(', ')}`);
    expect(problems).toEqual([]);
  });

  test(`phone 390x844: every page without horizontal scroll and CLS < ${CLS_GOOD}, project pages through their loading state; the side nav collapses into a menu`, async ({ browser }) => {
    const page = await phonePage(browser);
    await observeLayoutShift(page);
    const problems: string[] = [];
    const figures: string[] = [];
    // pages rendered on the server with their data (the job detail) must hydrate without a
    // mismatch: React would otherwise render them again from scratch (minified errors 418-425)
    const hydration = (where: string, text: string) => {
      if (/hydrat|Minified React error #(418|419|421|422|423|425)/i.test(text)) problems.push(`hydration ${where}: ${text.slice(0, 300)}`);
    };
    page.on('console', (m) => m.type() === 'error' && hydration(page.url(), m.text()));
    page.on('pageerror', (e) => hydration(page.url(), e.message));
    for (const r of tour()) {
      const t0 = Date.now();
      let release: (() => void) | undefined;
      if (HELD.has(r.id)) {
        // loading: the project's answers are held back until the loading state has been seen
        const held = new Promise<void>((res) => (release = res));
        await page.route(`**/api/projects/${NS}/**`, async (route) => {
          await held;
          await route.continue();
        });
      }
      await goto(page, r);
      if (release) {
        await expect(page.locator(LOADING).first(), `loading state on ${r.id}`).toBeVisible();
        const wide = await overflow(page);
        if (wide) problems.push(`phone ${r.id} (loading): ${wide}`);
        release();
        await page.unrouteAll({ behavior: 'wait' });
      }
      await ready(page, r);
      const readyAt = Date.now();
      if (release) await expect(page.locator(LOADING), `loading state gone on ${r.id}`).toHaveCount(0, { timeout: 60_000 });
      await judgeLayout(page, `phone ${r.id}`, readyAt, problems, figures);
      await page.screenshot({ path: `e2e/screenshots/responsive-phone-${r.id}.png`, fullPage: true });

      if (r.id === 'overview') {
        // the side nav collapses into a menu that navigates
        const project = new ProjectPage(page, NS);
        await expect(project.navLink('grayscale')).toBeHidden();
        await expect(project.navToggle).toHaveAttribute('aria-expanded', 'false');
        await project.navToggle.click();
        await expect(project.navToggle).toHaveAttribute('aria-expanded', 'true');
        await expect(project.navLink('grayscale')).toBeVisible();
        expect(await project.hasNoHorizontalScroll()).toBe(true);
        await project.screenshot('nav-open-phone');
        await project.navLink('grayscale').click();
        await project.expectHeading('Grayscale Release');
        await expect(project.navLink('grayscale')).toBeHidden();
        await expect(project.navToggle).toContainText('Grayscale Release');
      }
      console.log(`visit phone ${r.id}: ${Date.now() - t0} ms`);
    }
    console.log(`CLS phone summary: ${figures.join(', ')}`);
    await page.context().close();
    expect(problems).toEqual([]);
  });

  test('phone 390x844: every project page of an empty project says so; with the API unreachable each says what failed', async ({ browser }) => {
    const page = await phonePage(browser);
    const ctx = page.context();
    const problems: string[] = [];
    const t0 = Date.now();
    // empty: the pages side by side, each mostly waits for the cluster
    await Promise.all(
      [...PROJECT_PAGES.filter((s) => s !== 'members'), 'workloads'].map(async (segment) => {
        const p = await ctx.newPage();
        const project = new ProjectPage(p, EMPTY_NS);
        await project.goto(segment);
        if (segment === '') {
          // the overview counts: zero services, workloads and jobs
          await expect(p.getByTestId('overview-services-value'), 'the overview of an empty project counts 0 services').toHaveText('0', { timeout: 60_000 });
          await expect(p.getByTestId('overview-releases-value')).toHaveText('0');
        } else {
          await expect(project.emptyState.first(), `empty state on /${segment} of an empty project`).toBeVisible({ timeout: 60_000 });
          await expect(project.emptyState.first().getByTestId('empty-state-title')).not.toBeEmpty();
        }
        const wide = await overflow(p);
        if (wide) problems.push(`empty /${segment}: ${wide}`);
        if (segment === '' || segment === 'applications') await p.screenshot({ path: `e2e/screenshots/responsive-phone-empty-${segment || 'overview'}.png`, fullPage: true });
        await p.close();
        console.log(`empty /${segment}: ${Date.now() - t0} ms`);
      }),
    );
    const t1 = Date.now();

    // failed: the browser cannot reach the API; each page says what failed instead of spinning
    // (after the client's retries, a few seconds: side by side again)
    await Promise.all(
      PROJECT_PAGES.map(async (segment) => {
        const p = await ctx.newPage();
        await p.route(`**/api/projects/${NS}/**`, (route) => route.abort('connectionrefused'));
        await new ProjectPage(p, NS).goto(segment);
        await expect(p.getByRole('alert').first(), `error shown on /${segment}`).toBeVisible({ timeout: 60_000 });
        const wide = await overflow(p);
        if (wide) problems.push(`failed /${segment}: ${wide}`);
        if (segment === 'applications') await p.screenshot({ path: 'e2e/screenshots/responsive-phone-failed-applications.png', fullPage: true });
        await p.close();
        console.log(`failed /${segment}: ${Date.now() - t1} ms`);
      }),
    );
    await ctx.close();
    expect(problems).toEqual([]);
  });

  test('signed out: the login page passes axe before and after a failed attempt; unknown pages and projects answer 404 with the styled not-found page; a hidden project is not named', async ({ page, request }) => {
    for (const path of [`/projects/${NS}/no-such-page`, '/projects/no-such-project', '/projects/Not_A_Namespace', '/no-such-page']) {
      expect((await request.get(path)).status(), `GET ${path}`).toBe(404);
    }
    // an invalid project name: the styled not-found with a way out (signed in as admin)
    await page.goto('/projects/Not_A_Namespace');
    await expect(page.getByTestId('not-found-state')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to projects' })).toBeVisible();
    await new ProjectsPage(page).screenshot('not-found-desktop');

    await page.context().clearCookies();
    await page.goto('/login');
    await expect(page.getByTestId('login-form')).toBeVisible();
    const found: string[] = [...(await seriousViolations(page, 'login'))];
    await page.getByTestId('login-username').fill('project-regular');
    await page.getByTestId('login-password').fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toBeVisible();
    found.push(...(await seriousViolations(page, 'login (failed)')));
    expect(found).toEqual([]);

    const login = await page.request.post('/api/session', { data: { username: 'project-regular', password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const res = await page.goto(`/projects/${HIDDEN_NS}/grayscale`);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('not-found-state')).toBeVisible();
    await expect(page.getByTestId('project-switcher')).toContainText('Select a project');
    await expect(page.getByTestId('top-bar')).not.toContainText(HIDDEN_NS);
  });
});

test('GET /api/healthz reports ok', async ({ request }) => {
  const res = await request.get('/api/healthz');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(typeof body.version).toBe('string');
  expect(body.version.length).toBeGreaterThan(0);
  expect(Number.isInteger(body.uptimeSeconds)).toBe(true);
  expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
});
