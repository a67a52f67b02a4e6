import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { GrayscalePage } from './pages/grayscale-page';
import { ReleaseJobPage } from './pages/release-job-page';
import { poll } from './support/poll';

// Issue 6 "Per-version monitoring in release jobs" against the demo stack (which generates
// traffic): a 30% canary, its card figures with units, and the job detail's charts with a marker
// per recorded change.
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const API = `/api/projects/${NS}`;
const JOB = 'metrics-canary';

interface Defaults {
  baseline: { version: string };
  candidate: { version: string; images: Record<string, string> };
  activeRelease?: string;
}

interface MetricsView {
  versions: { version: string; summary: { requestRate: number } }[];
}

/** The job's page object: its card on the list and the Monitoring section of its detail. */
class ReleaseMetricsPage extends ReleaseJobPage {
  readonly monitoring: Locator;

  constructor(page: Page, ns: string, name: string) {
    super(page, ns, name);
    this.monitoring = page.getByTestId('release-monitoring');
  }

  chart(kind: 'requests' | 'success' | 'p95'): Locator {
    return this.monitoring.getByTestId(`release-chart-${kind}`);
  }

  cardMetric(card: Locator, version: string): Locator {
    return card.locator(`[data-testid="release-job-metric"][data-version="${version}"]`);
  }
}

/**
 * Creates the 30% canary on reviews, or on another Bookinfo service when reviews already has an
 * active job (a second one would be refused); reuses a job of the same name from an earlier run.
 * Returns the job's service and versions.
 */
async function canaryJob(request: APIRequestContext): Promise<{ service: string; baseline: string; candidate: string }> {
  const deploy = await request.post(`${API}/applications/sample`);
  expect([200, 201, 202, 409], `deploy sample: ${deploy.status()} ${await deploy.text()}`).toContain(deploy.status());
  const existing = await request.get(`${API}/releases/${JOB}`);
  if (existing.ok()) {
    const job = (await existing.json()) as { service: string; spec: { baseline: { version: string }; candidate: { version: string } } };
    return { service: job.service, baseline: job.spec.baseline.version, candidate: job.spec.candidate.version };
  }
  // ratings is only called by reviews v2/v3, so details is the next service sure to see traffic
  for (const service of ['reviews', 'details', 'ratings']) {
    const d = await poll(`release defaults of ${service}`, 60_000, async () => {
      const res = await request.get(`${API}/releases/defaults?service=${service}`);
      return res.ok() ? ((await res.json()) as Defaults) : undefined;
    });
    if (d.activeRelease) continue;
    // The defaults follow what runs now: the walkthrough runs first and may leave reviews on v2
    // only, so a hard-coded v1 baseline would be refused (422).
    const images = d.candidate.images;
    const candidate = d.candidate.version;
    const baseline = d.baseline.version;
    const res = await request.post(`${API}/releases`, {
      data: { name: JOB, spec: { strategy: 'Canary', service, baseline: { version: baseline }, candidate: { version: candidate, replicas: 1, images }, traffic: { candidateWeight: 30 } } },
    });
    expect([200, 201], `create ${JOB}: ${res.status()} ${await res.text()}`).toContain(res.status());
    return { service, baseline, candidate };
  }
  throw new Error('every Bookinfo service already has an active release job');
}

