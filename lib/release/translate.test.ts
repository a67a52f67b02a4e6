import { describe, expect, it } from 'vitest';
import { canarySpec, reviewsService, reviewsV1 } from './fixtures.test-helpers';
import { SubsetCollisionError } from './destination-rule';
import { ROUTES_HASH_ANNOTATION } from './managed';
import { translateRelease, type TranslateInput } from './translate';
import type { Deployment, DestinationRule, GrayscaleReleaseSpec, HTTPRoute, VirtualService } from './types';
import { routesHash } from './virtual-service';

const release = (spec: GrayscaleReleaseSpec) => ({ metadata: { name: 'canary-release', namespace: 'demo-project' }, spec });
const input = (spec: GrayscaleReleaseSpec, over: Partial<TranslateInput> = {}): TranslateInput => ({
  release: release(spec),
  service: reviewsService(),
  baselineDeployment: reviewsV1(),
  candidateReady: true,
  ...over,
});
const routes = (spec: GrayscaleReleaseSpec, over: Partial<TranslateInput> = {}) => translateRelease(input(spec, over)).virtualService.spec.http;
const v1 = { host: 'reviews', subset: 'v1' };
const v2 = { host: 'reviews', subset: 'v2' };

describe('translateRelease: Canary by weight (the tutorial job)', () => {
  const out = translateRelease(input(canarySpec()));

  it('derives the candidate Deployment from the baseline', () => {
    expect(out.candidateDeployment).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'reviews-v2',
        namespace: 'demo-project',
        labels: { app: 'reviews', version: 'v2', 'graylane.io/release': 'canary-release', 'app.kubernetes.io/managed-by': 'graylane' },
        annotations: { note: 'kept', 'graylane.io/derived-from': 'reviews-v1' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'reviews', version: 'v2' } },
        template: {
          metadata: { labels: { app: 'reviews', version: 'v2' } },
          spec: {
            serviceAccountName: 'bookinfo-reviews',
            containers: [
              { name: 'reviews', image: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0', ports: [{ containerPort: 9080 }], env: [{ name: 'LOG_DIR', value: '/tmp/logs' }] },
              { name: 'sidecar-helper', image: 'busybox:1.36' },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    } satisfies Deployment);
  });

  it('writes a DestinationRule with one subset per version', () => {
    expect(out.destinationRule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'demo-project', labels: { 'graylane.io/release': 'canary-release', 'app.kubernetes.io/managed-by': 'graylane' } },
      spec: {
        host: 'reviews',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    } satisfies DestinationRule);
  });

  it('writes a VirtualService splitting 70/30', () => {
    const http: HTTPRoute[] = [
      {
        name: 'graylane-canary-release-default',
        route: [
          { destination: v1, weight: 70 },
          { destination: v2, weight: 30 },
        ],
      },
    ];
    expect(out.virtualService).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: 'reviews',
        namespace: 'demo-project',
        labels: { 'graylane.io/release': 'canary-release', 'app.kubernetes.io/managed-by': 'graylane' },
        annotations: { 'graylane.io/managed-routes': 'canary-release', 'graylane.io/managed-routes-hash': routesHash(http) },
      },
      spec: { hosts: ['reviews'], http },
    } satisfies VirtualService);
    expect(out.applyOrder).toEqual(['destinationRule', 'virtualService', 'candidateDeployment']);
    expect(out.notes).toEqual([]);
  });

  it('omits zero weights', () => {
    expect(routes(canarySpec({ traffic: { candidateWeight: 0 } }))).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
    expect(routes(canarySpec({ traffic: { candidateWeight: 100 } }))).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v2 }] }]);
  });
});

