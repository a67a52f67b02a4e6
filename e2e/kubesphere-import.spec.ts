/**
 * Migrating from KubeSphere 3.x (issue 9): a cluster that ran KubeSphere's service mesh has the
 * `strategies.servicemesh.kubesphere.io` CRD, a Strategy, the two workloads KubeSphere made and its
 * DestinationRule and VirtualService. The Grayscale Release page then offers the import with a
 * count; the import page previews the job; Import creates the GrayscaleRelease and deletes the
 * Strategy. Everything lives in a namespace of its own (the walkthrough's `reviews` in demo-project
 * is never touched) and is deleted at the end, waiting until it is gone.
 */
import { expect, test } from '@playwright/test';
import { GrayscalePage } from './pages/grayscale-page';
import { create, deleteAndWait, kube, waitServed } from './support/kube-api';
import { poll } from './support/poll';

const NS = 'e2e-ks-import';
const STRATEGY = 'details-canary';
const APP_LABELS = { app: 'details', 'app.kubernetes.io/name': 'ks-bookinfo', 'app.kubernetes.io/version': 'v1' };
const CRD_NAME = 'strategies.servicemesh.kubesphere.io';
const STRATEGIES = `/apis/servicemesh.kubesphere.io/v1alpha2/namespaces/${NS}/strategies`;
const RELEASES = `/apis/graylane.io/v1alpha1/namespaces/${NS}/grayscalereleases`;
const ISTIO = `/apis/networking.istio.io/v1/namespaces/${NS}`;

/** KubeSphere 3.x's Strategy CRD as installed by ks-installer (schema trimmed to "keep unknown fields"). */
const strategyCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: 'servicemesh.kubesphere.io',
    scope: 'Namespaced',
    names: { kind: 'Strategy', listKind: 'StrategyList', plural: 'strategies', singular: 'strategy' },
    versions: [{ name: 'v1alpha2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

/** A Bookinfo `details` Deployment of one version, as KubeSphere's console created them. */
const deployment = (version: string) => {
  const labels = { ...APP_LABELS, version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `details-${version}`, namespace: NS, labels, annotations: { 'kubesphere.io/creator': 'project-regular' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { 'sidecar.istio.io/inject': 'true' } },
        spec: { containers: [{ name: 'details', image: `kubesphere/examples-bookinfo-details-${version}:1.13.0`, ports: [{ containerPort: 9080, protocol: 'TCP' }] }] },
      },
    },
  };
};

/** What KubeSphere's controller left for a 70/30 canary of details: the Strategy and the routes it wrote. */
const strategy = {
  apiVersion: 'servicemesh.kubesphere.io/v1alpha2',
  kind: 'Strategy',
  metadata: {
    name: STRATEGY,
    namespace: NS,
    labels: APP_LABELS,
    annotations: {
      'kubesphere.io/creator': 'project-regular',
      'servicemesh.kubesphere.io/newWorkloadName': 'details-v2',
      'servicemesh.kubesphere.io/oldWorkloadName': 'details-v1',
      'servicemesh.kubesphere.io/workloadReplicas': '1',
      'servicemesh.kubesphere.io/workloadType': 'deployments',
    },
  },
  spec: {
    type: 'Canary',
    principal: 'v1',
    governor: '',
    protocol: 'http',
    selector: { matchLabels: APP_LABELS },
    strategyPolicy: 'WaitForWorkloadReady',
    template: {
      metadata: { labels: { app: 'details' } },
      spec: {
        hosts: ['details'],
        http: [
          {
            route: [
              { destination: { host: 'details', subset: 'v1' }, weight: 70 },
              { destination: { host: 'details', subset: 'v2' }, weight: 30 },
            ],
          },
        ],
      },
    },
  },
};

