import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ProgressivePanel } from './pages/progressive-panel';
import { ProgressiveWizard } from './pages/progressive-wizard';
import { kube } from './support/kube-api';
import { poll } from './support/poll';

// Issue 11 on the demo stack (traffic at 20 req/s): a progressive canary made in the wizard
// (schedule edited from a preset, a bad weight refused on its field), its candidate made slow
// through the Kubernetes API (SIM_LATENCY_MS, honoured by the embedded cluster's images), rolled
// back by the controller's analysis on its own, and the job detail's Analysis panel explaining
// why with its numbers. Screenshots of the wizard step and the panel go to e2e/screenshots.
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const API = `/api/projects/${NS}`;
const JOB = 'progressive-rollback';

interface Defaults {
  baseline: { version: string };
  candidate: { version: string; images: Record<string, string> };
  versions: string[];
  activeRelease?: string;
}

/** Bookinfo services running one version and free of jobs, in order of preference (the walkthrough may have left reviews on v2 only). */
async function freeServices(request: APIRequestContext): Promise<{ service: string; defaults: Defaults }[]> {
  const deploy = await request.post(`${API}/applications/sample`);
  expect([200, 201, 202, 409], `deploy sample: ${deploy.status()} ${await deploy.text()}`).toContain(deploy.status());
  const out: { service: string; defaults: Defaults }[] = [];
  // reviews and details see every productpage request; ratings only reviews v2/v3's
  for (const service of ['reviews', 'details', 'ratings']) {
    const d = await poll(`release defaults of ${service}`, 60_000, async () => {
      const res = await request.get(`${API}/releases/defaults?service=${service}`);
      return res.ok() ? ((await res.json()) as Defaults) : undefined;
    });
    if (!d.activeRelease && d.versions.length === 1) out.push({ service, defaults: d });
  }
  return out;
}

/** The schedule the wizard builds below, for the job created through the API: 50% (1m) -> take over, gates fit for 20 req/s. */
const SCHEDULE = {
  steps: [{ weight: 50, pause: '1m' }, { weight: 100 }],
  analysis: {
    interval: '10s',
    minSample: 50,
    maxDuration: '10m',
    metrics: [
      { type: 'error-rate', marginPp: 2 },
      { type: 'slow-fraction', thresholdMs: 250, marginPp: 2 },
    ],
  },
};

/** Axe violations of impact serious or critical inside `selector` (issue 10's bar), as readable lines. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Deletes the job (the controller removes the candidate) and waits until it is gone. */
async function removeJob(request: APIRequestContext): Promise<void> {
  const res = await request.delete(`${API}/releases/${JOB}`);
  if (res.status() === 404) return;
  expect(res.status(), await res.text()).toBe(202);
  await poll(`${JOB} gone`, 60_000, async () => ((await request.get(`${API}/releases/${JOB}`)).status() === 404 ? true : undefined));
}

