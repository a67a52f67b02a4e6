import { expect, test } from '@playwright/test';
import { ProjectPage, type ProjectNavId } from './pages/project-page';
import { ProjectsPage } from './pages/projects-page';

const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';

// `content`: what the page shows instead of an empty state once Bookinfo is deployed into the same
// project (release.spec.ts deploys it; telemetry.spec.ts needs it); suites run in any order.
const NAV: { id: ProjectNavId; segment: string; heading: string; content?: string }[] = [
  { id: 'overview', segment: '', heading: 'Overview', content: 'resource-status' },
  { id: 'applications', segment: 'applications', heading: 'Applications', content: 'application-row' },
  { id: 'services', segment: 'services', heading: 'Services', content: 'service-row' },
  { id: 'workloads', segment: 'workloads', heading: 'Workloads' },
  { id: 'grayscale', segment: 'grayscale', heading: 'Grayscale Release', content: 'release-modes' },
  { id: 'traffic', segment: 'traffic', heading: 'Traffic Monitoring', content: 'topology-graph' },
  { id: 'tracing', segment: 'tracing', heading: 'Tracing', content: 'trace-list' },
];

test.describe('console shell (desktop 1280x800)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('/ redirects to the projects list', async ({ page }) => {
    const projects = new ProjectsPage(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/projects$/);
    await projects.expectHeading('Projects');
    await expect(projects.topBar).toContainText('Graylane');
    await expect(projects.table).toBeVisible();
    // Either real projects or an explicit empty state: never a blank table.
    await expect(projects.rows.first().or(projects.emptyState)).toBeVisible();
    await projects.screenshot('projects-desktop');
  });

  test('project switcher opens and explains what it can list', async ({ page }) => {
    const projects = new ProjectsPage(page);
    await projects.goto();
    await projects.projectSwitcher.click();
    const menu = page.getByTestId('project-switcher-menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('link', { name: 'View all projects' })).toBeVisible();
    await expect(menu.getByRole('listitem').first().or(page.getByTestId('project-switcher-message'))).toBeVisible();
    await projects.screenshot('project-switcher-desktop');
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(projects.projectSwitcher).toBeFocused();
  });

  for (const item of NAV) {
    test(`project page "${item.heading}" has its heading, active nav link and content or empty state`, async ({ page }) => {
      const project = new ProjectPage(page, NS);
      await project.goto(item.segment);
      await project.expectHeading(item.heading);
      await expect(page).toHaveTitle(`${item.heading} · Graylane`);
      await expect(page.getByTestId('project-nav-name')).toHaveText(NS);
      await expect(project.navLink(item.id)).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('[data-testid="project-nav"] [aria-current="page"]')).toHaveCount(1);
      if (item.content) {
        // never a blank page: rows (or the mode cards), or an empty state that says why
        await expect(page.getByTestId(item.content).first().or(project.emptyState.first())).toBeVisible();
      } else {
        await expect(project.emptyState.first()).toBeVisible();
        await expect(project.emptyState.first().getByTestId('empty-state-title')).not.toBeEmpty();
      }
      await project.screenshot(`${item.id}-desktop`);
    });
  }

  test('grayscale page shows the three release modes, each opening its Create Job wizard', async ({ page }) => {
    const project = new ProjectPage(page, NS);
    await project.goto('grayscale');
    for (const [mode, title, dialog] of [
      ['blue-green', 'Blue-Green Deployment', 'Create Blue-Green Deployment Job'],
      ['canary', 'Canary Release', 'Create Canary Release Job'],
      ['mirror', 'Traffic Mirroring', 'Create Traffic Mirroring Job'],
    ] as const) {
      const card = page.getByTestId(`release-mode-${mode}`);
      await expect(card.getByRole('heading', { name: title })).toBeVisible();
      const create = card.getByRole('button', { name: 'Create Job' });
      await expect(create).toBeEnabled();
      await create.click();
      await expect(page.getByRole('dialog', { name: dialog })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(create).toBeFocused(); // focus returns to the button that opened the wizard
    }
  });

  test('side nav links are real links, reachable and usable with the keyboard', async ({ page }) => {
    const project = new ProjectPage(page, NS);
    await project.goto();
    // Keyboard walk only once the page has settled: the nav gains Project Members when the session
    // arrives and the overview fills in; a Tab pressed during those renders raced them in CI.
    await expect(project.navLink('members')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('resource-status')).toBeVisible({ timeout: 15_000 });
    await project.navLink('overview').focus();
    await expect(project.navLink('overview')).toBeFocused();
    for (const item of NAV.slice(1)) {
      await page.keyboard.press('Tab');
      const link = project.navLink(item.id);
      await expect(link).toBeFocused();
      expect(await link.evaluate((el) => el.tagName)).toBe('A');
      await expect(link).toHaveAttribute('href', `/projects/${NS}/${item.segment}`);
      // a visible focus ring for keyboard users
      await expect(link).not.toHaveCSS('outline-style', 'none');
    }
    await project.navLink('overview').focus();
    await page.keyboard.press('Tab'); // applications
    await page.keyboard.press('Tab'); // services
    await page.keyboard.press('Tab'); // workloads
    await page.keyboard.press('Tab'); // grayscale
    await project.screenshot('keyboard-focus-desktop');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/grayscale$`));
    await project.expectHeading('Grayscale Release');
    await expect(project.navLink('grayscale')).toHaveAttribute('aria-current', 'page');
    await expect(project.navLink('overview')).not.toHaveAttribute('aria-current', /.*/);
  });

  test('unknown pages and invalid project names show a styled not-found', async ({ page }) => {
    await page.goto(`/projects/${NS}/no-such-page`);
    await expect(page.getByTestId('not-found-state')).toBeVisible();
    await expect(page.getByTestId('project-nav')).toBeVisible();
    await page.goto('/projects/Not_A_Namespace');
    await expect(page.getByTestId('not-found-state')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to projects' })).toBeVisible();
    await new ProjectsPage(page).screenshot('not-found-desktop');
  });
});

test.describe('console shell (phone 390x844)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  // Every route without horizontal scroll at 390x844 (and 1280x800), with its layout shift: responsive.spec.ts.
  test('side nav collapses into a menu that navigates', async ({ page }) => {
    const project = new ProjectPage(page, NS);
    await project.goto();
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
