import { describe, expect, it } from 'vitest';
import type { KubeDeployment, KubePod, KubeService } from './kube-shapes';
import {
  activeReleaseFor,
  applicationView,
  applicationViews,
  countApplications,
  deploymentStatus,
  projectViews,
  serviceViews,
  toIso,
} from './view-models';

const T0 = '2024-05-01T10:00:00Z';

function deployment(name: string, labels: Record<string, string>, opts: { replicas?: number; ready?: number; metaLabels?: Record<string, string>; created?: string } = {}): KubeDeployment {
  return {
    metadata: { name, labels: opts.metaLabels ?? labels, creationTimestamp: opts.created ?? T0, generation: 1 },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: labels.app ?? name, image: `img/${name}:1` }] } },
    },
    status: { observedGeneration: 1, replicas: opts.replicas ?? 1, readyReplicas: opts.ready ?? opts.replicas ?? 1, updatedReplicas: opts.replicas ?? 1 },
  };
}

function service(name: string, selector: Record<string, string>, labels: Record<string, string> = {}): KubeService {
  return { metadata: { name, labels, creationTimestamp: new Date(T0) }, spec: { selector, ports: [{ name: 'http', port: 9080, protocol: 'TCP' }] } };
}

function pod(name: string, labels: Record<string, string>, ready: boolean): KubePod {
  return {
    metadata: { name, labels },
    status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const BOOKINFO = { 'app.kubernetes.io/name': 'bookinfo' };

describe('toIso', () => {
  it('accepts Dates and strings and rejects garbage', () => {
    expect(toIso(new Date(T0))).toBe('2024-05-01T10:00:00.000Z');
    expect(toIso(T0)).toBe('2024-05-01T10:00:00.000Z');
    expect(toIso('not a date')).toBeNull();
    expect(toIso(undefined)).toBeNull();
  });
});

describe('projectViews', () => {
  const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({
    metadata: { name, labels, annotations, creationTimestamp: T0 },
    status: { phase: 'Active' },
  });

  it('drops system namespaces, sorts, and reads mesh membership and display names', () => {
    const views = projectViews(
      [
        ns('kube-system'),
        ns('zeta', { 'istio.io/rev': 'canary' }),
        ns('demo-project', { 'istio-injection': 'enabled' }, { 'kubesphere.io/alias-name': 'Demo' }),
        ns('istio-system'),
        ns('graylane-system'),
        ns('plain', { 'istio-injection': 'disabled' }),
      ],
      { applicationCounts: new Map([['demo-project', 2]]) },
    );
    expect(views.map((v) => v.name)).toEqual(['demo-project', 'plain', 'zeta']);
    expect(views[0]).toEqual({
      name: 'demo-project',
      displayName: 'Demo',
      status: 'Active',
      createdAt: '2024-05-01T10:00:00.000Z',
      labels: { 'istio-injection': 'enabled' },
      inMesh: true,
      applicationCount: 2,
    });
    expect(views[1].inMesh).toBe(false);
    expect(views[1].applicationCount).toBe(0);
    expect(views[2].inMesh).toBe(true);
  });

  it('omits applicationCount when counts are unknown and honours a custom system namespace list', () => {
    const views = projectViews([ns('a'), ns('ops')], { systemNamespaces: ['ops'] });
    expect(views).toHaveLength(1);
    expect(views[0]).not.toHaveProperty('applicationCount');
  });
});

describe('countApplications', () => {
  it('counts distinct application names per namespace', () => {
    const counts = countApplications([
      { metadata: { namespace: 'a', labels: BOOKINFO } },
      { metadata: { namespace: 'a', labels: BOOKINFO } },
      { metadata: { namespace: 'a', labels: { 'app.kubernetes.io/name': 'shop' } } },
      { metadata: { namespace: 'b', labels: BOOKINFO } },
      { metadata: { namespace: 'b', labels: { app: 'x' } } },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 1 });
  });
});

describe('deploymentStatus', () => {
  it('is running when all desired replicas are ready and up to date', () => {
    expect(deploymentStatus(deployment('r', { app: 'r' }))).toBe('running');
  });
  it('is updating while pods are not ready, the spec is not observed, or old pods remain', () => {
    expect(deploymentStatus(deployment('r', { app: 'r' }, { replicas: 2, ready: 1 }))).toBe('updating');
    const unobserved = deployment('r', { app: 'r' });
    unobserved.metadata!.generation = 2;
    expect(deploymentStatus(unobserved)).toBe('updating');
    const surplus = deployment('r', { app: 'r' });
    surplus.status!.replicas = 2;
    expect(deploymentStatus(surplus)).toBe('updating');
  });
  it('is failed past the progress deadline or on ReplicaFailure', () => {
    const stalled = deployment('r', { app: 'r' }, { ready: 0 });
    stalled.status!.conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
    expect(deploymentStatus(stalled)).toBe('failed');
    const quota = deployment('r', { app: 'r' }, { ready: 0 });
    quota.status!.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }];
    expect(deploymentStatus(quota)).toBe('failed');
  });
  it('treats a Deployment with no status yet as updating', () => {
    expect(deploymentStatus({ metadata: { name: 'x' }, spec: { replicas: 1 } })).toBe('updating');
  });
});

