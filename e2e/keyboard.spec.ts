import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { GrayscalePage } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';
import { deleteJob, NS, SERVICE, startActiveJob } from './pages/walkthrough-routes';

/**
 * Issue 10: the walkthrough's job creation by keyboard alone (no mouse event at all): Create Job,
 * every wizard step (name, application and service, version and image typed in, the traffic slider
 * to 30% with the arrow keys, Create); then on the job detail the slider again with Apply and its
 * confirmation, Take Over and its dialog (focus trapped inside, Esc returns it to the opener), and
 * Delete. Every control reached this way shows a visible focus ring.
 *
 * The walkthrough's own job (canary-release on reviews) exists already when this runs after it, so
 * the same steps go to SERVICE under another name; the job is deleted (and waited for) at the end.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const JOB = 'kbd-canary-release';

/** Whether `target` holds the focus now. */
function focused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/** Presses Tab (or Shift+Tab with `back`) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < max && !(await focused(target)); i++) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  await expect(target, `reached by ${back ? 'Shift+' : ''}Tab within ${max} presses`).toBeFocused({ timeout: 1000 });
}

/** The focused element (or the card around a visually hidden radio) draws a visible outline of 2 px or more. */
async function expectFocusRing(page: Page, where: string): Promise<void> {
  const ring = await page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    if (el && el.classList.contains('sr-only')) el = el.closest('label');
    if (!el) return null;
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), tag: el.tagName };
  });
  expect(ring, `focus on ${where}`).not.toBeNull();
  expect(ring!.style, `focus ring style on ${where} (${ring!.tag})`).not.toBe('none');
  expect(ring!.width, `focus ring width on ${where} (${ring!.tag})`).toBeGreaterThanOrEqual(2);
}

