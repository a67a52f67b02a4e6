/**
 * What the pages and the API routes of one console process share (server/process-wide.ts). Next.js
 * builds the pages' server components and the route handlers into separate bundles, each with its
 * own copy of every module: these only hold against the production build, so they are Playwright
 * specs (HTTP only, no browser page needed).
 * - A role granted or removed through the API applies to the next page at once. Before, the pages
 *   kept their own 2 s cache of the bindings, which the API's change did not clear: a new member's
 *   first page said "Project not found" (a CI failure of mesh-membership.spec).
 * - The traffic page starts computing the topology while it renders; the API request that follows
 *   takes that answer. Before, the warm-up was computed and thrown away, doubling the queries.
 */
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { create, deleteAndWait } from './support/kube-api';

const NS = 'e2e-shared-state';

/** A request context signed in as `username` (its own cookies). */
async function signedIn(browser: Browser, username: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await context.request.post('/api/session', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `logging in as ${username}`).toBe(200);
  return context.request;
}

test.describe('pages and API routes share one process state', () => {
  test.beforeAll(async () => {
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'kubernetes.io/metadata.name': NS } } });
  });

  test.afterAll(async ({ request }) => {
    await request.delete(`/api/projects/${NS}/members/project-regular`);
    await deleteAndWait(`/api/v1/namespaces/${NS}`, 60_000);
  });

  test('a role granted or removed through the API applies to the very next page', async ({ browser, request }) => {
    const user = await signedIn(browser, 'project-regular');
    const page = async () => (await user.get(`/projects/${NS}/services`)).status();
    // the page reads (and caches) the user's bindings: no role yet
    expect(await page()).toBe(404);
    const added = await request.post(`/api/projects/${NS}/members`, { data: { username: 'project-regular', role: 'operator' } });
    expect(added.status(), await added.text()).toBe(201);
    expect(await page()).toBe(200);
    expect((await user.get(`/api/projects/${NS}/services`)).status()).toBe(200);
    const removed = await request.delete(`/api/projects/${NS}/members/project-regular`);
    expect(removed.status(), await removed.text()).toBe(200);
    expect(await page()).toBe(404);
    expect((await user.get(`/api/projects/${NS}/services`)).status()).toBe(403);
  });

  test("the traffic page's warm-up is the answer its first topology request gets", async ({ request }) => {
    // an app of its own, so no other spec's warm-up or request is involved
    const app = `warm-${Date.now().toString(36)}`;
    const rendered = Date.now();
    const html = await request.get(`/projects/demo-project/traffic?app=${app}&window=30m`);
    expect(html.status()).toBe(200);
    // the warm-up has long finished; a request computing anew would be evaluated now
    await new Promise((r) => setTimeout(r, 2500));
    const res = await request.get(`/api/projects/demo-project/topology?app=${app}&window=30m`);
    expect(res.status(), await res.text()).toBe(200);
    const queriedAt = Date.parse(((await res.json()) as { queriedAt: string }).queriedAt);
    expect(queriedAt - rendered, 'the answer was evaluated while the page rendered').toBeLessThan(2000);
    // taken once: the next request computes anew
    const again = await request.get(`/api/projects/demo-project/topology?app=${app}&window=30m`);
    expect(Date.parse(((await again.json()) as { queriedAt: string }).queriedAt) - rendered).toBeGreaterThanOrEqual(2500);
  });
});
