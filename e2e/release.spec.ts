import { expect as baseExpect, test, type APIRequestContext } from '@playwright/test';
import { ApplicationsPage } from './pages/applications-page';
import { GrayscalePage } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';

/**
 * The KubeSphere canary walkthrough (tutorial steps 1-3, 6, 7) against the demo stack: deploy
 * Bookinfo, create `canary-release` for reviews v2 at 30%, check the split through the ingress,
 * take over with v2, take the job offline. One serial flow: each step builds on the last.
 */

// Pages poll the cluster; on a loaded machine the first answer can take longer than the 7 s default.
const expect = baseExpect.configure({ timeout: 20_000 });

const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const INGRESS = (process.env.GRAYLANE_INGRESS_URL ?? '').replace(/\/+$/, '');
const JOB = 'canary-release';
const V2_IMAGE = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';

interface StarCount {
  black: number;
  other: number;
  failed: number;
  total: number;
}

/** Loads /productpage `n` times through the ingress and counts the reviews marker the embedded Bookinfo renders (`data-stars`). */
async function sampleStars(request: APIRequestContext, n: number): Promise<StarCount> {
  const out: StarCount = { black: 0, other: 0, failed: 0, total: n };
  const batch = 10;
  for (let i = 0; i < n; i += batch) {
    const results = await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, async () => {
        const res = await request.get(`${INGRESS}/productpage`, { timeout: 10_000 });
        if (!res.ok()) return 'failed';
        const html = await res.text();
        return /data-stars="black"/.test(html) ? 'black' : 'other';
      }),
    );
    for (const r of results) out[r]++;
  }
  return out;
}

