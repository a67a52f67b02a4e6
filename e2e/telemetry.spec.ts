import { expect, test, type APIRequestContext } from '@playwright/test';
import { TelemetryTracingPage } from './pages/telemetry-tracing-page';
import { TelemetryTrafficPage } from './pages/telemetry-traffic-page';
import { poll } from './support/poll';

// Issue 6 / tutorial steps 4-5 against the demo stack: deploy Bookinfo, wait for traffic, read the
// graph and the reviews panel, then follow a trace down to the pod that served reviews.
const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
const API = `/api/projects/${NS}`;
const SERVICES = ['productpage', 'details', 'reviews', 'ratings'];

interface Node {
  kind: string;
  service?: string;
  version?: string;
  traffic: { requestRate: number };
}

let ready: Promise<void> | undefined;

/** Deploys the sample (409: already there) and waits until the topology and traces show its traffic. */
function sampleWithTraffic(request: APIRequestContext): Promise<void> {
  ready ??= (async () => {
    const deploy = await request.post(`${API}/applications/sample`);
    expect([200, 201, 202, 409], `deploy sample: ${deploy.status()} ${await deploy.text()}`).toContain(deploy.status());
    await poll('traffic in the topology', 90_000, async () => {
      const res = await request.get(`${API}/topology?app=bookinfo&window=1m`);
      if (!res.ok()) return undefined;
      const nodes = ((await res.json()) as { nodes: Node[] }).nodes;
      const live = (svc: string) => nodes.some((n) => n.kind === 'version' && n.service === svc && n.traffic.requestRate > 0);
      // ratings is called by reviews v2/v3 only, so with v1 alone it is present but idle
      const present = (svc: string) => nodes.some((n) => n.kind === 'version' && n.service === svc);
      return ['productpage', 'details', 'reviews'].every(live) && present('ratings') ? true : undefined;
    });
    await poll('traces of productpage', 60_000, async () => {
      const res = await request.get(`${API}/traces?service=productpage&limit=5`);
      if (!res.ok()) return undefined;
      const items = ((await res.json()) as { items: unknown[] }).items;
      return items.length > 0 ? true : undefined;
    });
  })();
  return ready;
}

/**
 * The reviews version that serves now: the release spec (run before this one in the suite) may
 * have taken v1 offline, so the version to inspect is read from the cluster, not assumed.
 */
async function servingReviewsVersion(request: APIRequestContext): Promise<string> {
  return poll('a reviews version with a ready pod', 60_000, async () => {
    const res = await request.get(`${API}/services`);
    if (!res.ok()) return undefined;
    const body = (await res.json()) as { items: { name: string; versions: { version: string; readyReplicas: number }[] }[] };
    return body.items.find((s) => s.name === 'reviews')?.versions.find((v) => v.readyReplicas > 0)?.version;
  });
}