describe('translateRelease: make-before-break until the candidate is ready', () => {
  it('routes 100% to the baseline and leaves the candidate subset out', () => {
    const out = translateRelease(input(canarySpec({ traffic: { candidateWeight: 30, match: [{ uri: { prefix: '/api' } }] } }), { candidateReady: false }));
    expect(out.virtualService.spec.http).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
    expect(out.destinationRule.spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }]);
    expect(JSON.stringify(out.virtualService)).not.toContain('"v2"');
    expect(out.candidateDeployment?.metadata.name).toBe('reviews-v2');
    expect(out.notes).toEqual(['candidate v2 has no ready pods yet: all traffic stays on v1']);
  });

  it('orders the subset before the route when the candidate becomes ready', () => {
    const waiting = translateRelease(input(canarySpec(), { candidateReady: false }));
    const ready = translateRelease(input(canarySpec(), { existingDestinationRule: waiting.destinationRule, existingVirtualService: waiting.virtualService }));
    expect(ready.applyOrder).toEqual(['destinationRule', 'virtualService', 'candidateDeployment']);
    expect(ready.destinationRule.spec.subsets?.map((s) => s.name)).toEqual(['v1', 'v2']);
  });

  it('keeps Blue-Green and Mirror off the candidate too', () => {
    expect(routes(canarySpec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } }), { candidateReady: false })).toEqual([
      { name: 'graylane-canary-release-default', route: [{ destination: v1 }] },
    ]);
    expect(routes(canarySpec({ strategy: 'BlueGreen', traffic: { candidateWeight: 100 } }), { candidateReady: false })).toEqual([
      { name: 'graylane-canary-release-default', route: [{ destination: v1 }] },
    ]);
    expect(routes(canarySpec({ takeOver: 'v2' }), { candidateReady: false })).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
  });

  it('refuses to route when no version can take traffic', () => {
    expect(() => translateRelease(input(canarySpec(), { baselineDeployment: null, candidateReady: false }))).toThrow(/neither v1 nor v2/);
  });
});

describe('translateRelease: Canary by request content', () => {
  const matchSpec = (match: NonNullable<GrayscaleReleaseSpec['traffic']['match']>, candidateWeight = 0) => canarySpec({ traffic: { candidateWeight, match } });

  it('compiles each condition kind', () => {
    const http = routes(
      matchSpec([
        { headers: { 'end-user': { exact: 'jason' } } },
        { headers: { 'x-api': { prefix: 'v2' }, 'x-tenant': { regex: 'team-[ab]' } } },
        { cookies: [{ name: 'user', value: { exact: 'jason' } }] },
        { uri: { exact: '/productpage' } },
        { uri: { regex: '/reviews/[0-9]+' } },
        { os: ['Android'] },
        { browsers: ['Safari'] },
      ]),
    );
    expect(http?.map((r) => [r.name, r.match, r.route])).toEqual([
      ['graylane-canary-release-match-0', [{ headers: { 'end-user': { exact: 'jason' } } }], [{ destination: v2 }]],
      ['graylane-canary-release-match-1', [{ headers: { 'x-api': { prefix: 'v2' }, 'x-tenant': { regex: 'team-[ab]' } } }], [{ destination: v2 }]],
      ['graylane-canary-release-match-2', [{ headers: { cookie: { regex: '^(?:.*; *)?user=jason *(?:;.*)?$' } } }], [{ destination: v2 }]],
      ['graylane-canary-release-match-3', [{ uri: { exact: '/productpage' } }], [{ destination: v2 }]],
      ['graylane-canary-release-match-4', [{ uri: { regex: '/reviews/[0-9]+' } }], [{ destination: v2 }]],
      ['graylane-canary-release-match-5', [{ headers: { 'user-agent': { regex: '^.*Android.*$' } } }], [{ destination: v2 }]],
      [
        'graylane-canary-release-match-6',
        [{ headers: { 'user-agent': { regex: '^.*\\(KHTML, like Gecko\\) Version/[0-9][0-9A-Za-z.]* (?:Mobile/[0-9A-Za-z]+ )?Safari/[0-9][0-9A-Za-z.]*$' } } }],
        [{ destination: v2 }],
      ],
      ['graylane-canary-release-default', undefined, [{ destination: v1 }]],
    ]);
  });

  it('combines every condition of a group into one match (AND) and groups into routes (OR), then splits the rest by weight', () => {
    const http = routes(
      matchSpec(
        [
          {
            headers: { 'end-user': { exact: 'jason' } },
            cookies: [{ name: 'beta', value: { regex: 'on|yes' } }],
            uri: { prefix: '/api' },
            os: ['Android', 'iOS'],
            browsers: ['Chrome', 'Firefox'],
          },
          { headers: { 'x-canary': { exact: 'always' } } },
        ],
        20,
      ),
    );
    expect(http).toEqual([
      {
        name: 'graylane-canary-release-match-0',
        match: [
          {
            uri: { prefix: '/api' },
            headers: {
              'end-user': { exact: 'jason' },
              cookie: { regex: '^(?:.*; *)?beta=(?:on|yes) *(?:;.*)?$' },
              'user-agent': {
                regex:
                  '^.*(?:Android|\\((?:iPhone|iPad|iPod)).*(?:\\(KHTML, like Gecko\\) (?:Chrome/[0-9][0-9A-Za-z.]* (?:Mobile )?Safari/[0-9][0-9A-Za-z.]*|CriOS/[0-9][0-9A-Za-z.]* Mobile/[0-9A-Za-z]+ Safari/[0-9][0-9A-Za-z.]*)|(?:Gecko/[0-9][0-9A-Za-z.]* Firefox/[0-9][0-9A-Za-z.]*|\\(KHTML, like Gecko\\) FxiOS/[0-9][0-9A-Za-z.]* Mobile/[0-9A-Za-z]+ Safari/[0-9][0-9A-Za-z.]*))$',
              },
            },
          },
        ],
        route: [{ destination: v2 }],
      },
      { name: 'graylane-canary-release-match-1', match: [{ headers: { 'x-canary': { exact: 'always' } } }], route: [{ destination: v2 }] },
      {
        name: 'graylane-canary-release-default',
        route: [
          { destination: v1, weight: 80 },
          { destination: v2, weight: 20 },
        ],
      },
    ]);
  });
});