async function serviceVersions(request: APIRequestContext, service: string): Promise<string[]> {
  const res = await request.get(`/api/projects/${NS}/services`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { items: { name: string; versions: { version: string }[] }[] };
  return (body.items.find((s) => s.name === service)?.versions ?? []).map((v) => v.version).sort();
}

test.describe.serial('canary release walkthrough (desktop 1280x800)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test.setTimeout(120_000);

  test.beforeAll(async ({ request }) => {
    expect(INGRESS, 'GRAYLANE_INGRESS_URL must be exported from the demo stack (scripts/test.sh does)').not.toBe('');
    const res = await request.get(`/api/projects/${NS}/releases/${JOB}`);
    // A job left from an earlier run on the same stack would make every step ambiguous.
    expect(res.status(), `release job ${JOB} already exists: run against a fresh demo stack (new --data-dir)`).toBe(404);
  });

  test('1. deploy Bookinfo from Applications and see its four components', async ({ page, request }) => {
    const apps = new ApplicationsPage(page, NS);
    await apps.open();
    await apps.expectHeading('Applications');
    await expect(apps.rows.first().or(apps.emptyState)).toBeVisible();
    if (!(await apps.row('bookinfo').isVisible())) {
      await apps.screenshot('release-01-applications-empty');
      await apps.deployButton.click();
      await expect(apps.deployDialog).toBeVisible();
      await expect(page.getByRole('dialog', { name: 'Deploy Sample Application' })).toBeVisible();
      for (const c of ['productpage', 'details', 'reviews', 'ratings']) await expect(page.getByTestId('deploy-sample-components')).toContainText(c);
      await apps.screenshot('release-02-deploy-dialog', { fullPage: false });
      await apps.deployConfirm.click();
      await expect(page.getByTestId('toast-success')).toContainText('Bookinfo deployed', { timeout: 30_000 });
      await expect(apps.deployDialog).toBeHidden();
    }
    const row = apps.row('bookinfo');
    await expect(row.getByTestId('application-component-count')).toHaveText('4');
    for (const c of ['productpage', 'details', 'reviews', 'ratings']) await expect(row.getByTestId('application-components')).toContainText(c);
    await expect(row.getByTestId('application-status')).toHaveText('Running', { timeout: 60_000 });
    await expect(apps.deployButton).toBeDisabled();
    await apps.screenshot('release-03-applications');

    await row.getByTestId('application-link').click();
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/applications/bookinfo$`));
    await expect(page.getByTestId('application-summary')).toContainText('bookinfo');
    await expect(page.getByTestId('component-card')).toHaveCount(4);
    await expect(apps.componentCard('reviews').getByTestId('component-version')).toHaveAttribute('data-version', 'v1');
    await expect(apps.componentCard('reviews').getByTestId('pod-dot').first()).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('application-visit')).toHaveAttribute('href', `${INGRESS}/productpage`);
    await apps.screenshot('release-04-application-detail');
    await page.getByTestId('application-tabs-routes').click();
    await expect(page.getByTestId('application-routes')).toContainText('/productpage');
    await apps.screenshot('release-05-application-routes');

    const page1 = await request.get(`${INGRESS}/productpage`);
    expect(page1.status()).toBe(200);
    expect(await page1.text()).toContain('data-stars="none"');

    await apps.goto('services');
    await expect(page.locator('[data-testid="service-row"][data-name="reviews"] [data-testid="service-version"]')).toHaveAttribute('data-version', 'v1');
    await apps.screenshot('release-06-services');
  });

  test('2. create canary-release for reviews v2 at 30% with the wizard', async ({ page }) => {
    const gray = new GrayscalePage(page, NS);
    await gray.open();
    await gray.expectHeading('Grayscale Release');
    await expect(gray.createJob('canary')).toBeEnabled();
    await gray.screenshot('release-07-grayscale-modes');
    await gray.createJob('canary').click();
    await expect(page.getByRole('dialog', { name: 'Create Canary Release Job' })).toBeVisible();

    // Basic Information: validated before Next, the error names the field.
    await expect(page.getByTestId('wizard-name')).toBeFocused();
    await gray.next.click();
    await expect(page.getByTestId('wizard-error-name')).toHaveText('Enter a name.');
    await page.getByTestId('wizard-name').fill('Canary_Release');
    await gray.next.click();
    await expect(page.getByTestId('wizard-error-name')).toContainText('DNS-1123');
    await expect(page.getByTestId('wizard-name')).toHaveAttribute('aria-invalid', 'true');
    await gray.screenshot('release-08-wizard-name-error', { fullPage: false });
    await page.getByTestId('wizard-name').fill(JOB);
    await gray.next.click();

    // Service Settings
    await page.getByTestId('wizard-app').selectOption('bookinfo');
    await expect(gray.serviceCard('reviews')).toContainText('v1');
    await gray.next.click();
    await expect(page.getByTestId('wizard-error-service')).toBeVisible();
    await gray.serviceCard('reviews').click();
    await gray.screenshot('release-09-wizard-service', { fullPage: false });
    await gray.next.click();

    // New Version Settings: prefilled from the running v1
    await expect(page.getByTestId('wizard-baseline-version')).toHaveText('v1');
    await expect(page.getByTestId('wizard-version-input')).toHaveValue('v2');
    await page.getByTestId('wizard-version-input').fill('v1');
    await gray.next.click();
    await expect(page.getByTestId('wizard-error-version')).toContainText('differ from the running version v1');
    await page.getByTestId('wizard-version-input').fill('v2');
    await page.getByTestId('wizard-image-reviews').fill(V2_IMAGE);
    await gray.screenshot('release-10-wizard-version', { fullPage: false });
    await gray.next.click();

    // Strategy Settings: "by request content" offers condition groups (looked at, not used here)
    await page.getByTestId('wizard-canary-content').click();
    await expect(page.getByTestId('match-group')).toHaveCount(1);
    await page.getByTestId('match-value').fill('jason');
    await page.getByTestId('match-add-condition').click();
    await gray.screenshot('release-28-wizard-content', { fullPage: false });
    await page.getByTestId('wizard-canary-weight').click();
    await expect(page.getByTestId('match-groups')).toBeHidden();
    // the slider shows both percentages live
    await gray.setSlider(30);
    await expect(page.getByTestId('wizard-slider-baseline')).toContainText('70%');
    await expect(page.getByTestId('wizard-slider-candidate')).toContainText('30%');
    await gray.screenshot('release-11-wizard-strategy', { fullPage: false });
    await gray.next.click();

    // Preview: summary and the generated Istio objects
    await expect(page.getByTestId('wizard-summary-traffic')).toHaveText('v1 70%, v2 30%');
    await expect(page.getByTestId('wizard-yaml-diff')).toContainText('VirtualService', { timeout: 15_000 });
    await gray.screenshot('release-12-wizard-preview', { fullPage: false });
    await gray.create.click();
    await expect(page.getByTestId('toast-success')).toContainText(`Release job ${JOB} created`, { timeout: 15_000 });
    await expect(gray.wizard).toBeHidden();

    await expect(gray.jobCard(JOB)).toBeVisible();
    await expect(gray.jobCard(JOB)).toContainText('Canary Release');
    await expect(gray.jobCard(JOB)).toContainText('reviews');
    await expect(gray.jobCard(JOB).locator('[data-testid="release-job-version"][data-version="v2"] [data-testid="release-job-weight"]')).toHaveText('30%', { timeout: 60_000 });
    await gray.screenshot('release-13-jobs-list');
  });

  test('3. job detail shows both versions, v2 ready and 70/30', async ({ page }) => {
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(page.getByTestId('page-title')).toHaveText(JOB);
    await expect(page.getByTestId('release-strategy')).toHaveText('Canary Release');
    await expect(job.versionCard('v1')).toBeVisible();
    await expect(job.versionCard('v2')).toBeVisible();
    await expect(job.replicas('v2')).toHaveText('1/1', { timeout: 60_000 });
    await expect(job.weight('v1')).toHaveText('70%', { timeout: 30_000 });
    await expect(job.weight('v2')).toHaveText('30%');
    await expect(job.phase).toHaveText('Progressing');
    await expect(page.getByTestId('release-slider-input')).toHaveValue('30');
    await job.screenshot('release-14-job-detail');
    await page.getByTestId('release-tabs-yaml').click();
    await expect(page.getByTestId('release-yaml-diff')).toBeVisible({ timeout: 15_000 });
    await job.screenshot('release-15-job-yaml');
  });

  test('4. about 30% of /productpage loads through the ingress show black stars', async ({ request }) => {
    const n = 200;
    const stars = await sampleStars(request, n);
    expect(stars.failed, 'no request fails while the job runs').toBe(0);
    const share = (stars.black / n) * 100;
    expect(share, `black stars in ${stars.black}/${n} loads`).toBeGreaterThanOrEqual(20);
    expect(share, `black stars in ${stars.black}/${n} loads`).toBeLessThanOrEqual(40);
  });

  test('5. Take Over with v2 sends 100% to v2', async ({ page, request }) => {
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(job.replicas('v2')).toHaveText('1/1');
    await job.takeOver('v2').click();
    const dialog = page.getByTestId('release-takeover-dialog');
    await expect(dialog).toContainText('100%');
    await job.screenshot('release-16-takeover-dialog', { fullPage: false });
    await page.getByTestId('release-takeover-dialog-confirm').click();
    await expect(page.getByTestId('toast-success')).toContainText('v2 takes over all traffic');
    await expect(job.weight('v2')).toHaveText('100%', { timeout: 30_000 });
    await expect(job.weight('v1')).toHaveText('0%');
    await expect(job.phase).toHaveText('Taken over');
    await expect(page.getByTestId('release-restore')).toBeVisible();
    await job.screenshot('release-17-taken-over');

    const stars = await sampleStars(request, 50);
    expect(stars).toEqual({ black: 50, other: 0, failed: 0, total: 50 });
  });

  test('6. Job Offline keeps v2, removes the v1 Deployment; only v2 serves', async ({ page, request }) => {
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(job.offlineButton).toBeEnabled({ timeout: 15_000 });
    await job.offlineButton.click();
    await expect(page.getByTestId('release-offline-keeps')).toHaveText('v2');
    await expect(page.getByTestId('release-offline-removes')).toHaveText('v1');
    await job.screenshot('release-18-offline-dialog', { fullPage: false });
    await page.getByTestId('release-offline-dialog-confirm').click();
    await expect(page.getByTestId('toast-success')).toContainText('keeping v2');
    await expect(job.phase).toHaveText('Completed', { timeout: 60_000 });
    await expect(job.versionCard('v1').getByTestId('release-version-workload')).toHaveText('removed', { timeout: 30_000 });
    await job.screenshot('release-19-completed');

    await expect.poll(() => serviceVersions(request, 'reviews'), { timeout: 30_000 }).toEqual(['v2']);
    const stars = await sampleStars(request, 50);
    expect(stars).toEqual({ black: 50, other: 0, failed: 0, total: 50 });

    const gray = new GrayscalePage(page, NS);
    await gray.open('jobs');
    await expect(gray.jobCard(JOB)).toHaveAttribute('data-phase', 'Completed');
    await gray.screenshot('release-20-jobs-completed');
    await gray.goto('services');
    await expect(page.locator('[data-testid="service-row"][data-name="reviews"] [data-testid="service-version"]')).toHaveCount(1);
    await gray.screenshot('release-21-services-after');
  });

  for (const [i, { mode, service, job, strategyShot }] of [
    { mode: 'blue-green', service: 'details', job: 'details-blue-green', strategyShot: 'release-26-wizard-bluegreen' },
    { mode: 'mirror', service: 'ratings', job: 'ratings-mirror', strategyShot: 'release-27-wizard-mirror' },
  ].entries()) {
    test(`6.${i + 1}. ${mode} job through the wizard, then Delete rolls it back`, async ({ page, request }) => {
      const gray = new GrayscalePage(page, NS);
      await gray.open();
      await gray.createJob(mode as 'blue-green' | 'mirror').click();
      await page.getByTestId('wizard-name').fill(job);
      await gray.next.click();
      await page.getByTestId('wizard-app').selectOption('bookinfo');
      await gray.serviceCard(service).click();
      await gray.next.click();
      await expect(page.getByTestId('wizard-version-input')).toHaveValue('v2');
      await gray.next.click();
      if (mode === 'blue-green') {
        await expect(page.getByTestId('wizard-bluegreen-baseline')).toContainText('v1');
        await page.getByTestId('wizard-bluegreen-baseline').click();
      } else {
        await page.getByTestId('wizard-mirror-percent').fill('50');
        await expect(page.getByTestId('wizard-mirror-value')).toHaveText('50%');
      }
      await gray.screenshot(strategyShot, { fullPage: false });
      await gray.next.click();
      await expect(page.getByTestId('wizard-yaml-diff')).toBeVisible({ timeout: 15_000 });
      await gray.create.click();
      await expect(gray.jobCard(job)).toBeVisible({ timeout: 15_000 });
      await expect(gray.jobCard(job).locator('[data-testid="release-job-version"][data-version="v2"] [data-testid="release-job-replicas"]')).toHaveText('1/1 ready', { timeout: 60_000 });
      await expect(gray.jobCard(job).locator('[data-testid="release-job-version"][data-version="v1"] [data-testid="release-job-weight"]')).toHaveText('100%');

      const detail = new ReleaseJobPage(page, NS, job);
      await detail.open();
      await page.getByTestId('release-delete').click();
      await page.getByTestId('release-delete-dialog-confirm').click();
      await expect(page).toHaveURL(/grayscale\?tab=jobs$/);
      await expect(gray.jobCard(job)).toHaveCount(0, { timeout: 60_000 });
      await expect.poll(() => serviceVersions(request, service), { timeout: 30_000 }).toEqual(['v1']);
    });
  }

  test('7. the release pages fit a phone (390x844) without horizontal scroll', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const apps = new ApplicationsPage(page, NS);
    await apps.open();
    await expect(apps.row('bookinfo')).toBeVisible();
    expect(await apps.hasNoHorizontalScroll()).toBe(true);
    await apps.screenshot('release-22-applications-phone');
    await apps.openDetail('bookinfo');
    await expect(page.getByTestId('component-card')).toHaveCount(4);
    expect(await apps.hasNoHorizontalScroll()).toBe(true);
    await apps.screenshot('release-23-application-detail-phone');
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(job.versionCard('v2')).toBeVisible();
    expect(await job.hasNoHorizontalScroll()).toBe(true);
    await job.screenshot('release-24-job-detail-phone');
    const gray = new GrayscalePage(page, NS);
    await gray.open();
    await gray.createJob('canary').click();
    await expect(gray.wizard).toBeVisible();
    expect(await gray.hasNoHorizontalScroll()).toBe(true);
    await gray.screenshot('release-25-wizard-phone', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect(gray.wizard).toBeHidden();
  });
});
