import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { GrayscalePage } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';
import { deleteJob, NS, openRoute, startActiveJob, walkthroughRoutes } from './pages/walkthrough-routes';

/**
 * Issue 10 "Accessible and usable": axe-core on every page of the walkthrough (login, projects,
 * overview, applications, application detail, services, grayscale release, job list, job detail,
 * traffic, tracing, trace detail, members, accounts, not found), on each step of the Create Job
 * wizard and on the job's dialogs: no serious or critical violation of the WCAG 2.1 A/AA rules
 * (colour contrast included). Each page's figures are printed (`axe <page>: ...`) for the report.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const JOB = 'a11y-canary';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The serious and critical violations on the page as it is now, one line each (rule, impact, first nodes); logs the page's figures. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const t0 = Date.now();
  // legacy mode: one axe.run in the page; the default also opens a blank page per check to merge
  // frame results, and the console has no iframes to merge
  // Charts are excluded: recharts draws them as SVG inside a labelled role="img" whose inner text
  // axe does not judge, yet walking it took half of each check's time on the job detail
  const result = await new AxeBuilder({ page }).withTags(WCAG).exclude('.recharts-wrapper').setLegacyMode(true).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = result.violations.length - serious.length;
  console.log(`axe ${where} (${Date.now() - t0} ms): ${result.passes.length} rules pass, ${serious.length} serious/critical, ${other} minor/moderate${other ? ` (${result.violations.filter((v) => !serious.includes(v)).map((v) => v.id).join(', ')})` : ''}`);
  return serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} -> ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${(n.any[0]?.message ?? n.failureSummary ?? '').slice(0, 160)}`)
        .join(' | ')}`,
  );
}

test.describe('accessibility (axe-core)', () => {
  // axe takes about a second a page on an idle machine, ten times that on a loaded one
  test.setTimeout(360_000);

  test.beforeAll(async ({ request }) => {
    await startActiveJob(request, JOB);
  });

  test.afterAll(async ({ request }) => {
    await deleteJob(request, JOB);
  });

  test('the login page, before and after a failed attempt', async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    await page.goto('/login');
    await expect(page.getByTestId('login-form')).toBeVisible();
    expect(await seriousViolations(page, 'login')).toEqual([]);
    await page.getByTestId('login-username').fill('project-regular');
    await page.getByTestId('login-password').fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toBeVisible();
    expect(await seriousViolations(page, 'login (failed)')).toEqual([]);
    await ctx.close();
  });

  test('every walkthrough page', async ({ page }) => {
    const found: Record<string, string[]> = {};
    for (const r of walkthroughRoutes(JOB)) {
      await openRoute(page, r);
      const v = await seriousViolations(page, r.id);
      if (v.length) found[r.id] = v;
    }
    expect(found).toEqual({});
  });

  test('the Create Job wizard step by step, the top-bar menus and the job dialogs', async ({ page }) => {
    const found: Record<string, string[]> = {};
    const check = async (id: string) => {
      const v = await seriousViolations(page, id);
      if (v.length) found[id] = v;
    };
    const gray = new GrayscalePage(page, NS);
    await gray.open();
    await gray.projectSwitcher.click();
    await expect(page.getByTestId('project-switcher-menu').getByRole('listitem').first()).toBeVisible();
    await check('project-switcher-menu');
    await page.keyboard.press('Escape');

    await gray.createJob('canary').click();
    await expect(gray.wizard).toBeVisible();
    await gray.next.click(); // empty name: the error state is checked too
    await expect(page.getByTestId('wizard-error-name')).toBeVisible();
    await check('wizard-basic (error)');
    await page.getByTestId('wizard-name').fill('a11y-wizard');
    await gray.next.click();
    await page.getByTestId('wizard-app').selectOption('bookinfo');
    await gray.serviceCard('details').click();
    await check('wizard-service');
    await gray.next.click();
    await expect(page.getByTestId('wizard-version-input')).toBeVisible();
    await check('wizard-version');
    await gray.next.click();
    await expect(page.getByTestId('wizard-slider-input')).toBeVisible();
    await check('wizard-strategy');
    await gray.next.click();
    await expect(page.getByTestId('wizard-yaml-diff')).toContainText('VirtualService', { timeout: 30_000 });
    await check('wizard-preview');
    await page.keyboard.press('Escape');
    await expect(gray.wizard).toBeHidden();

    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(job.takeOver('v2').or(job.takeOver('v3'))).toBeEnabled({ timeout: 60_000 });
    await job.versionCard('v2').or(job.versionCard('v3')).getByTestId('release-version-takeover').click();
    await expect(page.getByTestId('release-takeover-dialog')).toBeVisible();
    await check('take-over dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('release-slider-input').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('release-traffic-apply').click();
    await expect(page.getByTestId('release-traffic-confirm')).toBeVisible();
    await check('traffic confirm dialog');
    await page.keyboard.press('Escape');
    expect(found).toEqual({});
  });
});