describe('translateRelease: Mirror and Blue-Green', () => {
  it('Mirror keeps 100% on the baseline and mirrors a percentage', () => {
    expect(routes(canarySpec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } }))).toEqual([
      { name: 'graylane-canary-release-default', route: [{ destination: v1 }], mirror: v2, mirrorPercentage: { value: 50 } },
    ]);
  });

  it('Blue-Green sends everything to one version', () => {
    expect(routes(canarySpec({ strategy: 'BlueGreen', traffic: { candidateWeight: 0 } }))).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
    expect(routes(canarySpec({ strategy: 'BlueGreen', traffic: { candidateWeight: 100 } }))).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v2 }] }]);
  });
});

describe('translateRelease: take over and restore', () => {
  const spec = canarySpec({ traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } });

  it('takeOver routes 100% to that version, dropping matches and mirror', () => {
    expect(routes({ ...spec, takeOver: 'v2' })).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v2 }] }]);
    expect(routes({ ...spec, takeOver: 'v1' })).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
    expect(routes(canarySpec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 100 }, takeOver: 'v2' }))).toEqual([
      { name: 'graylane-canary-release-default', route: [{ destination: v2 }] },
    ]);
  });

  it('clearing takeOver restores the configured conditions and split', () => {
    const taken = translateRelease(input({ ...spec, takeOver: 'v2' }));
    const restored = translateRelease(input({ ...spec, takeOver: '' }, { existingVirtualService: taken.virtualService, existingDestinationRule: taken.destinationRule }));
    expect(restored.virtualService.spec.http).toEqual(routes(spec));
    expect(restored.virtualService.spec.http?.map((r) => r.name)).toEqual(['graylane-canary-release-match-0', 'graylane-canary-release-default']);
  });
});

describe('translateRelease: Job Offline', () => {
  it('keeping the candidate: all traffic to v2, then the baseline subset goes once its Deployment is gone', () => {
    const spec = canarySpec({ takeOver: 'v2', offline: true });
    const step1 = translateRelease(input(spec));
    expect(step1.virtualService.spec.http).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v2 }] }]);
    expect(step1.destinationRule.spec.subsets?.map((s) => s.name)).toEqual(['v1', 'v2']);
    expect(step1.candidateDeployment).toBeNull();
    const step3 = translateRelease(input(spec, { baselineDeployment: null, existingDestinationRule: step1.destinationRule, existingVirtualService: step1.virtualService }));
    expect(step3.destinationRule.spec.subsets).toEqual([{ name: 'v2', labels: { version: 'v2' } }]);
    expect(step3.virtualService.spec.http).toEqual(step1.virtualService.spec.http);
    expect(step3.applyOrder).toEqual(['virtualService', 'destinationRule']);
  });

  it('keeping the baseline: all traffic to v1, the candidate subset goes when it is no longer ready', () => {
    const spec = canarySpec({ offline: true });
    const step1 = translateRelease(input(spec));
    expect(step1.virtualService.spec.http).toEqual([{ name: 'graylane-canary-release-default', route: [{ destination: v1 }] }]);
    const step3 = translateRelease(input(spec, { candidateReady: false, existingDestinationRule: step1.destinationRule }));
    expect(step3.destinationRule.spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }]);
    expect(step3.notes).toEqual(['job is going offline: the candidate Deployment is kept or deleted by the offline plan, not re-derived']);
  });
});

