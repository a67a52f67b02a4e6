import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { GrayscalePage, type ReleaseModeId } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';

/**
 * Issue 5 in the browser: one job of each strategy (blue-green, canary by ratio, canary by
 * content, mirror) created through the Create Job wizard, each job's detail checked (versions,
 * traffic, the YAML tab in sync with the cluster) and photographed. Uses details and ratings only:
 * the walkthrough needs reviews for its own job. Every job made here is deleted (and waited for)
 * before the next job on the same Service and in afterAll, so later specs find Bookinfo as it was.
 */

const expect = baseExpect.configure({ timeout: 45_000 });
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const API = `/api/projects/${NS}`;
const JOBS = { blueGreen: 'e2e-bg-details', mirror: 'e2e-mirror-ratings', ratio: 'e2e-ratio-details', content: 'e2e-content-ratings' } as const;

interface ServiceItem {
  name: string;
  versions: { version: string; readyReplicas: number }[];
}

async function services(request: APIRequestContext): Promise<ServiceItem[]> {
  const res = await request.get(`${API}/services`);
  expect(res.ok(), `GET services: ${res.status()}`).toBe(true);
  return ((await res.json()) as { items: ServiceItem[] }).items;
}

/** The versions of a Service with ready pods, sorted. */
async function readyVersions(request: APIRequestContext, service: string): Promise<string[]> {
  const svc = (await services(request)).find((s) => s.name === service);
  return (svc?.versions ?? []).filter((v) => v.readyReplicas > 0).map((v) => v.version).sort();
}

