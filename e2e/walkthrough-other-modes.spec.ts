import { expect as baseExpect, test, type APIRequestContext } from '@playwright/test';
import { GrayscalePage } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';

/**
 * The walkthrough's two other release modes (issue 5 in the browser): a blue-green job on details
 * and a mirror job on ratings through the Create Job wizard, each rolled back with Delete. Runs
 * after the walkthrough (which leaves reviews at v2); deploys Bookinfo itself when run alone.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const API = `/api/projects/${NS}`;

async function serviceVersions(request: APIRequestContext, service: string): Promise<string[]> {
  const res = await request.get(`${API}/services`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { items: { name: string; versions: { version: string }[] }[] };
  return (body.items.find((s) => s.name === service)?.versions ?? []).map((v) => v.version).sort();
}

test.describe.serial('blue-green and mirror jobs through the wizard', () => {
  test.setTimeout(120_000);

  test.beforeAll(async ({ request }) => {
    const deploy = await request.post(`${API}/applications/sample`);
    expect([200, 201, 202, 409], `deploy sample: ${deploy.status()}`).toContain(deploy.status());
  });

  for (const { mode, service, job, strategyShot } of [
    { mode: 'blue-green', service: 'details', job: 'details-blue-green', strategyShot: 'release-26-wizard-bluegreen' },
    { mode: 'mirror', service: 'ratings', job: 'ratings-mirror', strategyShot: 'release-27-wizard-mirror' },
  ] as const) {
    test(`${mode} job through the wizard, then Delete rolls it back`, async ({ page, request }) => {
      await expect.poll(() => serviceVersions(request, service), { timeout: 60_000 }).toEqual(['v1']);
      const gray = new GrayscalePage(page, NS);
      await gray.open();
      await gray.createJob(mode).click();
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
});