describe('translateRelease: Services and versions', () => {
  it('routes every HTTP port of a multi-port Service, and only HTTP ports', () => {
    const service = reviewsService({
      ports: [
        { name: 'http', port: 9080 },
        { name: 'http-admin', port: 8080 },
        { name: 'grpc-api', port: 9090, appProtocol: 'grpc' },
        { name: 'tcp-metrics', port: 15000 },
      ],
    });
    const http = routes(canarySpec({ traffic: { candidateWeight: 10, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } }), { service });
    const p = (n: number) => ({ number: n });
    expect(http).toEqual(
      [9080, 8080, 9090].flatMap((port) => [
        {
          name: `graylane-canary-release-p${port}-match-0`,
          match: [{ headers: { 'end-user': { exact: 'jason' } }, port }],
          route: [{ destination: { ...v2, port: p(port) } }],
        },
        {
          name: `graylane-canary-release-p${port}-default`,
          match: [{ port }],
          route: [
            { destination: { ...v1, port: p(port) }, weight: 90 },
            { destination: { ...v2, port: p(port) }, weight: 10 },
          ],
        },
      ]),
    );
  });

  it('names the destination port when the Service has several ports but one HTTP port', () => {
    const service = reviewsService({ ports: [{ name: 'http', port: 9080 }, { name: 'tcp', port: 5000 }] });
    expect(routes(canarySpec(), { service })).toEqual([
      {
        name: 'graylane-canary-release-default',
        route: [
          { destination: { ...v1, port: { number: 9080 } }, weight: 70 },
          { destination: { ...v2, port: { number: 9080 } }, weight: 30 },
        ],
      },
    ]);
  });

  it('works for a Service whose name differs from the app label', () => {
    const service = reviewsService();
    service.metadata.name = 'book-reviews';
    const baseline = reviewsV1();
    baseline.metadata.name = 'reviews';
    const out = translateRelease(input(canarySpec({ service: 'book-reviews' }), { service, baselineDeployment: baseline }));
    expect(out.virtualService.metadata.name).toBe('book-reviews');
    expect(out.virtualService.spec.hosts).toEqual(['book-reviews']);
    expect(out.virtualService.spec.http?.[0].route?.map((d) => d.destination)).toEqual([
      { host: 'book-reviews', subset: 'v1' },
      { host: 'book-reviews', subset: 'v2' },
    ]);
    expect(out.destinationRule.spec).toEqual({ host: 'book-reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });
    expect(out.candidateDeployment?.metadata.name).toBe('reviews-v2');
    expect(out.candidateDeployment?.spec.template.metadata?.labels).toEqual({ app: 'reviews', version: 'v2' });
  });

  it('normalises versions into subset names and rewrites revision labels', () => {
    const baseline = reviewsV1();
    baseline.metadata.name = 'reviews-1-2-0';
    baseline.metadata.labels = { app: 'reviews', version: '1.2.0', 'app.kubernetes.io/version': '1.2.0' };
    baseline.spec.selector.matchLabels = { app: 'reviews', version: '1.2.0' };
    baseline.spec.template.metadata = { labels: { app: 'reviews', version: '1.2.0', 'service.istio.io/canonical-revision': '1.2.0' } };
    const spec = canarySpec({ baseline: { version: '1.2.0' }, candidate: { version: '1-3-0', replicas: 2 } });
    const out = translateRelease(input(spec, { baselineDeployment: baseline }));
    expect(out.destinationRule.spec.subsets).toEqual([
      { name: '1-2-0', labels: { version: '1.2.0' } },
      { name: '1-3-0', labels: { version: '1-3-0' } },
    ]);
    expect(out.virtualService.spec.http?.[0].route).toEqual([
      { destination: { host: 'reviews', subset: '1-2-0' }, weight: 70 },
      { destination: { host: 'reviews', subset: '1-3-0' }, weight: 30 },
    ]);
    expect(out.candidateDeployment?.metadata.name).toBe('reviews-1-3-0');
    expect(out.candidateDeployment?.metadata.labels).toMatchObject({ version: '1-3-0', 'app.kubernetes.io/version': '1-3-0' });
    expect(out.candidateDeployment?.spec.template.metadata?.labels).toEqual({ app: 'reviews', version: '1-3-0', 'service.istio.io/canonical-revision': '1-3-0' });
    expect(out.candidateDeployment?.spec.replicas).toBe(2);
    // Unnamed in images: every container keeps the baseline image.
    expect(out.candidateDeployment?.spec.template.spec.containers.map((c) => c.image)).toEqual(['docker.io/istio/examples-bookinfo-reviews-v1:1.20.3', 'busybox:1.36']);
  });

  it('appends the candidate version when the baseline name has no version suffix', () => {
    const baseline = reviewsV1();
    baseline.metadata.name = 'reviews';
    expect(translateRelease(input(canarySpec(), { baselineDeployment: baseline })).candidateDeployment?.metadata.name).toBe('reviews-v2');
    baseline.metadata.name = 'reviews-api';
    expect(translateRelease(input(canarySpec(), { baselineDeployment: baseline })).candidateDeployment?.metadata.name).toBe('reviews-api-v2');
  });
});

describe('translateRelease: adopting existing Istio objects', () => {
  const existingVs = (): VirtualService => ({
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'reviews-routes', namespace: 'demo-project', resourceVersion: '77', labels: { team: 'books' }, annotations: { owner: 'books-team' } },
    spec: {
      hosts: ['reviews.demo-project.svc.cluster.local'],
      exportTo: ['.'],
      http: [
        {
          name: 'testers',
          match: [{ headers: { 'x-tester': { exact: 'yes' } } }],
          route: [{ destination: { host: 'reviews', subset: 'v1' } }],
          fault: { delay: { percentage: { value: 100 }, fixedDelay: '2s' } },
        },
        { name: 'legacy-redirect', match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } },
        {
          name: 'primary',
          route: [{ destination: { host: 'reviews.demo-project.svc.cluster.local', subset: 'v1' } }],
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2s' },
          headers: { request: { set: { 'x-from': 'mesh' } } },
        },
      ],
      tcp: [{ route: [{ destination: { host: 'reviews', port: { number: 5000 } } }] }],
    },
  });

  const managed = (extra: Record<string, unknown>): HTTPRoute[] => [
    {
      name: 'graylane-canary-release-default',
      route: [
        { destination: v1, weight: 70 },
        { destination: v2, weight: 30 },
      ],
      ...extra,
    },
  ];

  it('keeps unmanaged fields and other routes, replacing the catch-all with managed routes', () => {
    const out = translateRelease(input(canarySpec(), { existingVirtualService: existingVs() }));
    const inherited = { timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' }, headers: { request: { set: { 'x-from': 'mesh' } } } };
    const expectedRoutes = managed(inherited);
    const before = existingVs();
    expect(out.virtualService).toEqual({
      ...before,
      metadata: {
        ...before.metadata,
        annotations: { owner: 'books-team', 'graylane.io/managed-routes': 'canary-release', 'graylane.io/managed-routes-hash': routesHash(expectedRoutes) },
      },
      spec: { ...before.spec, http: [before.spec.http![0], before.spec.http![1], ...expectedRoutes] },
    });
    expect(out.notes).toEqual(['adopted route "primary" of VirtualService reviews-routes; its timeout, retries, headers are kept on the release\'s routes']);
  });

  it('is a fixpoint: translating again over its own output changes nothing', () => {
    const first = translateRelease(input(canarySpec(), { existingVirtualService: existingVs() }));
    const second = translateRelease(input(canarySpec(), { existingVirtualService: first.virtualService, existingDestinationRule: first.destinationRule }));
    expect(second.virtualService).toEqual(first.virtualService);
    expect(second.destinationRule).toEqual(first.destinationRule);
  });

  it('keeps fields a user later added to a managed route, and carries them to new match routes', () => {
    const first = translateRelease(input(canarySpec()));
    const edited = structuredClone(first.virtualService);
    edited.spec.http![0].timeout = '3s';
    const next = translateRelease(input(canarySpec({ traffic: { candidateWeight: 30, match: [{ uri: { prefix: '/api' } }] } }), { existingVirtualService: edited }));
    expect(next.virtualService.spec.http).toEqual([
      { name: 'graylane-canary-release-match-0', match: [{ uri: { prefix: '/api' } }], route: [{ destination: v2 }], timeout: '3s' },
      ...managed({ timeout: '3s' }),
    ]);
  });

  it('places managed routes before an unrelated catch-all and keeps other hosts', () => {
    const vs = existingVs();
    vs.spec.hosts = ['reviews', 'reviews.example.com'];
    vs.spec.gateways = ['bookinfo-gateway', 'mesh'];
    vs.spec.http = [{ name: 'to-legacy', route: [{ destination: { host: 'reviews-legacy' } }] }];
    const out = translateRelease(input(canarySpec(), { existingVirtualService: vs }));
    expect(out.virtualService.spec.http?.map((r) => r.name)).toEqual(['graylane-canary-release-default', 'to-legacy']);
    expect(out.virtualService.spec.hosts).toEqual(['reviews', 'reviews.example.com']);
    expect(out.virtualService.spec.gateways).toEqual(['bookinfo-gateway', 'mesh']);
    expect(out.notes).toEqual(['the release\'s routes are placed before catch-all route #0 of VirtualService reviews-routes']);
  });

  it('adopts port-specific catch-alls on a multi-port Service', () => {
    const service = reviewsService({ ports: [{ name: 'http', port: 9080 }, { name: 'http-admin', port: 8080 }] });
    const vs = existingVs();
    vs.spec.http = [
      { name: 'main', match: [{ port: 9080 }], route: [{ destination: { host: 'reviews', port: { number: 9080 } } }], timeout: '5s' },
      { name: 'admin', match: [{ port: 8080 }], route: [{ destination: { host: 'reviews', port: { number: 8080 } } }], timeout: '60s' },
    ];
    const out = translateRelease(input(canarySpec({ traffic: { candidateWeight: 0 } }), { service, existingVirtualService: vs }));
    expect(out.virtualService.spec.http).toEqual([
      { name: 'graylane-canary-release-p9080-default', match: [{ port: 9080 }], route: [{ destination: { ...v1, port: { number: 9080 } } }], timeout: '5s' },
      { name: 'graylane-canary-release-p8080-default', match: [{ port: 8080 }], route: [{ destination: { ...v1, port: { number: 8080 } } }], timeout: '60s' },
    ]);
  });

  it('adopts a DestinationRule, keeping its policy and other subsets', () => {
    const dr: DestinationRule = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews-dr', namespace: 'demo-project', resourceVersion: '5' },
      spec: {
        host: 'reviews.demo-project.svc.cluster.local',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
          { name: 'legacy', labels: { version: 'v0' } },
        ],
      },
    };
    const out = translateRelease(input(canarySpec(), { existingDestinationRule: dr }));
    expect(out.destinationRule).toEqual({ ...dr, spec: { ...dr.spec, subsets: [...dr.spec.subsets!, { name: 'v2', labels: { version: 'v2' } }] } });
  });

  it('refuses a DestinationRule subset that collides with a version', () => {
    const dr: DestinationRule = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', subsets: [{ name: 'v2', labels: { version: 'v3' } }] },
    };
    expect(() => translateRelease(input(canarySpec(), { existingDestinationRule: dr }))).toThrow(SubsetCollisionError);
  });

  it('stamps the managed routes hash on the VirtualService', () => {
    const out = translateRelease(input(canarySpec()));
    expect(out.virtualService.metadata.annotations?.[ROUTES_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{8}$/);
  });
});