test.describe('import a KubeSphere 3.x Strategy', () => {
  // Set-up, the import and the clean-up (a job going offline, a namespace deleted) take longer than one page test.
  test.describe.configure({ timeout: 150_000 });

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', strategyCrd);
    await waitServed('servicemesh.kubesphere.io/v1alpha2');
    await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } });
    await create(`/api/v1/namespaces/${NS}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'details', namespace: NS, labels: { ...APP_LABELS, service: 'details' } },
      spec: { selector: { app: 'details' }, ports: [{ name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' }] },
    });
    for (const v of ['v1', 'v2']) await create(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment(v));
    await create(`${ISTIO}/destinationrules`, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'details', namespace: NS, labels: APP_LABELS },
      spec: { host: 'details', subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })) },
    });
    await create(`${ISTIO}/virtualservices`, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'details', namespace: NS, labels: APP_LABELS }, spec: strategy.spec.template.spec });
    await create(STRATEGIES, strategy);
  });

  test.afterAll(async () => {
    test.setTimeout(150_000);
    // The job first (its finalizer takes the candidate offline), then what KubeSphere left, then the CRD.
    await deleteAndWait(`${RELEASES}/${STRATEGY}`, 60_000);
    await deleteAndWait(`${STRATEGIES}/${STRATEGY}`);
    await deleteAndWait(`/api/v1/namespaces/${NS}`, 60_000);
    await deleteAndWait(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
  });

  test('the Grayscale Release page offers it, the import page previews it, Import creates the job', async ({ page }) => {
    const grayscale = new GrayscalePage(page, NS);
    await grayscale.open();
    const entry = page.getByTestId('kubesphere-import-entry');
    await expect(entry).toBeVisible({ timeout: 30_000 }); // after GET /imports (discovery + reads)
    await expect(page.getByTestId('kubesphere-import-count')).toHaveText('1 of 1 Strategy can be imported as release jobs.');
    await grayscale.screenshot('kubesphere-import-01-entry');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('kubesphere-import-link')).toBeInViewport();
    await grayscale.screenshot('kubesphere-import-01-entry-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('kubesphere-import-link').click();

    await expect(page).toHaveURL(new RegExp(`/projects/${NS}/grayscale/import$`));
    await grayscale.expectHeading('Import from KubeSphere 3.x');
    const preview = page.getByTestId('import-preview');
    await expect(preview).toHaveCount(1, { timeout: 20_000 });
    await expect(preview).toContainText(STRATEGY);
    await expect(preview).toContainText('Canary');
    await expect(preview).toContainText('details-v2'); // adopted as the candidate, not recreated
    await expect(page.getByTestId('import-errors')).toHaveCount(0);
    const yaml = page.getByTestId('import-job-yaml');
    for (const line of ['kind: GrayscaleRelease', `name: ${STRATEGY}`, 'strategy: Canary', 'service: details', 'version: v1', 'version: v2', 'candidateWeight: 30']) {
      await expect(yaml).toContainText(line);
    }
    await grayscale.screenshot('kubesphere-import-02-preview');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await grayscale.hasNoHorizontalScroll()).toBe(true);
    await grayscale.screenshot('kubesphere-import-02-preview-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId(`import-${STRATEGY}`).click();
    const confirm = page.getByRole('dialog', { name: `Import Strategy ${STRATEGY}` });
    await expect(confirm).toBeVisible();
    await grayscale.screenshot('kubesphere-import-03-confirm', { fullPage: false });
    await confirm.getByRole('button', { name: 'Import' }).click();
    await expect(confirm).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('import-empty')).toBeVisible({ timeout: 20_000 });

    // The cluster: the job exists, held no longer, and the Strategy is gone (KubeSphere stops writing routes).
    const job = await kube('GET', `${RELEASES}/${STRATEGY}`);
    expect(job.status).toBe(200);
    const spec = job.body.spec as { strategy: string; service: string; baseline: { version: string }; candidate: { version: string }; traffic: { candidateWeight: number } };
    expect(spec).toMatchObject({ strategy: 'Canary', service: 'details', baseline: { version: 'v1' }, candidate: { version: 'v2' }, traffic: { candidateWeight: 30 } });
    expect((await kube('GET', `${STRATEGIES}/${STRATEGY}`)).status).toBe(404);
    const labels = (await kube('GET', `/apis/apps/v1/namespaces/${NS}/deployments/details-v2`)).body.metadata as { labels: Record<string, string> };
    expect(labels.labels['graylane.io/release']).toBe(STRATEGY);

    // The UI: the job is listed and the controller takes it up with KubeSphere's 70/30 split.
    await grayscale.open('jobs');
    const card = grayscale.jobCard(STRATEGY);
    await expect(card).toBeVisible({ timeout: 20_000 });
    await poll('the imported job to progress', 45_000, async () => ((await kube('GET', `${RELEASES}/${STRATEGY}`)).body.status as { phase?: string } | undefined)?.phase === 'Progressing' || undefined);
    await expect(card).toHaveAttribute('data-phase', 'Progressing', { timeout: 15_000 });
    await expect(card.locator('[data-testid="release-job-version"][data-version="v2"] [data-testid="release-job-weight"]')).toHaveText('30%');
    await expect(page.getByTestId('kubesphere-import-count')).toHaveText('No Strategy is left to import in this project.', { timeout: 20_000 });
    await grayscale.screenshot('kubesphere-import-04-job');
  });
});