test.describe('release jobs: per-version monitoring', () => {
  test.describe.configure({ mode: 'serial' });

  // Leave the project as found: the walkthrough spec (release.spec) needs reviews, details and
  // ratings without an active job. Deleting rolls the job back through the controller's finalizer.
  test.afterAll(async ({ request }) => {
    const res = await request.delete(`${API}/releases/${JOB}`);
    if (res.status() === 404) return;
    expect(res.status()).toBe(202);
    await poll(`${JOB} rolled back and gone`, 90_000, async () => ((await request.get(`${API}/releases/${JOB}`)).status() === 404 ? true : undefined));
  });
  test.setTimeout(240_000);

  test('card figures and detail charts with change markers', async ({ page, request }) => {
    const job = await canaryJob(request);
    // Both versions must have served requests in the last 5 minutes before the UI is judged.
    await poll('traffic on both versions', 150_000, async () => {
      const res = await request.get(`${API}/metrics?service=${job.service}&window=5m`);
      if (!res.ok()) return undefined;
      const view = (await res.json()) as MetricsView;
      const rate = (v: string) => view.versions.find((x) => x.version === v)?.summary.requestRate ?? 0;
      return rate(job.baseline) > 0 && rate(job.candidate) > 0 ? true : undefined;
    });

    const list = new GrayscalePage(page, NS);
    await list.open('jobs');
    const card = page.locator(`[data-testid="release-job-card"][data-name="${JOB}"]`);
    await expect(card).toBeVisible({ timeout: 20_000 });
    const detail = new ReleaseMetricsPage(page, NS, JOB);
    for (const v of [job.baseline, job.candidate]) {
      const row = detail.cardMetric(card, v);
      await expect(row).toHaveAttribute('data-traffic', 'true', { timeout: 30_000 });
      await expect(row.getByTestId('release-job-metric-rate')).toHaveText(/^(<)?[\d.]+ req\/s$/);
      await expect(row.getByTestId('release-job-metric-success')).toHaveText(/^[<>]?[\d.]+%$/);
      await expect(row.getByTestId('release-job-metric-p95')).toHaveText(/^[\d.,]+ (ms|s)$/);
    }
    await expect(card).not.toContainText('NaN');
    await list.screenshot('release-metrics-01-job-card', { fullPage: false });

    // A weight change while traffic flows, so the charts show a marker with its effect after it.
    const current = (await (await request.get(`${API}/releases/${JOB}`)).json()) as { spec: { traffic: { candidateWeight: number } } };
    const weight = current.spec.traffic.candidateWeight === 60 ? 30 : 60;
    const patch = await request.patch(`${API}/releases/${JOB}`, { data: { candidateWeight: weight } });
    expect(patch.status(), await patch.text()).toBe(200);

    // The charts' code loads when the section comes into view (issue 10), with a skeleton of the
    // same size until then: scripts the page's HTML does not reference (its lazily loaded parts) are
    // held back until the skeleton has been measured, then the charts must take its place with the
    // same position and size.
    const url = `/projects/${NS}/grayscale/${JOB}`;
    const html = await (await page.request.get(url)).text();
    const firstLoad = new Set(html.match(/\/_next\/static\/chunks\/[\w.~-]+\.js/g) ?? []);
    expect(firstLoad.size, 'scripts referenced by the job detail HTML').toBeGreaterThan(0);
    const held: (() => void)[] = [];
    let hold = true;
    await page.route('**/_next/static/chunks/*.js', async (route) => {
      if (hold && !firstLoad.has(new URL(route.request().url()).pathname)) await new Promise<void>((release) => held.push(release));
      await route.continue();
    });
    // not until `load`: a script requested before it (the held charts) delays the load event
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await expect(detail.monitoring).toBeVisible({ timeout: 30_000 });
    await detail.monitoring.scrollIntoViewIfNeeded();
    const skeleton = detail.monitoring.getByTestId('release-charts-skeleton');
    await expect(skeleton).toBeVisible();
    await expect.poll(() => held.length, { message: 'the charts are requested once their section is in view', timeout: 20_000 }).toBeGreaterThan(0);
    /** the box of `grid` relative to the Monitoring section */
    const boxIn = async (grid: Locator) => {
      const [g, m] = [(await grid.boundingBox())!, (await detail.monitoring.boundingBox())!];
      return { top: g.y - m.y, height: g.height, width: g.width };
    };
    const before = await boxIn(skeleton);
    hold = false;
    held.splice(0).forEach((release) => release());
    await expect(skeleton).toHaveCount(0, { timeout: 30_000 });
    await page.unroute('**/_next/static/chunks/*.js');
    const after = await boxIn(detail.monitoring.getByTestId('release-charts'));
    for (const k of ['top', 'height', 'width'] as const) expect(Math.abs(after[k] - before[k]), `charts vs skeleton: ${k} (px)`).toBeLessThanOrEqual(1);
    for (const kind of ['requests', 'success', 'p95'] as const) {
      const chart = detail.chart(kind);
      await expect(chart).toHaveAttribute('data-empty', 'false', { timeout: 30_000 });
      // one line per version, told apart by the legend
      await expect(chart.locator('.recharts-line')).toHaveCount(2);
      await expect(chart.locator('.recharts-legend-item')).toHaveCount(2);
      await expect(chart.getByTestId('release-chart-marker').first()).toBeAttached();
    }
    await expect(detail.monitoring.getByTestId('release-marker-list')).toContainText(`${weight}%`, { timeout: 30_000 });
    await expect(detail.monitoring).not.toContainText('NaN');
    // every text of the charts (axis ticks, legend, marker labels) meets 4.5:1 (issue 10)
    const contrast = await new AxeBuilder({ page }).include('[data-testid="release-monitoring"]').withRules(['color-contrast']).analyze();
    expect(contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.html.slice(0, 100)}: ${n.any[0]?.message ?? ''}`))).toEqual([]);
    expect(contrast.passes.flatMap((v) => v.nodes).length, 'chart text was checked').toBeGreaterThan(0);
    await detail.screenshot('release-metrics-02-job-detail');
    await detail.monitoring.screenshot({ path: 'e2e/screenshots/release-metrics-03-monitoring-after-change.png' });

    await detail.monitoring.getByTestId('release-monitoring-window').selectOption('30m');
    await expect(detail.chart('requests')).toHaveAttribute('data-empty', 'false', { timeout: 30_000 });
    await detail.monitoring.screenshot({ path: 'e2e/screenshots/release-metrics-04-monitoring-30m.png' });
  });
});