test.describe('progressive delivery: automatic rollback explained', () => {
  test.beforeAll(async ({ request }) => removeJob(request));
  test.afterAll(async ({ request }) => removeJob(request));
  test.setTimeout(150_000);

  test('a slow candidate is rolled back by the analysis, and the panel says why with its numbers', async ({ page, request }) => {
    const t0 = Date.now();
    const mark = (what: string) => console.log(`[progressive] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const free = await freeServices(request);
    expect(free.length, 'two Bookinfo services free of jobs (one for the job, one for the wizard)').toBeGreaterThanOrEqual(2);
    const [{ service, defaults }, { service: wizardService }] = free;

    // The job is created through the API first, so the controller works while the wizard is walked below.
    const created = await request.post(`${API}/releases`, {
      data: {
        name: JOB,
        spec: {
          strategy: 'Canary',
          service,
          baseline: { version: defaults.baseline.version },
          candidate: { version: defaults.candidate.version, replicas: 1, images: defaults.candidate.images },
          traffic: { candidateWeight: 50 },
          ...SCHEDULE,
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    // Make the candidate slow as soon as the controller has created it (TEAM-NOTES: the patch sticks and the pod rolls).
    const candidate = await poll('the candidate Deployment', 30_000, async () => {
      const res = await kube('GET', `/apis/apps/v1/namespaces/${NS}/deployments?labelSelector=${encodeURIComponent(`graylane.io/release=${JOB}`)}`);
      const items = (res.body.items ?? []) as { metadata: { name: string }; spec: { template: { spec: { containers: { name: string }[] } } } }[];
      return items[0];
    });
    const container = candidate.spec.template.spec.containers[0].name;
    const patched = await kube(
      'PATCH',
      `/apis/apps/v1/namespaces/${NS}/deployments/${candidate.metadata.name}`,
      { spec: { template: { spec: { containers: [{ name: container, env: [{ name: 'SIM_LATENCY_MS', value: '400' }] }] } } } },
      'application/strategic-merge-patch+json',
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    mark('job created and candidate made slow');

    // Meanwhile, the same schedule through the wizard on another service, up to its preview (the
    // server validates the draft there exactly as on create): from the standard preset, edited.
    const wizard = new ProgressiveWizard(page, NS);
    await wizard.start(`${JOB}-draft`, wizardService);
    await wizard.toggle.check();
    await expect(wizard.preset('standard').locator('input')).toBeChecked();
    await expect(wizard.steps).toHaveCount(3);
    await expect(page.getByTestId('wizard-slider')).toHaveCount(0);
    await wizard.remove(1).click();
    await expect(wizard.steps).toHaveCount(2);
    await wizard.weight(0).fill('120');
    await wizard.pause(0).fill('1m');
    await wizard.field('error-margin').fill('2');
    await wizard.field('slow-margin').fill('2');
    await wizard.openCadence();
    await wizard.field('interval').fill('10s');
    await wizard.field('min-sample').fill('50');
    await wizard.field('max-duration').fill('10m');
    await wizard.next.click();
    // refused on the field by the same schema as the API's
    await expect(page.getByTestId('wizard-progressive-weight-0-error')).toHaveText('Too big: expected number to be <=100.');
    await expect(wizard.weight(0)).toHaveAttribute('aria-invalid', 'true');
    expect(await seriousViolations(page, '[data-testid="wizard-progressive"]')).toEqual([]);
    await wizard.weight(0).fill('50');
    await expect(page.getByTestId('wizard-progressive-weight-note')).toContainText('50% at the first step');
    await wizard.editor.screenshot({ path: 'e2e/screenshots/progressive-01-wizard-schedule.png' });
    await wizard.next.click();
    await expect(wizard.preview).toBeVisible();
    await expect(page.getByTestId('wizard-progressive-summary')).toHaveText('50% (1m) → 100% (take over)');
    const yaml = page.getByTestId('wizard-progressive-yaml');
    for (const text of ['steps:', 'weight: 50', 'pause: 1m', 'interval: 10s', 'minSample: 50', 'thresholdMs: 250', 'marginPp: 2']) await expect(yaml).toContainText(text);
    // the routes the controller writes first follow the first step, not the slider
    await expect(page.getByTestId('wizard-yaml-diff')).toContainText('weight: 50', { timeout: 20_000 });
    await wizard.preview.screenshot({ path: 'e2e/screenshots/progressive-02-wizard-preview.png' });
    await page.getByTestId('wizard-cancel').click();
    mark('wizard walked');

    const detail = new ProgressivePanel(page, NS, JOB);
    await detail.open();
    await expect(detail.panel).toBeVisible({ timeout: 30_000 });
    // rolled back by the controller alone: first look 10 s after the step's weight is in force
    await expect(detail.panel).toHaveAttribute('data-phase', 'rolled-back', { timeout: 60_000 });
    mark('rolled back');
    await expect(detail.phase).toHaveText('Failed');
    // back to 100% baseline, candidate kept for inspection
    await expect(detail.weight(defaults.candidate.version)).toHaveText('0%', { timeout: 30_000 });
    await expect(detail.weight(defaults.baseline.version)).toHaveText('100%');
    await expect(detail.panel).toHaveAttribute('data-verdict', 'fail');
    await expect(detail.verdict).toHaveText('Fail');
    await expect(detail.message).toContainText('Roll back: slow fraction (> 250 ms)');
    await expect(detail.panel.getByTestId('analysis-rule')).toHaveText('metric-worse');

    const slow = detail.metric('slow-fraction-250ms');
    await expect(slow).toHaveAttribute('data-status', 'fail');
    await expect(slow.getByTestId('analysis-metric-reason')).toContainText('always-valid lower bound');
    const lower = Number(await slow.getByTestId('analysis-interval').getAttribute('data-lower'));
    expect(lower).toBeGreaterThan(0);
    const canaryRate = await slow.locator('[data-testid="analysis-metric-row"][data-role="canary"] [data-testid="analysis-metric-rate"]').textContent();
    expect(Number(canaryRate?.replace('%', ''))).toBeGreaterThan(50);
    await expect(slow.getByTestId('analysis-evidence-worse')).toHaveAttribute('data-reached', 'true');
    await expect(slow.getByTestId('analysis-metric-p95')).toContainText('ms');
    await expect(slow.getByTestId('analysis-timeline')).toBeVisible();
    await expect(detail.metric('error-rate')).toBeVisible();
    await expect(detail.decisions.locator('[data-action="rollback"]')).toContainText('Rolled back');

    // final: every action disabled with the reason; the traffic card no longer offers a slider
    await expect(detail.action('abort')).toBeDisabled();
    await expect(detail.action('promote')).toBeDisabled();
    await expect(detail.actionsReason).toContainText('is final: it was rolled back');
    await expect(page.getByTestId('release-slider')).toHaveCount(0);

    await detail.promql.locator('summary').click();
    const query = detail.promql.getByTestId('analysis-promql-query');
    await expect(query.first()).toContainText(`destination_service_name="${service}"`);
    await expect(query.filter({ hasText: 'istio_request_duration_milliseconds_bucket' })).toHaveCount(1);
    await expect(detail.panel).not.toContainText('NaN');
    expect(await seriousViolations(page, '[data-testid="analysis-panel"]')).toEqual([]);
    mark('panel checked');
    // the sticky top bar would cover part of a tall element's screenshot
    const style = '[data-testid="top-bar"] { position: static !important; }';
    await detail.panel.screenshot({ path: 'e2e/screenshots/progressive-03-analysis-rolled-back.png', style });
    await page.screenshot({ path: 'e2e/screenshots/progressive-04-job-detail.png', fullPage: true, style });
  });
});
