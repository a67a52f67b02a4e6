import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { ProjectPage } from './pages/project-page';
import { deleteJob, NS, openRoute, startActiveJob, walkthroughRoutes } from './pages/walkthrough-routes';
import { create, deleteAndWait } from './support/kube-api';

/**
 * Issue 10 "Accessible and usable", layout half: every walkthrough page at 1280x800 and on a
 * 390x844 phone without horizontal scrolling, with its Cumulative Layout Shift (a
 * PerformanceObserver installed before any page script) below 0.1 from navigation until the data
 * is shown and has settled; and the states each project page has besides its data: loading (the
 * real answers held back), empty (a project with nothing in it) and failed (the browser's requests
 * to the API refused). CLS figures are printed (`CLS desktop: ...`) for the report.
 * shell.spec.ts keeps the navigation itself (headings, nav links, the phone menu).
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const JOB = 'responsive-canary';
const EMPTY_NS = 'e2e-empty-project';

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const;

/** Skeletons (components/page-skeleton.tsx) and the spinner (components/loading-state.tsx). */
const LOADING = '[data-skeleton], [data-testid="loading-state"]';

// web.dev's "good" CLS
const CLS_GOOD = 0.1;

/** The project pages that load data of their own (the states test opens each; Workloads has none yet). */
const PROJECT_PAGES = ['', 'applications', 'services', 'grayscale?tab=jobs', 'traffic', 'tracing', 'members'];

/** Routes outside the walkthrough, checked for layout too (shell.spec.ts checks their content). */
const OTHER_ROUTES = [
  { id: 'workloads', path: `/projects/${NS}/workloads`, ready: 'page-title' },
  { id: 'import', path: `/projects/${NS}/grayscale/import`, ready: 'page-title' },
];