test.describe('keyboard alone', () => {
  // about 30 s on an idle machine; generous for a loaded one
  test.setTimeout(300_000);

  test.beforeAll(async ({ request }) => {
    // Bookinfo deployed (a fresh stack has none); a job left by an interrupted run goes first
    await startActiveJob(request, JOB);
    await deleteJob(request, JOB);
  });

  test.afterAll(async ({ request }) => {
    await deleteJob(request, JOB);
  });

  test('create a canary job, change its traffic, take over and delete it without the mouse', async ({ page }) => {
    const gray = new GrayscalePage(page, NS);
    await gray.open();
    await expect(gray.createJob('canary')).toBeEnabled();
    // the nav gains Project Members when the session arrives; Tab only once the page has settled
    await expect(gray.navLink('members')).toBeVisible();

    // Create Job on the Canary Release card
    await tabTo(page, gray.createJob('canary'));
    await expectFocusRing(page, 'Create Job');
    await page.keyboard.press('Enter');
    const wizard = page.getByRole('dialog', { name: 'Create Canary Release Job' });
    await expect(wizard).toBeVisible();

    // Basic Information: the name field has the focus; Enter acts as Next
    const name = page.getByTestId('wizard-name');
    await expect(name).toBeFocused();
    await expectFocusRing(page, 'the name field');
    await page.keyboard.type(JOB);
    await page.keyboard.press('Enter');

    // Service Settings: the application select, then the service radios with the arrow keys
    const app = page.getByTestId('wizard-app');
    await expect(app).toBeFocused();
    await expectFocusRing(page, 'the application select');
    for (let i = 0; i < 5 && (await app.inputValue()) !== 'bookinfo'; i++) await page.keyboard.press('ArrowDown');
    await expect(app).toHaveValue('bookinfo');
    const radio = gray.serviceCard(SERVICE).locator('input[type=radio]');
    await tabTo(page, page.locator('[data-testid^="wizard-service-"] input[type=radio]:not([disabled])').first());
    for (let i = 0; i < 6 && !(await radio.isChecked()); i++) await page.keyboard.press('ArrowDown');
    await expect(radio).toBeChecked();
    await expect(radio).toBeFocused();
    await expectFocusRing(page, `the ${SERVICE} card`);
    await tabTo(page, gray.next);
    await expectFocusRing(page, 'Next');
    await page.keyboard.press('Enter');

    // New Version Settings: the version and the image typed in, as the tutorial does
    const version = page.getByTestId('wizard-version-input');
    await expect(version).toBeFocused();
    await expectFocusRing(page, 'the version field');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('v2');
    const image = page.getByTestId(`wizard-image-${SERVICE}`);
    await tabTo(page, image);
    await expectFocusRing(page, 'the image field');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`kubesphere/examples-bookinfo-${SERVICE}-v2:1.13.0`);
    await page.keyboard.press('Enter');

    // Strategy Settings: the slider to 30% with the arrow keys
    const slider = page.getByTestId('wizard-slider-input');
    await tabTo(page, slider);
    await expectFocusRing(page, 'the traffic slider');
    await page.keyboard.press('Home');
    await expect(slider).toHaveValue('0');
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('30');
    await expect(page.getByTestId('wizard-slider-baseline')).toContainText('70%');
    await expect(page.getByTestId('wizard-slider-candidate')).toContainText('30%');
    await tabTo(page, gray.next);
    await page.keyboard.press('Enter');

    // Preview, then Create
    await expect(page.getByTestId('wizard-summary-traffic')).toHaveText('v1 70%, v2 30%');
    await tabTo(page, gray.create, { back: true });
    await expectFocusRing(page, 'Create');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toast-success')).toContainText(`${JOB}`, { timeout: 30_000 });
    await expect(gray.wizard).toBeHidden();
    // the opener (Create Job) left with the modes tab: the focus lands on the Release Jobs tab
    await expect(gray.jobsTab).toBeFocused();
    await expectFocusRing(page, 'the Release Jobs tab');

    // The job list: its link, by keyboard
    const link = gray.jobCard(JOB).getByTestId('release-job-link');
    await tabTo(page, link, { max: 80 });
    await expectFocusRing(page, 'the job link');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/grayscale/${JOB}$`));
    const job = new ReleaseJobPage(page, NS, JOB);
    await expect(job.replicas('v2')).toHaveText('1/1', { timeout: 60_000 });
    await expect(job.weight('v2')).toHaveText('30%', { timeout: 30_000 });

    // The job's slider: arrows, then Apply and its confirmation (the focus starts on Apply there)
    const jobSlider = page.getByTestId('release-slider-input');
    await tabTo(page, jobSlider, { max: 60 });
    await expectFocusRing(page, 'the job slider');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect(jobSlider).toHaveValue('35');
    const apply = page.getByTestId('release-traffic-apply');
    await tabTo(page, apply, { back: true });
    await expectFocusRing(page, 'Apply');
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('release-traffic-confirm-confirm');
    await expect(confirm).toBeFocused();
    await expectFocusRing(page, 'the Apply confirmation');
    await page.keyboard.press('Enter');
    await expect(job.weight('v2')).toHaveText('35%', { timeout: 30_000 });
    await expect(job.weight('v1')).toHaveText('65%');

    // Take Over on v2: the dialog takes the focus and keeps it; Esc gives it back to the opener
    const takeOver = job.takeOver('v2');
    await tabTo(page, takeOver, { back: true, max: 60 });
    await expectFocusRing(page, 'Take Over');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('release-takeover-dialog');
    await expect(page.getByTestId('release-takeover-dialog-confirm')).toBeFocused();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus stays in the dialog after ${i + 1} Tab`).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus stays in the dialog after Shift+Tab').toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(takeOver).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('release-takeover-dialog-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(job.weight('v2')).toHaveText('100%', { timeout: 30_000 });

    // Restore the split: deleting a job keeps its take-over version, and the specs after this one
    // expect SERVICE back at its baseline version alone
    const restore = page.getByTestId('release-restore');
    await tabTo(page, restore, { back: true, max: 60 });
    await expectFocusRing(page, 'Restore');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('release-restore-dialog-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(job.weight('v2')).toHaveText('35%', { timeout: 30_000 });

    // Delete by keyboard (the job rolls back to v1 and removes v2)
    const del = page.getByTestId('release-delete');
    await tabTo(page, del, { back: true, max: 60 });
    await expectFocusRing(page, 'Delete');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('release-delete-dialog-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/grayscale\?tab=jobs$/, { timeout: 30_000 });
  });
});