test.describe('telemetry: traffic monitoring and tracing', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(180_000);

  test('topology shows the Bookinfo services and versions; the reviews panel has charts and pods', async ({ page, request }) => {
    await sampleWithTraffic(request);
    const version = await servingReviewsVersion(request);
    const traffic = new TelemetryTrafficPage(page, NS);
    await traffic.open('bookinfo');
    await traffic.expectHeading('Traffic Monitoring');
    await expect(traffic.graph).toBeVisible({ timeout: 20_000 });
    for (const svc of SERVICES) await expect(traffic.serviceBox(svc)).toBeVisible();
    await expect(traffic.versionNode('reviews', version)).toBeVisible({ timeout: 30_000 });
    await expect(traffic.edges().first()).toBeAttached();
    await expect(traffic.graph.getByTestId('topology-edge-label').filter({ hasText: 'req/s' }).first()).toBeAttached();
    // the first paint may be the graph without latencies ("p95 …"); the full answer fills them in
    await expect(traffic.graph.getByTestId('topology-edge-label').filter({ hasText: /p95 [\d.,]+ (ms|s)/ }).first()).toBeAttached({ timeout: 20_000 });
    await expect(page.getByTestId('traffic-latency-pending')).toHaveCount(0);
    await expect(traffic.legend).toContainText('Healthy');
    await expect(traffic.page.getByText('NaN')).toHaveCount(0);
    expect(await traffic.hasNoHorizontalScroll()).toBe(true);
    await traffic.screenshot('telemetry-topology');

    // Keyboard: Enter on a focused node opens its panel, Esc closes it and focus returns.
    const reviews = traffic.versionNode('reviews', version);
    await reviews.focus();
    await page.keyboard.press('Enter');
    await expect(traffic.panel).toBeVisible();
    await expect(traffic.panel.getByTestId('node-panel-title')).toHaveText(`reviews ${version}`);
    await traffic.expectPanelCharts();
    await expect(traffic.panel.getByTestId('chart-traffic')).toHaveAttribute('data-empty', 'false', { timeout: 20_000 });
    await expect(traffic.panel.getByTestId('node-panel-pod').first()).toContainText(`reviews-${version}`);
    await expect(traffic.panel.getByTestId('node-panel-figures')).toContainText('req/s');
    await expect(traffic.panel.locator('.recharts-line').first()).toBeAttached();
    await page.screenshot({ path: 'e2e/screenshots/telemetry-node-panel.png' });
    await page.keyboard.press('Escape');
    await expect(traffic.panel).toBeHidden();
    await expect(reviews).toBeFocused();

    // Zoom with the keyboard changes the scale; the graph zooms inside its own box.
    const before = await traffic.graph.getAttribute('data-scale');
    await traffic.graph.focus();
    await page.keyboard.press('+');
    await expect(traffic.graph).not.toHaveAttribute('data-scale', before ?? '');

    // A click opens the panel too.
    await traffic.versionNode('productpage', 'v1').click();
    await expect(traffic.panel.getByTestId('node-panel-title')).toHaveText('productpage v1');
    await traffic.panel.getByTestId('node-panel-close').click();
    await expect(traffic.panel).toBeHidden();
  });

  test('tracing lists productpage traces and a trace shows spans and the pod that served reviews', async ({ page, request }) => {
    await sampleWithTraffic(request);
    const tracing = new TelemetryTracingPage(page, NS);
    await tracing.open('productpage');
    await tracing.expectHeading('Tracing');
    // the services list comes first: slow on a busy machine
    await expect(tracing.service).toHaveValue('productpage', { timeout: 20_000 });
    await expect(tracing.rows.first()).toBeVisible({ timeout: 20_000 });
    await expect(tracing.scatter).toBeVisible();
    await expect(tracing.rows.first().getByTestId('trace-versions')).toContainText('productpage');
    expect(await tracing.hasNoHorizontalScroll()).toBe(true);
    await tracing.screenshot('telemetry-trace-list');

    // Open a trace that went through reviews.
    const row = tracing.rows.filter({ hasText: 'reviews' }).first();
    await row.getByTestId('trace-link').click();
    await expect(page).toHaveURL(/\/tracing\/[0-9a-f]+$/);
    await expect(tracing.detail).toBeVisible({ timeout: 20_000 });
    // the detail frame renders before its spans arrive: wait for at least two span rows
    await expect(tracing.spans.nth(1)).toBeVisible({ timeout: 20_000 });
    await expect(tracing.page.locator('[data-testid="span-row"][data-critical="true"]').first()).toBeVisible();
    const reviewsSpan = tracing.spansOf('reviews').first();
    await reviewsSpan.getByTestId('span-toggle').click();
    await expect(reviewsSpan.getByTestId('span-details')).toBeVisible();
    await expect(reviewsSpan.getByTestId('span-pod')).toContainText('reviews-v');
    await expect(reviewsSpan.getByTestId('span-version')).toHaveText(/^v\d+$/);
    await expect(reviewsSpan.getByTestId('span-status')).toHaveText(/^\d{3}$/);
    await tracing.screenshot('telemetry-trace');
  });

  test('phone (390x844): the graph scrolls inside its box and the page does not scroll sideways', async ({ page, request }) => {
    await sampleWithTraffic(request);
    const version = await servingReviewsVersion(request);
    await page.setViewportSize({ width: 390, height: 844 });
    const traffic = new TelemetryTrafficPage(page, NS);
    await traffic.open('bookinfo');
    await expect(traffic.serviceBox('reviews')).toBeVisible({ timeout: 20_000 });
    expect(await traffic.hasNoHorizontalScroll()).toBe(true);
    await traffic.screenshot('telemetry-topology-phone');
    // At phone size the graph keeps a legible zoom, so a node may sit outside the box: focusing it
    // pans it into view, and Enter opens it.
    const reviews = traffic.versionNode('reviews', version);
    await reviews.focus();
    await expect(reviews).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(traffic.panel).toBeVisible();
    await traffic.expectPanelCharts();
    expect(await traffic.hasNoHorizontalScroll()).toBe(true);
    await page.screenshot({ path: 'e2e/screenshots/telemetry-node-panel-phone.png' });
  });
});