/** Installs a buffered layout-shift observer before any page script runs; every navigation starts at 0. */
async function observeLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (e.hadRecentInput) continue;
        w.__cls += e.value;
        const node = e.sources?.[0]?.node;
        const what = node instanceof Element ? `${node.tagName.toLowerCase()}${node.getAttribute('data-testid') ? `[${node.getAttribute('data-testid')}]` : ''}.${String(node.className).slice(0, 50)}` : (node?.nodeName ?? '?');
        w.__shifts.push(`${e.value.toFixed(4)} ${what}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Horizontal overflow of the document, or null when it fits. */
function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    if (el.scrollWidth <= el.clientWidth) return null;
    // name the widest culprit so the failure says where to look
    let widest = '';
    let max = el.clientWidth;
    for (const n of document.querySelectorAll<HTMLElement>('body *')) {
      const r = n.getBoundingClientRect();
      if (r.right > max + 1) {
        max = r.right;
        widest = `${n.tagName.toLowerCase()}[${n.getAttribute('data-testid') ?? ''}].${String(n.className).slice(0, 60)}`;
      }
    }
    return `scrollWidth ${el.scrollWidth} > ${el.clientWidth} (${widest})`;
  });
}

/** A page in a context of its own for one viewport. */
async function pageFor(browser: Browser, vp: (typeof VIEWPORTS)[number]): Promise<Page> {
  const ctx = await browser.newContext({ ...vp });
  return ctx.newPage();
}

test.describe('responsive layout and stable loading', () => {
  // generous for a loaded CI machine; about 40 s in all on an idle one
  test.setTimeout(300_000);

  test.beforeAll(async ({ request }) => {
    await startActiveJob(request, JOB);
  });

  test.afterAll(async ({ request }) => {
    await deleteJob(request, JOB);
  });

  test(`every walkthrough page at 1280x800 and 390x844: no horizontal scroll, CLS < ${CLS_GOOD}`, async ({ browser }) => {
    const problems: string[] = [];
    // both viewports side by side: the pages spend most of their time waiting for the cluster
    await Promise.all(
      VIEWPORTS.map(async (vp) => {
        const page = await pageFor(browser, vp);
        await observeLayoutShift(page);
        const figures: string[] = [];
        for (const r of [...walkthroughRoutes(JOB), ...OTHER_ROUTES]) {
          await openRoute(page, r);
          // late parts (figures, charts, the session's nav entries) land before judging; no
          // networkidle: pages that poll the cluster never go idle
          await page.waitForTimeout(800);
          const wide = await overflow(page);
          if (wide) problems.push(`${vp.name} ${r.id}: ${wide}`);
          const { cls, shifts } = await page.evaluate(() => {
            const w = window as unknown as { __cls: number; __shifts: string[] };
            return { cls: w.__cls, shifts: w.__shifts };
          });
          figures.push(`${r.id} ${cls.toFixed(3)}`);
          console.log(`CLS ${vp.name} ${r.id}: ${cls.toFixed(4)}${shifts.length ? ` (${shifts.join('; ')})` : ''}`);
          if (cls >= CLS_GOOD) problems.push(`${vp.name} ${r.id}: CLS ${cls.toFixed(3)} (${shifts.join('; ')})`);
          // the phone is where layouts break; desktop pages are photographed by the other specs
          if (vp.name === 'phone') await page.screenshot({ path: `e2e/screenshots/responsive-phone-${r.id}.png`, fullPage: true });
        }
        console.log(`CLS ${vp.name} summary: ${figures.join(', ')}`);
        await page.context().close();
      }),
    );
    expect(problems).toEqual([]);
  });

  test('loading, empty and failed states on every project page, on the phone', async ({ browser, request }) => {
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: EMPTY_NS, labels: { 'kubernetes.io/metadata.name': EMPTY_NS, 'istio-injection': 'enabled' } } });
    try {
      await expect.poll(async () => (await request.get(`/api/projects/${EMPTY_NS}`)).status()).toBe(200);
      const page = await pageFor(browser, VIEWPORTS[1]);
      const problems: string[] = [];

      // loading: each answer held back until the loading state has been seen
      let release: () => void = () => {};
      let held = new Promise<void>((r) => (release = r));
      await page.route(`**/api/projects/${NS}/**`, async (route) => {
        await held;
        await route.continue();
      });
      for (const segment of PROJECT_PAGES.filter((s) => s !== 'members')) {
        const project = new ProjectPage(page, NS);
        await project.goto(segment);
        await expect(page.locator(LOADING).first(), `loading state on /${segment}`).toBeVisible();
        const wide = await overflow(page);
        if (wide) problems.push(`loading /${segment}: ${wide}`);
        release();
        await expect(page.locator(LOADING), `loading state gone on /${segment}`).toHaveCount(0, { timeout: 60_000 });
        held = new Promise<void>((r) => (release = r));
      }
      release();
      await page.unroute(`**/api/projects/${NS}/**`);

      // empty: a project with nothing in it says so on every page (the pages side by side: each
      // mostly waits for the cluster)
      const ctx = page.context();
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
        }),
      );

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
        }),
      );
      await page.context().close();
      expect(problems).toEqual([]);
    } finally {
      await deleteAndWait(`/api/v1/namespaces/${EMPTY_NS}`, 60_000);
    }
  });

  test('unknown pages and projects answer 404 with the styled not-found page; a hidden project is not named', async ({ page, request }) => {
    for (const path of [`/projects/${NS}/no-such-page`, '/projects/no-such-project', '/projects/Not_A_Namespace', '/no-such-page']) {
      expect((await request.get(path)).status(), `GET ${path}`).toBe(404);
    }
    // project-regular has no role in kube-public's stand-in: a project that exists but is hidden
    await page.context().clearCookies();
    const login = await page.request.post('/api/session', { data: { username: 'project-regular', password: process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd' } });
    expect(login.status()).toBe(200);
    const hidden = `e2e-hidden-project`;
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: hidden } });
    try {
      const res = await page.goto(`/projects/${hidden}/grayscale`);
      expect(res?.status()).toBe(404);
      await expect(page.getByTestId('not-found-state')).toBeVisible();
      await expect(page.getByTestId('project-switcher')).toContainText('Select a project');
      await expect(page.getByTestId('top-bar')).not.toContainText(hidden);
    } finally {
      await deleteAndWait(`/api/v1/namespaces/${hidden}`, 60_000);
    }
  });
});
