import { expect as baseExpect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { ApplicationsPage } from './pages/applications-page';
import { GrayscalePage } from './pages/grayscale-page';
import { LoginPage } from './pages/login-page';
import { ReleaseJobPage } from './pages/release-job-page';
import { TelemetryTracingPage } from './pages/telemetry-tracing-page';
import { TelemetryTrafficPage } from './pages/telemetry-traffic-page';
import { recordValue, resetFacts, shot } from './pages/walkthrough-shots';
import { poll } from './support/poll';

/**
 * Issue 10, the acceptance test: the KubeSphere tutorial "Managing Canary Release of Microservice
 * App based on Istio", step by step in Graylane, as `project-regular`, on a fresh demo stack
 * (Bookinfo not deployed yet). Every step saves screenshots; `npm run docs` turns them into
 * docs/walkthrough.md. One browser page for the whole flow, as a presenter would use it.
 *
 * It runs first in the Playwright run (its own project in playwright.config.ts), so the stack is
 * still fresh; the other specs cope with what it leaves (reviews at v2 only, a Completed job).
 */

// Pages poll the cluster; on a loaded machine the first answer can take longer than the 7 s default.
const expect = baseExpect.configure({ timeout: 20_000 });

const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const INGRESS = (process.env.GRAYLANE_INGRESS_URL ?? '').replace(/\/+$/, '');
const JOB = 'canary-release';
const V2_IMAGE = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';
const COMPONENTS = ['productpage', 'details', 'reviews', 'ratings'];
const API = `/api/projects/${NS}`;

interface StarCount {
  black: number;
  none: number;
  other: number;
  failed: number;
  total: number;
}

/** Loads /productpage `n` times through the ingress (10 at a time) and counts the reviews' star colour (`data-stars`). */
async function sampleStars(request: APIRequestContext, n: number): Promise<StarCount> {
  const out: StarCount = { black: 0, none: 0, other: 0, failed: 0, total: n };
  for (let i = 0; i < n; i += 10) {
    const results = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, async () => {
        const res = await request.get(`${INGRESS}/productpage`, { timeout: 10_000 });
        if (!res.ok()) return 'failed' as const;
        const stars = /data-stars="(\w+)"/.exec(await res.text())?.[1];
        return stars === 'black' ? ('black' as const) : stars === 'none' ? ('none' as const) : ('other' as const);
      }),
    );
    for (const r of results) out[r]++;
  }
  return out;
}