/** Deletes a job (its finalizer rolls it back) and waits until it is gone. */
async function deleteJob(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.delete(`${API}/releases/${name}`);
  expect([200, 202, 204, 404], `DELETE ${name}: ${res.status()}`).toContain(res.status());
  await expect.poll(async () => (await request.get(`${API}/releases/${name}`)).status(), { timeout: 30_000, message: `${name} deleted` }).toBe(404);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/strategies-${name}.png`, fullPage: true });
}

/** Steps 1-3 of the wizard: name, service (from bookinfo), version v2 as suggested. */
async function startWizard(gray: GrayscalePage, page: Page, mode: ReleaseModeId, name: string, service: string): Promise<void> {
  await gray.open();
  await gray.createJob(mode).click();
  await page.getByTestId('wizard-name').fill(name);
  await gray.next.click();
  await page.getByTestId('wizard-app').selectOption('bookinfo');
  await gray.serviceCard(service).click();
  await gray.next.click();
  await expect(page.getByTestId('wizard-version-input')).toHaveValue('v2');
  await gray.next.click();
}

/** Step 5: the preview lists the objects and shows the diff (all new for a Service without a job), then Create. */
async function previewAndCreate(gray: GrayscalePage, page: Page, name: string, shotName: string, expectInDiff: string[]): Promise<void> {
  await gray.next.click();
  const diff = page.getByTestId('wizard-yaml-diff');
  await expect(diff).toContainText('VirtualService', { timeout: 15_000 });
  for (const text of expectInDiff) await expect(diff).toContainText(text);
  await expect(page.getByTestId('wizard-yaml-objects-document')).toHaveCount(3);
  await shot(page, shotName);
  await gray.create.click();
  await expect(gray.jobCard(name)).toBeVisible({ timeout: 15_000 });
}

/** Waits (through the API) until the job's preview has nothing left to apply: v2 ready and routed. */
async function waitInSync(request: APIRequestContext, name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await request.get(`${API}/releases/${name}/preview`);
        if (!res.ok()) return `HTTP ${res.status()}`;
        const body = (await res.json()) as { documents: { kind: string; changed: boolean }[] };
        return body.documents.filter((d) => d.changed).map((d) => d.kind).join(', ') || 'in sync';
      },
      { timeout: 60_000, intervals: [500, 1_000], message: `${name}: preview in sync with the cluster` },
    )
    .toBe('in sync');
}

/** The job detail once the controller is done: v2 ready, and the YAML tab shows no difference from the cluster. */
async function openDetailInSync(page: Page, request: APIRequestContext, name: string): Promise<ReleaseJobPage> {
  await waitInSync(request, name);
  const detail = new ReleaseJobPage(page, NS, name);
  await detail.open();
  await expect(detail.replicas('v2')).toHaveText('1/1');
  await page.getByTestId('release-tabs-yaml').click();
  const summary = page.getByTestId('release-yaml-diff-summary');
  await expect(summary).toContainText('No changes');
  await expect(summary).toHaveAttribute('data-added', '0');
  await expect(summary).toHaveAttribute('data-removed', '0');
  return detail;
}

test.describe.serial('one job of each strategy through the wizard', () => {
  test.setTimeout(300_000);

  test.beforeAll(async ({ request }) => {
    test.setTimeout(300_000);
    if (!(await services(request)).some((s) => s.name === 'details')) {
      const deploy = await request.post(`${API}/applications/sample`);
      // 409: deployed meanwhile (the POST is not idempotent: it refuses a second Bookinfo).
      expect([201, 409], `deploy sample: ${deploy.status()}`).toContain(deploy.status());
    }
    for (const name of Object.values(JOBS)) if ((await request.get(`${API}/releases/${name}`)).ok()) await deleteJob(request, name);
    await expect.poll(() => readyVersions(request, 'details'), { timeout: 60_000 }).toEqual(['v1']);
    await expect.poll(() => readyVersions(request, 'ratings'), { timeout: 60_000 }).toEqual(['v1']);
  });

  test.afterAll(async ({ request }) => {
    for (const name of Object.values(JOBS)) if ((await request.get(`${API}/releases/${name}`)).ok()) await deleteJob(request, name);
    await expect.poll(() => readyVersions(request, 'details'), { timeout: 30_000 }).toEqual(['v1']);
    await expect.poll(() => readyVersions(request, 'ratings'), { timeout: 30_000 }).toEqual(['v1']);
  });

  test('blue-green on details: both version cards, switch with Take Over and Restore', async ({ page, request }) => {
    const gray = new GrayscalePage(page, NS);
    await startWizard(gray, page, 'blue-green', JOBS.blueGreen, 'details');
    const blue = page.getByTestId('wizard-bluegreen-baseline');
    const green = page.getByTestId('wizard-bluegreen-candidate');
    await expect(blue).toContainText('v1');
    await expect(blue.getByTestId('wizard-bluegreen-now')).toHaveText('Receives all traffic now');
    await expect(green).toContainText('v2');
    await expect(green.getByTestId('wizard-bluegreen-now')).toHaveText('No traffic now');
    await blue.click();
    await shot(page, '01-wizard-bluegreen');
    await previewAndCreate(gray, page, JOBS.blueGreen, '02-wizard-bluegreen-preview', ['subset: v1']);

    const detail = await openDetailInSync(page, request, JOBS.blueGreen);
    await expect(detail.weight('v1')).toHaveText('100%');
    await expect(detail.weight('v2')).toHaveText('0%');
    await expect(page.getByTestId('release-traffic')).toContainText('Traffic (blue-green)');
    await detail.takeOver('v2').click();
    await page.getByTestId('release-takeover-dialog-confirm').click();
    await expect(detail.weight('v2')).toHaveText('100%', { timeout: 20_000 });
    await expect(detail.weight('v1')).toHaveText('0%');
    await shot(page, '03-detail-bluegreen-green');
    await page.getByTestId('release-restore').click();
    await page.getByTestId('release-restore-dialog-confirm').click();
    await expect(detail.weight('v1')).toHaveText('100%', { timeout: 20_000 });
    await deleteJob(request, JOBS.blueGreen);
  });

  test('mirror 50% on ratings: the detail shows the mirrored share and rate', async ({ page, request }) => {
    const gray = new GrayscalePage(page, NS);
    await startWizard(gray, page, 'mirror', JOBS.mirror, 'ratings');
    await page.getByTestId('wizard-mirror-percent').fill('50');
    await expect(page.getByTestId('wizard-mirror-value')).toHaveText('50%');
    await previewAndCreate(gray, page, JOBS.mirror, '04-wizard-mirror-preview', ['mirrorPercentage:', 'value: 50']);

    const detail = await openDetailInSync(page, request, JOBS.mirror);
    await expect(detail.weight('v1')).toHaveText('100%');
    await expect(page.getByTestId('release-traffic')).toContainText('50% are copied to v2');
    await expect(page.getByTestId('release-mirrored-rate')).toContainText('mirrored requests/s');
    await shot(page, '05-detail-mirror');
    await deleteJob(request, JOBS.mirror);
  });

  test('canary by ratio on details: 30% to v2', async ({ page, request }) => {
    const gray = new GrayscalePage(page, NS);
    await startWizard(gray, page, 'canary', JOBS.ratio, 'details');
    await page.getByTestId('wizard-canary-weight').click();
    await gray.setSlider(30);
    await previewAndCreate(gray, page, JOBS.ratio, '06-wizard-ratio-preview', ['weight: 70', 'weight: 30']);

    const detail = await openDetailInSync(page, request, JOBS.ratio);
    await expect(detail.weight('v1')).toHaveText('70%');
    await expect(detail.weight('v2')).toHaveText('30%');
    await shot(page, '07-detail-ratio');

    // Edit the running job (issue 5): the wizard's validation refuses bad replicas on the field,
    // then 2 replicas and 50% are saved and applied.
    await page.getByTestId('release-edit').click();
    const dialog = page.getByTestId('job-edit-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('job-edit-replicas').fill('-1');
    await dialog.getByTestId('job-edit-save').click();
    await expect(dialog.getByTestId('job-edit-error-replicas')).toBeVisible();
    await dialog.getByTestId('job-edit-replicas').fill('2');
    await gray.setSlider(50);
    await shot(page, '07b-edit-ratio');
    await dialog.getByTestId('job-edit-save').click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
    await waitInSync(request, JOBS.ratio);
    await expect(detail.weight('v1')).toHaveText('50%', { timeout: 15_000 });
    await expect(detail.weight('v2')).toHaveText('50%');
    await expect(detail.replicas('v2')).toHaveText('2/2', { timeout: 30_000 });
  });

  test('canary by content on ratings: end-user jason AND Android, others 10%', async ({ page, request }) => {
    const gray = new GrayscalePage(page, NS);
    await startWizard(gray, page, 'canary', JOBS.content, 'ratings');
    await page.getByTestId('wizard-canary-content').click();
    const group = page.getByTestId('match-group').first();
    await group.getByTestId('match-name').fill('end-user');
    await group.getByTestId('match-value').fill('jason');
    await group.getByTestId('match-add-condition').click();
    await group.getByTestId('match-kind').nth(1).selectOption('os');
    await group.getByRole('checkbox', { name: 'Android' }).check();
    await gray.setSlider(10);
    await shot(page, '08-wizard-content');
    await previewAndCreate(gray, page, JOBS.content, '09-wizard-content-preview', ['end-user:', 'exact: jason', 'user-agent:', 'Android']);

    const detail = await openDetailInSync(page, request, JOBS.content);
    await expect(detail.weight('v1')).toHaveText('90%');
    await expect(detail.weight('v2')).toHaveText('10%');
    await expect(page.getByTestId('release-traffic')).toContainText('1 condition group always go to v2');
    await shot(page, '10-detail-content');
  });
});