describe('serviceViews', () => {
  it('matches versions by selector (not by name), groups pods per Deployment and orders versions naturally', () => {
    const svc = service('reviews-svc', { app: 'reviews' }, BOOKINFO);
    const deployments = [
      deployment('reviews-v10', { app: 'reviews', version: 'v10' }),
      deployment('reviews-v2', { app: 'reviews', version: 'v2' }, { replicas: 2, ready: 1 }),
      deployment('reviews-v1', { app: 'reviews', version: 'v1' }),
      deployment('ratings-v1', { app: 'ratings', version: 'v1' }),
    ];
    const pods = [
      pod('reviews-v2-b', { app: 'reviews', version: 'v2' }, false),
      pod('reviews-v2-a', { app: 'reviews', version: 'v2' }, true),
      pod('reviews-v1-a', { app: 'reviews', version: 'v1' }, true),
      pod('ratings-v1-a', { app: 'ratings', version: 'v1' }, true),
    ];
    const [view] = serviceViews([svc], deployments, pods);
    expect(view.name).toBe('reviews-svc');
    expect(view.app).toBe('bookinfo');
    expect(view.selector).toEqual({ app: 'reviews' });
    expect(view.ports).toEqual([{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: null }]);
    expect(view.versions.map((v) => v.version)).toEqual(['v1', 'v2', 'v10']);
    const v2 = view.versions[1];
    expect(v2).toMatchObject({ deployment: 'reviews-v2', replicas: 2, readyReplicas: 1, status: 'updating', images: { reviews: 'img/reviews-v2:1' } });
    expect(v2.pods).toEqual([
      { name: 'reviews-v2-a', phase: 'Running', ready: true, ip: '10.0.0.1', terminating: false },
      { name: 'reviews-v2-b', phase: 'Running', ready: false, ip: '10.0.0.1', terminating: false },
    ]);
    expect(view).not.toHaveProperty('activeRelease');
  });

  it('gives a Service without selector no versions and an unlabelled Service a null app', () => {
    const [view] = serviceViews([{ metadata: { name: 'external' }, spec: {} }], [deployment('x', { app: 'x' })], []);
    expect(view).toMatchObject({ name: 'external', app: null, selector: {}, versions: [], ports: [] });
  });

  it('names the active release of a Service and ignores completed ones and other services', () => {
    const releases = [
      { metadata: { name: 'old', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { service: 'reviews' }, status: { phase: 'Completed' } },
      { metadata: { name: 'other', creationTimestamp: T0 }, spec: { service: 'ratings' }, status: { phase: 'Progressing' } },
      { metadata: { name: 'canary-release', creationTimestamp: T0 }, spec: { service: 'reviews' } },
    ];
    expect(activeReleaseFor('reviews', releases)).toBe('canary-release');
    const [view] = serviceViews([service('reviews', { app: 'reviews' })], [], [], releases);
    expect(view.activeRelease).toBe('canary-release');
  });
});

describe('applicationViews', () => {
  const labelled = (labels: Record<string, string>) => ({ ...labels, ...BOOKINFO, 'app.kubernetes.io/version': 'v1' });

  it('groups Services and Deployments by app.kubernetes.io/name into components', () => {
    const services = [
      service('reviews', { app: 'reviews' }, labelled({ app: 'reviews' })),
      service('details', { app: 'details' }, labelled({ app: 'details' })),
      service('unrelated', { app: 'other' }),
    ];
    const deployments = [
      deployment('reviews-v1', { app: 'reviews', version: 'v1' }, { metaLabels: labelled({ app: 'reviews' }), created: '2024-04-30T00:00:00Z' }),
      // A candidate the controller made without the application label still shows under its Service.
      deployment('reviews-v2', { app: 'reviews', version: 'v2' }, { ready: 0 }),
      deployment('details-v1', { app: 'details', version: 'v1' }, { metaLabels: labelled({ app: 'details' }) }),
      deployment('other-v1', { app: 'other', version: 'v1' }),
    ];
    const apps = applicationViews(services, deployments);
    expect(apps.map((a) => a.name)).toEqual(['bookinfo']);
    const [app] = apps;
    expect(app.components.map((c) => c.service)).toEqual(['details', 'reviews']);
    expect(app.components[1].versions.map((v) => v.deployment)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(app.status).toBe('updating');
    expect(app.createdAt).toBe('2024-04-30T00:00:00.000Z');
  });

  it('lists Deployments no Service of the application selects under a null service', () => {
    const app = applicationView(
      'bookinfo',
      [service('details', { app: 'details' }, BOOKINFO)],
      [deployment('details-v1', { app: 'details', version: 'v1' }, { metaLabels: BOOKINFO }), deployment('worker', { app: 'worker' }, { metaLabels: BOOKINFO })],
    );
    expect(app.components.map((c) => [c.service, c.versions.map((v) => v.deployment)])).toEqual([
      ['details', ['details-v1']],
      [null, ['worker']],
    ]);
    expect(app.status).toBe('running');
    expect(app).not.toHaveProperty('version');
  });

  it('reports the application version when its objects agree and failed when any version failed', () => {
    const failed = deployment('details-v1', { app: 'details', version: 'v1' }, { metaLabels: labelled({}), ready: 0 });
    failed.status!.conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
    const app = applicationView('bookinfo', [service('details', { app: 'details' }, labelled({}))], [failed]);
    expect(app.version).toBe('v1');
    expect(app.status).toBe('failed');
  });
});