/** The reviews versions the console lists (Deployments with their pods), sorted. */
async function serviceVersions(request: APIRequestContext, service: string): Promise<{ version: string; workload: string; replicas: number }[]> {
  const res = await request.get(`${API}/services`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { items: { name: string; versions: { version: string; workload?: string; replicas?: number }[] }[] };
  return (body.items.find((s) => s.name === service)?.versions ?? [])
    .map((v) => ({ version: v.version, workload: v.workload ?? '', replicas: v.replicas ?? 0 }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** Opens /productpage in the browser until its reviews show `stars` (weighted routing: a few reloads at most), then screenshots it. */
async function productpageShowing(page: Page, stars: 'none' | 'black', tries = 30): Promise<void> {
  for (let i = 0; i < tries; i++) {
    await page.goto(`${INGRESS}/productpage`);
    if ((await page.getByTestId('reviews').getAttribute('data-stars')) === stars) return;
  }
  throw new Error(`/productpage never showed ${stars} stars in ${tries} loads`);
}

test.describe.serial('the Bookinfo canary walkthrough (project-regular, 1280x800)', () => {
  test.setTimeout(180_000);
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    expect(INGRESS, 'GRAYLANE_INGRESS_URL must be exported from the demo stack (scripts/test.sh and scripts/docs.ts do)').not.toBe('');
    // A signed-out browser: step 1 logs in as project-regular like the tutorial.
    context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    resetFacts();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test('1. log in as project-regular, deploy Bookinfo from Applications, visit the productpage (no stars)', async () => {
    const login = new LoginPage(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await login.username.fill('project-regular');
    await login.password.fill(DEMO_PASSWORD);
    await shot(page, 1, '01-login', 'Log in as `project-regular` (password `P@88w0rd`).');
    await login.submit.click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(login.userMenu).toContainText('project-regular');

    // The tutorial's path: the project, then Application Workloads > Applications.
    await page.getByTestId('project-row').getByRole('link', { name: NS }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}$`));
    const apps = new ApplicationsPage(page, NS);
    await apps.navLink('applications').click();
    await apps.expectHeading('Applications');
    await expect(apps.row('bookinfo'), 'Bookinfo is already deployed: the walkthrough needs a fresh demo stack (new --data-dir)').toHaveCount(0);
    const res = await page.request.get(`${API}/releases/${JOB}`);
    expect(res.status(), `release job ${JOB} already exists: run against a fresh demo stack`).toBe(404);
    await expect(apps.emptyState).toBeVisible();
    await shot(page, 1, '02-applications-empty', 'Enter `demo-project`, then **Application Workloads > Applications**: no application yet.');

    await apps.deployButton.click();
    await expect(page.getByRole('dialog', { name: 'Deploy Sample Application' })).toBeVisible();
    for (const c of COMPONENTS) await expect(page.getByTestId('deploy-sample-components')).toContainText(c);
    await shot(page, 1, '03-deploy-dialog', '**Deploy Sample Application** lists Bookinfo\'s four components; click **Create**.');
    await apps.deployConfirm.click();
    await expect(page.getByTestId('toast-success')).toContainText('Bookinfo deployed', { timeout: 30_000 });
    await expect(apps.deployDialog).toBeHidden();

    const row = apps.row('bookinfo');
    await expect(row.getByTestId('application-component-count')).toHaveText('4');
    for (const c of COMPONENTS) await expect(row.getByTestId('application-components')).toContainText(c);
    await expect(row.getByTestId('application-status')).toHaveText('Running', { timeout: 60_000 });
    await shot(page, 1, '04-applications', '`bookinfo` is listed with its four components and becomes **Running**.');

    await row.getByTestId('application-link').click();
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/applications/bookinfo$`));
    await expect(page.getByTestId('component-card')).toHaveCount(4);
    for (const c of COMPONENTS) await expect(apps.componentCard(c)).toBeVisible();
    await expect(apps.componentCard('reviews').getByTestId('component-version')).toHaveAttribute('data-version', 'v1');
    await expect(apps.componentCard('reviews').getByTestId('pod-dot').first()).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('application-visit')).toHaveAttribute('href', `${INGRESS}/productpage`);
    await shot(page, 1, '05-application-detail', 'The application detail shows each component with its version (v1) and pods.', { fullPage: true });
    await page.getByTestId('application-tabs-routes').click();
    await expect(page.getByTestId('application-routes')).toContainText('/productpage');
    await shot(page, 1, '06-application-routes', 'The **Routes** tab lists the ingress routes; **Visit** opens the productpage.');

    // The productpage: every load comes from reviews v1, which shows no stars.
    await page.goto(`${INGRESS}/productpage`);
    await expect(page.getByTestId('reviews')).toHaveAttribute('data-stars', 'none');
    await expect(page.getByTestId('reviews')).toContainText('Reviewer1');
    await expect(page.getByTestId('reviews')).toContainText('Reviewer2');
    await shot(page, 1, '07-productpage-v1', 'The productpage: Reviewer1 and Reviewer2, no stars (reviews v1).');
    const stars = await sampleStars(page.request, 20);
    expect(stars, 'reviews v1 alone: never stars').toEqual({ black: 0, none: 20, other: 0, failed: 0, total: 20 });
  });

  test('2. Grayscale Release > Canary Release > Create Job: canary-release, reviews v2, 30%', async () => {
    const gray = new GrayscalePage(page, NS);
    await gray.goto('applications');
    await gray.navLink('grayscale').click();
    await gray.expectHeading('Grayscale Release');
    await expect(gray.createJob('canary')).toBeEnabled();
    await shot(page, 2, '08-grayscale', '**Grayscale Release** offers Blue-Green Deployment, Canary Release and Traffic Mirroring.');
    await gray.createJob('canary').click();
    await expect(page.getByRole('dialog', { name: 'Create Canary Release Job' })).toBeVisible();

    // Basic Information (the name is checked before Next; the error names the field)
    await expect(page.getByTestId('wizard-name')).toBeFocused();
    await page.getByTestId('wizard-name').fill('Canary_Release');
    await gray.next.click();
    await expect(page.getByTestId('wizard-error-name')).toContainText('DNS-1123');
    await page.getByTestId('wizard-name').fill(JOB);
    await shot(page, 2, '09-wizard-basic', 'Create Job, **Basic Information**: name the job `canary-release`.');
    await gray.next.click();

    // Service Settings
    await page.getByTestId('wizard-app').selectOption('bookinfo');
    await expect(gray.serviceCard('reviews')).toContainText('v1');
    await gray.serviceCard('reviews').click();
    await shot(page, 2, '10-wizard-service', '**Service Settings**: application `bookinfo`, service `reviews` (running v1).');
    await gray.next.click();

    // New Version Settings, prefilled from the running v1
    await expect(page.getByTestId('wizard-baseline-version')).toHaveText('v1');
    await expect(page.getByTestId('wizard-version-input')).toHaveValue('v2');
    await page.getByTestId('wizard-image-reviews').fill(V2_IMAGE);
    await shot(page, 2, '11-wizard-version', `**New Version Settings**: version \`v2\`, image \`${V2_IMAGE}\`.`);
    await gray.next.click();

    // Strategy Settings: traffic by ratio, 30% to v2
    await gray.setSlider(30);
    await expect(page.getByTestId('wizard-slider-baseline')).toContainText('70%');
    await expect(page.getByTestId('wizard-slider-candidate')).toContainText('30%');
    await shot(page, 2, '12-wizard-strategy', '**Strategy Settings**: drag the slider to 30% for v2 (v1 keeps 70%).');
    await gray.next.click();

    // Preview, then Create
    await expect(page.getByTestId('wizard-summary-traffic')).toHaveText('v1 70%, v2 30%');
    await expect(page.getByTestId('wizard-yaml-diff')).toContainText('VirtualService', { timeout: 15_000 });
    await shot(page, 2, '13-wizard-preview', '**Preview**: the summary and the Istio objects the job will write; click **Create**.');
    await gray.create.click();
    await expect(page.getByTestId('toast-success')).toContainText(`Release job ${JOB} created`, { timeout: 15_000 });
    await expect(gray.wizard).toBeHidden();

    const card = gray.jobCard(JOB);
    await expect(card).toBeVisible();
    await expect(card).toContainText('Canary Release');
    await expect(card).toContainText('reviews');
    await expect(card.locator('[data-testid="release-job-version"][data-version="v2"] [data-testid="release-job-weight"]')).toHaveText('30%', { timeout: 60_000 });
    await expect(card.locator('[data-testid="release-job-version"][data-version="v1"] [data-testid="release-job-weight"]')).toHaveText('70%');
    await shot(page, 2, '14-job-list', 'The job appears under **Release Jobs**: v1 70%, v2 30%.');

    const job = new ReleaseJobPage(page, NS, JOB);
    await card.getByRole('link', { name: JOB }).first().click();
    await expect(page).toHaveURL(new RegExp(`/grayscale/${JOB}$`));
    await expect(page.getByTestId('page-title')).toHaveText(JOB);
    await expect(job.replicas('v2')).toHaveText('1/1', { timeout: 60_000 });
    await expect(job.weight('v1')).toHaveText('70%', { timeout: 30_000 });
    await expect(job.weight('v2')).toHaveText('30%');
    await expect(job.phase).toHaveText('Progressing');
    await shot(page, 2, '15-job-detail', 'The job detail: both versions ready, 70/30 applied.', { fullPage: true });
  });

  test('3. about 30% of productpage loads show black stars (200 loads)', async () => {
    const stars = await sampleStars(page.request, 200);
    recordValue('blackStars', `${stars.black}/${stars.total}`);
    expect(stars.failed, 'no request fails while the job runs').toBe(0);
    expect(stars.other, 'only v1 (no stars) and v2 (black stars) serve').toBe(0);
    const share = (stars.black / stars.total) * 100;
    // 30% of 200 has a standard deviation of 6.5 loads (3.2 points): 20..40% is three of them.
    expect(share, `black stars in ${stars.black}/${stars.total} loads`).toBeGreaterThanOrEqual(20);
    expect(share, `black stars in ${stars.black}/${stars.total} loads`).toBeLessThanOrEqual(40);
    await productpageShowing(page, 'black');
    await shot(page, 3, '16-productpage-black-stars', `Refresh the productpage: about 30% of loads show black stars (reviews v2).`);
  });

  test('4. Traffic Monitoring: the graph has reviews v1 and v2; the reviews node shows success rate, traffic and duration', async () => {
    // The demo stack generates traffic; both versions must have reached Prometheus first.
    await poll('traffic on reviews v1 and v2 in the topology', 120_000, async () => {
      const res = await page.request.get(`${API}/topology?app=bookinfo&window=1m`);
      if (!res.ok()) return undefined;
      const nodes = ((await res.json()) as { nodes: { kind: string; service?: string; version?: string; traffic: { requestRate: number } }[] }).nodes;
      const live = (v: string) => nodes.some((n) => n.kind === 'version' && n.service === 'reviews' && n.version === v && n.traffic.requestRate > 0);
      return live('v1') && live('v2') ? true : undefined;
    });
    const traffic = new TelemetryTrafficPage(page, NS);
    await traffic.goto('grayscale');
    await traffic.navLink('traffic').click();
    await traffic.expectHeading('Traffic Monitoring');
    await traffic.appPicker.selectOption('bookinfo');
    await expect(traffic.graph).toBeVisible();
    for (const svc of COMPONENTS) await expect(traffic.serviceBox(svc)).toBeVisible();
    await expect(traffic.versionNode('reviews', 'v1')).toBeVisible({ timeout: 30_000 });
    await expect(traffic.versionNode('reviews', 'v2')).toBeVisible();
    await expect(traffic.graph.getByTestId('topology-edge-label').filter({ hasText: 'req/s' }).first()).toBeAttached();
    await shot(page, 4, '17-traffic-graph', '**Traffic Monitoring**: the Bookinfo graph with reviews v1 and v2 side by side and the request rate on each edge.');

    await traffic.versionNode('reviews', 'v2').click();
    await expect(traffic.panel.getByTestId('node-panel-title')).toHaveText('reviews v2');
    await traffic.expectPanelCharts();
    await expect(traffic.panel.getByTestId('chart-traffic')).toHaveAttribute('data-empty', 'false', { timeout: 30_000 });
    await expect(traffic.panel.getByTestId('node-panel-figures')).toContainText('req/s');
    await expect(page.getByText('NaN')).toHaveCount(0);
    await shot(page, 4, '18-reviews-node', 'Click a reviews node: its success rate, traffic and duration over time.');
  });

  test('5. Tracing lists productpage traces; a trace shows its spans and the pod that served reviews', async () => {
    const tracing = new TelemetryTracingPage(page, NS);
    await tracing.goto('traffic');
    await tracing.navLink('tracing').click();
    await tracing.expectHeading('Tracing');
    await tracing.service.selectOption('productpage');
    await expect(tracing.rows.first()).toBeVisible({ timeout: 30_000 });
    await expect(tracing.rows.first().getByTestId('trace-versions')).toContainText('productpage');
    await shot(page, 5, '19-tracing', '**Tracing**: pick `productpage`; every request through the ingress is a trace.');

    await tracing.rows.filter({ hasText: 'reviews' }).first().getByTestId('trace-link').click();
    await expect(page).toHaveURL(/\/tracing\/[0-9a-f]+$/);
    await expect(tracing.detail).toBeVisible();
    await expect(tracing.spans.nth(1)).toBeVisible();
    const reviewsSpan = tracing.spansOf('reviews').first();
    await reviewsSpan.getByTestId('span-toggle').click();
    await expect(reviewsSpan.getByTestId('span-details')).toBeVisible();
    await expect(reviewsSpan.getByTestId('span-pod')).toContainText(/reviews-v[12]-/);
    const pod = (await reviewsSpan.getByTestId('span-pod').textContent())?.trim() ?? '';
    recordValue('reviewsPod', pod);
    await shot(page, 5, '20-trace-detail', `Open a trace: its spans, and the reviews span names the pod that served it (\`${pod}\`).`, { fullPage: true });
  });

  test('6. Take Over with v2: only black stars from then on', async () => {
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.goto('tracing');
    await job.navLink('grayscale').click();
    const gray = new GrayscalePage(page, NS);
    await gray.jobsTab.click();
    await gray.jobCard(JOB).getByRole('link', { name: JOB }).first().click();
    await expect(job.replicas('v2')).toHaveText('1/1');
    await job.takeOver('v2').click();
    await expect(page.getByTestId('release-takeover-dialog')).toContainText('100%');
    await shot(page, 6, '21-takeover-dialog', 'On the v2 card, **Take Over** asks before sending it 100% of the traffic.');
    await page.getByTestId('release-takeover-dialog-confirm').click();
    await expect(page.getByTestId('toast-success')).toContainText('v2 takes over all traffic');
    await expect(job.weight('v2')).toHaveText('100%', { timeout: 30_000 });
    await expect(job.weight('v1')).toHaveText('0%');
    await expect(job.phase).toHaveText('Taken over');
    await shot(page, 6, '22-taken-over', 'v2 has taken over: 100% v2, 0% v1 (v1 still runs; **Restore** goes back to 70/30).', { fullPage: true });

    const stars = await sampleStars(page.request, 50);
    recordValue('blackStarsAfterTakeOver', `${stars.black}/${stars.total}`);
    expect(stars).toEqual({ black: 50, none: 0, other: 0, failed: 0, total: 50 });
    await productpageShowing(page, 'black', 1);
    await shot(page, 6, '23-productpage-taken-over', 'Every productpage load now shows black stars.');
  });

  test('7. Job Offline: v1 Deployment and pods are gone, v2 serves everything', async () => {
    const job = new ReleaseJobPage(page, NS, JOB);
    await job.open();
    await expect(job.offlineButton).toBeEnabled();
    await job.offlineButton.click();
    await expect(page.getByTestId('release-offline-keeps')).toHaveText('v2');
    await expect(page.getByTestId('release-offline-removes')).toHaveText('v1');
    await shot(page, 7, '24-offline-dialog', '**Job Offline** keeps v2 and removes v1.');
    await page.getByTestId('release-offline-dialog-confirm').click();
    await expect(page.getByTestId('toast-success')).toContainText('keeping v2');
    await expect(job.phase).toHaveText('Completed', { timeout: 60_000 });
    await expect(job.versionCard('v1').getByTestId('release-version-workload')).toHaveText('removed', { timeout: 30_000 });
    await shot(page, 7, '25-job-completed', 'The job is **Completed**: v1\'s workload is removed.', { fullPage: true });

    // v1's Deployment and pods are gone; v2 remains with its pod.
    await expect.poll(async () => (await serviceVersions(page.request, 'reviews')).map((v) => v.version), { timeout: 30_000 }).toEqual(['v2']);
    const stars = await sampleStars(page.request, 50);
    expect(stars).toEqual({ black: 50, none: 0, other: 0, failed: 0, total: 50 });

    const gray = new GrayscalePage(page, NS);
    await gray.navLink('services').click();
    await gray.expectHeading('Services');
    const versions = page.locator('[data-testid="service-row"][data-name="reviews"] [data-testid="service-version"]');
    await expect(versions).toHaveCount(1);
    await expect(versions).toHaveAttribute('data-version', 'v2');
    await shot(page, 7, '26-services-after', '**Services**: reviews runs v2 only.');
    await productpageShowing(page, 'black', 1);
    await shot(page, 7, '27-productpage-after', 'The productpage still works, served by v2 alone.');
  });
});
