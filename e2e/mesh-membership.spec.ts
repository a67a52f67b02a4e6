/**
 * Services outside the mesh (issue 9): a namespace without sidecar injection, made a project by a
 * role for project-regular, runs a workload. The overview, the Services page and the Create Job
 * wizard say "not in the mesh" with the reason and the fix, and the REST API refuses a job (422).
 * A user without a role in it gets "Project not found", never a page full of 403s. Everything the
 * spec creates is deleted at the end, waiting until it is gone.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './global-setup';
import { GrayscalePage } from './pages/grayscale-page';
import { ProjectPage } from './pages/project-page';
import { create, deleteAndWait } from './support/kube-api';

const NS = 'e2e-no-mesh';
const APP = 'legacy-shop';
const labels = { app: 'legacy', version: 'v1', 'app.kubernetes.io/name': APP, 'app.kubernetes.io/version': 'v1' };

/** A signed-in browser page for a demo account (its own context, cookies from POST /api/session). */
async function signedIn(browser: Browser, username: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport });
  const res = await context.request.post('/api/session', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `logging in as ${username}`).toBe(200);
  return context.newPage();
}

async function setMember(request: APIRequestContext, role: 'operator' | null): Promise<void> {
  const res = role
    ? await request.post(`/api/projects/${NS}/members`, { data: { username: 'project-regular', role } })
    : await request.delete(`/api/projects/${NS}/members/project-regular`);
  expect([200, 201, 204, 404], `members ${role ?? 'remove'}: ${res.status()} ${await res.text()}`).toContain(res.status());
}

test.describe('a namespace without sidecar injection', () => {
  // In order: the first test needs project-regular without a role, the others with one.
  test.describe.configure({ mode: 'serial', timeout: 90_000 });

  test.beforeAll(async () => {
    // No istio-injection / istio.io/rev label: Istio injects no sidecars here.
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'kubernetes.io/metadata.name': NS } } });
    await create(`/api/v1/namespaces/${NS}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'legacy', namespace: NS, labels: { app: 'legacy', 'app.kubernetes.io/name': APP } },
      spec: { selector: { app: 'legacy' }, ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }] },
    });
    await create(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy-v1', namespace: NS, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'legacy', version: 'v1' } },
        template: { metadata: { labels }, spec: { containers: [{ name: 'legacy', image: 'registry.example.com/shop/legacy:1.0.0', ports: [{ containerPort: 8080 }] }] } },
      },
    });
  });

  test.afterAll(async ({ request }) => {
    await setMember(request, null);
    await deleteAndWait(`/api/v1/namespaces/${NS}`, 60_000);
  });

  test('is 404 "Project not found" for a user without a role in it', async ({ browser }) => {
    const page = await signedIn(browser, 'project-regular');
    // The root loading state streams first, so the 404 shows in the page rather than in the status line.
    await page.goto(`/projects/${NS}/services`);
    await expect(page.getByTestId('not-found-state')).toContainText('Project not found', { timeout: 30_000 });
    await expect(page.getByTestId('project-nav')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Go to projects' })).toBeVisible();
    await new ProjectPage(page, NS).screenshot('project-not-found-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await new ProjectPage(page, NS).screenshot('project-not-found-phone');
    await page.context().close();
  });

  test('the overview says the namespace is not in the mesh, with the fix; members are in the navigation', async ({ browser, request }) => {
    await setMember(request, 'operator');
    const page = await signedIn(browser, 'project-regular');
    const project = new ProjectPage(page, NS);
    await project.goto();
    await expect(page.getByTestId('overview-mesh-state')).toHaveText('Not in the mesh', { timeout: 30_000 });
    await expect(page.getByTestId('overview-mesh-detail')).toContainText('istio-injection=enabled');
    await expect(page.getByTestId('overview-services-detail')).toContainText('1 not in the mesh', { timeout: 20_000 });
    await expect(page.getByTestId('overview-cluster-state')).toHaveText('Connected');
    await project.screenshot('mesh-01-overview');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await project.hasNoHorizontalScroll()).toBe(true);
    await project.screenshot('mesh-01-overview-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Project Members is in the navigation for a member (it lists members; changing them needs admin).
    await project.navLink('members').click();
    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/members$`), { timeout: 20_000 });
    await project.expectHeading('Project Members');
    await expect(project.navLink('members')).toHaveAttribute('aria-current', 'page');
    await project.screenshot('mesh-members-desktop');
    await page.context().close();
  });

  test('the Services page says "Not in the mesh" with the reason', async ({ browser }) => {
    const page = await signedIn(browser, 'project-regular');
    const project = new ProjectPage(page, NS);
    await project.goto('services');
    const row = page.locator(`[data-testid="service-row"][data-name="legacy"]`);
    await expect(row.getByTestId('service-not-in-mesh')).toContainText('Not in the mesh', { timeout: 30_000 });
    await expect(row.getByTestId('service-not-in-mesh')).toContainText(`namespace ${NS} has no sidecar injection`);
    await project.screenshot('mesh-02-services');
    await page.context().close();
  });

  test('the wizard offers the Service disabled with the reason, and the API refuses a job (422)', async ({ browser }) => {
    const page = await signedIn(browser, 'project-regular');
    const gray = new GrayscalePage(page, NS);
    await gray.open();
    await gray.createJob('canary').click();
    await page.getByTestId('wizard-name').fill('legacy-canary');
    await gray.next.click();
    await page.getByTestId('wizard-app').selectOption(APP, { timeout: 20_000 });
    const card = gray.serviceCard('legacy');
    await expect(card).toHaveAttribute('data-disabled', 'true', { timeout: 20_000 });
    await expect(card.getByTestId('wizard-service-reason')).toContainText('is not in the mesh');
    await expect(card.locator('input[type="radio"]')).toBeDisabled();
    await gray.screenshot('mesh-03-wizard', { fullPage: false });

    // The API says the same to a client that skips the wizard.
    const res = await page.request.post(`/api/projects/${NS}/releases`, {
      data: { name: 'legacy-canary', spec: { strategy: 'Canary', service: 'legacy', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 10 } } },
    });
    expect(res.status()).toBe(422);
    const body = (await res.json()) as { error: { message: string; fields?: { field: string }[] } };
    expect(body.error.message).toContain('not in the mesh');
    expect(body.error.fields?.map((f) => f.field)).toContain('spec.service');
    await page.context().close();
  });
});
