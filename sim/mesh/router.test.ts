import { describe, expect, it } from 'vitest';
import { selectEndpoint } from './endpoints';
import { resolveHost } from './hosts';
import { fullMatchRegex, matchRequest, type RouteCaller, type RouteRequest } from './match';
import { buildMeshState, type MeshObjects } from './mesh-state';
import { pickWeighted, routeRequest, type RouteDecision } from './router';
import { bookinfoObjects, destinationRule, pod, seededRandom, virtualService } from './test-fixtures';

const caller: RouteCaller = { namespace: 'demo', labels: { app: 'productpage', version: 'v1' } };

function req(over: Partial<RouteRequest> = {}): RouteRequest {
  return { authority: 'reviews:9080', method: 'GET', path: '/reviews/0', query: new URLSearchParams(), headers: {}, ...over };
}

function withConfig(vsSpecs: Array<Record<string, unknown>>, drVersions = ['v1', 'v2', 'v3']): MeshObjects {
  const objs = bookinfoObjects();
  objs.virtualServices = vsSpecs.map((s, i) => virtualService(`vs${i}`, s));
  objs.destinationRules = [destinationRule('reviews', drVersions)];
  return objs;
}

function subsetOf(d: RouteDecision): string | undefined {
  if (d.kind !== 'forward') throw new Error(`expected forward, got ${d.kind}`);
  return d.destination.subset;
}

const reviewsTo = (subset: string, weight?: number) => ({ destination: { host: 'reviews', subset }, ...(weight === undefined ? {} : { weight }) });

describe('hosts', () => {
  it('resolves short, name.ns, name.ns.svc and FQDN forms', () => {
    expect(resolveHost('reviews', 'demo')).toBe('reviews.demo.svc.cluster.local');
    expect(resolveHost('reviews:9080', 'demo')).toBe('reviews.demo.svc.cluster.local');
    expect(resolveHost('reviews.other', 'demo')).toBe('reviews.other.svc.cluster.local');
    expect(resolveHost('reviews.other.svc', 'demo')).toBe('reviews.other.svc.cluster.local');
    expect(resolveHost('reviews.other.svc.cluster.local', 'demo')).toBe('reviews.other.svc.cluster.local');
    expect(resolveHost('*', 'demo')).toBe('*');
  });

  it.each(['reviews', 'reviews.demo', 'reviews.demo.svc.cluster.local'])('a VirtualService host %s applies to every request form', (host) => {
    const state = buildMeshState(withConfig([{ hosts: [host], http: [{ route: [reviewsTo('v3')] }] }]));
    for (const authority of ['reviews', 'reviews:9080', 'reviews.demo', 'reviews.demo.svc.cluster.local:9080']) {
      expect(subsetOf(routeRequest(state, caller, req({ authority }), Math.random))).toBe('v3');
    }
  });
});

describe('match conditions', () => {
  const m = (match: Record<string, unknown>, r: Partial<RouteRequest>, c: RouteCaller = caller) => matchRequest(match, req(r), c);

  it('headers exact/prefix/regex and presence', () => {
    expect(m({ headers: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'jason' } })).toBe(true);
    expect(m({ headers: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'Jason' } })).toBe(false);
    expect(m({ headers: { 'end-user': { exact: 'jason' } } }, { headers: {} })).toBe(false);
    expect(m({ headers: { 'user-agent': { prefix: 'Mozilla' } } }, { headers: { 'user-agent': 'Mozilla/5.0' } })).toBe(true);
    expect(m({ headers: { 'user-agent': { regex: '.*Android.*' } } }, { headers: { 'user-agent': 'Mozilla (Linux; Android 13)' } })).toBe(true);
    // RE2 regexes match the whole value
    expect(m({ headers: { 'user-agent': { regex: 'Android' } } }, { headers: { 'user-agent': 'Mozilla (Android)' } })).toBe(false);
    expect(m({ headers: { 'x-canary': {} } }, { headers: { 'x-canary': '' } })).toBe(true);
    expect(m({ headers: { 'X-Canary': { exact: '1' } } }, { headers: { 'x-canary': '1' } })).toBe(true);
  });

  it('cookie regex the Istio way', () => {
    const match = { headers: { cookie: { regex: '^(.*?;\\s*)?(user=jason)(;.*)?$' } } };
    expect(m(match, { headers: { cookie: 'session=abc; user=jason' } })).toBe(true);
    expect(m(match, { headers: { cookie: 'user=jasonx' } })).toBe(false);
    // full-string semantics: without `\s*` the usual "; " separator defeats the pattern, as in Envoy
    expect(m({ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }, { headers: { cookie: 'a=b; user=jason' } })).toBe(false);
  });

  it('uri exact/prefix/regex ignore the query string, ignoreUriCase', () => {
    expect(m({ uri: { exact: '/reviews/0' } }, { path: '/reviews/0' })).toBe(true);
    expect(m({ uri: { prefix: '/api' } }, { path: '/api/v1/products' })).toBe(true);
    expect(m({ uri: { prefix: '/api' } }, { path: '/productpage' })).toBe(false);
    expect(m({ uri: { regex: '/reviews/\\d+' } }, { path: '/reviews/12' })).toBe(true);
    expect(m({ uri: { exact: '/Reviews/0' }, ignoreUriCase: true }, { path: '/reviews/0' })).toBe(true);
  });

  it('method, queryParams, withoutHeaders, sourceLabels, sourceNamespace, gateways', () => {
    expect(m({ method: { exact: 'POST' } }, { method: 'GET' })).toBe(false);
    expect(m({ queryParams: { u: { exact: 'test' } } }, { query: new URLSearchParams('u=test') })).toBe(true);
    expect(m({ queryParams: { u: { regex: 't.*' } } }, { query: new URLSearchParams('u=normal') })).toBe(false);
    expect(m({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'jason' } })).toBe(false);
    expect(m({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, { headers: {} })).toBe(true);
    expect(m({ withoutHeaders: { 'x-debug': {} } }, { headers: { 'x-debug': '1' } })).toBe(false);
    expect(m({ sourceLabels: { app: 'productpage' } }, {})).toBe(true);
    expect(m({ sourceLabels: { app: 'details' } }, {})).toBe(false);
    expect(m({ sourceNamespace: 'other' }, {})).toBe(false);
    expect(m({ gateways: ['mesh'] }, {})).toBe(true);
    expect(m({ gateways: ['demo/bookinfo-gateway'] }, {})).toBe(false);
  });

  it('all conditions of one entry must hold; any entry of a rule matches', () => {
    const state = buildMeshState(
      withConfig([
        {
          hosts: ['reviews'],
          http: [
            { match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/reviews' } }, { queryParams: { canary: { exact: '1' } } }], route: [reviewsTo('v2')] },
            { route: [reviewsTo('v1')] },
          ],
        },
      ]),
    );
    const r = (over: Partial<RouteRequest>) => subsetOf(routeRequest(state, caller, req(over), Math.random));
    expect(r({ headers: { 'end-user': 'jason' } })).toBe('v2');
    expect(r({ headers: { 'end-user': 'jason' }, path: '/ratings' })).toBe('v1');
    expect(r({ query: new URLSearchParams('canary=1') })).toBe('v2');
    expect(r({})).toBe('v1');
  });

  it('translates RE2 named groups and rejects invalid patterns', () => {
    expect(fullMatchRegex('(?P<v>v\\d)')?.test('v2')).toBe(true);
    expect(fullMatchRegex('(')).toBeNull();
  });
});

describe('weights', () => {
  it('a lone destination without weight takes 100%', () => {
    expect(pickWeighted([reviewsTo('v1')], () => 0.99)?.destination.subset).toBe('v1');
  });

  it('splits 80/20 within statistical bounds', () => {
    const state = buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ route: [reviewsTo('v1', 80), reviewsTo('v2', 20)] }] }]));
    const random = seededRandom(7);
    let v2 = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (subsetOf(routeRequest(state, caller, req(), random)) === 'v2') v2++;
    expect(v2 / n).toBeGreaterThan(0.19);
    expect(v2 / n).toBeLessThan(0.21);
  });

  it('weight 0 never receives traffic', () => {
    const state = buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ route: [reviewsTo('v1', 100), reviewsTo('v2', 0)] }] }]));
    const random = seededRandom(1);
    for (let i = 0; i < 1000; i++) expect(subsetOf(routeRequest(state, caller, req(), random))).toBe('v1');
  });
});

describe('NR, NC, UH', () => {
  it('no matching rule is no-route (404 NR)', () => {
    const state = buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ match: [{ uri: { exact: '/x' } }], route: [reviewsTo('v1')] }] }]));
    expect(routeRequest(state, caller, req(), Math.random).kind).toBe('no-route');
  });

  it('an unknown host without VirtualService is no-route', () => {
    const state = buildMeshState(withConfig([]));
    expect(routeRequest(state, caller, req({ authority: 'nowhere:80' }), Math.random).kind).toBe('no-route');
  });

  it('a subset missing from the DestinationRule is no-cluster (NC)', () => {
    const state = buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ route: [reviewsTo('v3')] }] }], ['v1', 'v2']));
    const d = routeRequest(state, caller, req(), Math.random);
    if (d.kind !== 'forward') throw new Error('expected forward');
    const ep = selectEndpoint(state, d.destination, 'demo', new Map());
    expect(ep.kind).toBe('no-cluster');
    expect(ep.cluster).toBe('outbound|9080|v3|reviews.demo.svc.cluster.local');
  });

  it('a subset without ready pods is no-healthy-upstream (UH); without subset round-robins ready pods', () => {
    const objs = withConfig([]);
    objs.pods = objs.pods.filter((p) => p.metadata.labels?.version !== 'v2' || p.metadata.labels.app !== 'reviews');
    objs.pods.push(pod('reviews', 'v2', { ready: false }));
    const state = buildMeshState(objs);
    expect(selectEndpoint(state, { host: 'reviews.demo.svc.cluster.local', subset: 'v2' }, 'demo', new Map()).kind).toBe('no-healthy-upstream');
    const counters = new Map<string, number>();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const ep = selectEndpoint(state, { host: 'reviews.demo.svc.cluster.local' }, 'demo', counters);
      if (ep.kind === 'ok') seen.add(ep.pod.labels.version!);
    }
    expect([...seen].sort()).toEqual(['v1', 'v3']);
  });
});

describe('mirror and fault', () => {
  it('mirrorPercentage decides how many requests are copied; default 100', () => {
    const mk = (extra: Record<string, unknown>) =>
      buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ route: [reviewsTo('v1')], mirror: { host: 'reviews', subset: 'v2' }, ...extra }] }]));
    const count = (state: ReturnType<typeof mk>) => {
      const random = seededRandom(3);
      let n = 0;
      for (let i = 0; i < 10_000; i++) {
        const d = routeRequest(state, caller, req(), random);
        if (d.kind === 'forward' && d.mirrors.length > 0) n++;
      }
      return n / 10_000;
    };
    expect(count(mk({}))).toBe(1);
    expect(count(mk({ mirrorPercentage: { value: 25 } }))).toBeCloseTo(0.25, 1);
    expect(count(mk({ mirrorPercentage: { value: 0 } }))).toBe(0);
  });

  it('mirrors[] with per-mirror percentage', () => {
    const state = buildMeshState(
      withConfig([{ hosts: ['reviews'], http: [{ route: [reviewsTo('v1')], mirrors: [{ destination: { host: 'reviews', subset: 'v2' } }, { destination: { host: 'reviews', subset: 'v3' }, percentage: { value: 0 } }] }] }]),
    );
    const d = routeRequest(state, caller, req(), Math.random);
    expect(d.kind === 'forward' && d.mirrors.map((m) => m.subset)).toEqual(['v2']);
  });

  it('fault abort and delay honour their percentage; timeout parses', () => {
    const state = buildMeshState(
      withConfig([
        {
          hosts: ['reviews'],
          http: [{ route: [reviewsTo('v1')], timeout: '0.5s', fault: { abort: { httpStatus: 500, percentage: { value: 50 } }, delay: { fixedDelay: '7s' } } }],
        },
      ]),
    );
    const random = seededRandom(11);
    let aborted = 0;
    for (let i = 0; i < 10_000; i++) {
      const d = routeRequest(state, caller, req(), random);
      if (d.kind !== 'forward') throw new Error('expected forward');
      expect(d.delayMs).toBe(7000);
      expect(d.timeoutMs).toBe(500);
      if (d.abortStatus === 500) aborted++;
    }
    expect(aborted / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('VirtualService selection', () => {
  it('mesh rules do not apply at a gateway and gateway rules not in the mesh', () => {
    const objs = withConfig([]);
    objs.virtualServices = [
      virtualService('gw', { hosts: ['*'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      virtualService('mesh', { hosts: ['reviews'], http: [{ route: [reviewsTo('v2')] }] }),
    ];
    const state = buildMeshState(objs);
    const gwCaller: RouteCaller = { namespace: 'istio-system', labels: {}, gateway: 'demo/bookinfo-gateway' };
    const atGateway = routeRequest(state, gwCaller, req({ authority: 'localhost:8080', path: '/productpage' }), Math.random);
    expect(atGateway.kind === 'forward' && atGateway.destination.host).toBe('productpage.demo.svc.cluster.local');
    expect(routeRequest(state, gwCaller, req(), Math.random).kind).toBe('forward'); // `*` covers reviews too at the gateway
    expect(subsetOf(routeRequest(state, caller, req(), Math.random))).toBe('v2');
    // the gateway-bound `*` VirtualService is invisible to sidecars
    expect(routeRequest(state, caller, req({ authority: 'details:9080' }), Math.random)).toMatchObject({ kind: 'forward', destination: { host: 'details.demo.svc.cluster.local' } });
  });

  it('exportTo "." hides a VirtualService from other namespaces', () => {
    const objs = withConfig([{ hosts: ['reviews.demo.svc.cluster.local'], exportTo: ['.'], http: [{ route: [reviewsTo('v2')] }] }]);
    const state = buildMeshState(objs);
    expect(subsetOf(routeRequest(state, caller, req(), Math.random))).toBe('v2');
    const other = routeRequest(state, { namespace: 'other', labels: {} }, req({ authority: 'reviews.demo:9080' }), Math.random);
    expect(subsetOf(other)).toBeUndefined();
  });

  it('the oldest VirtualService wins a host conflict', () => {
    const objs = withConfig([]);
    objs.virtualServices = [
      virtualService('newer', { hosts: ['reviews'], http: [{ route: [reviewsTo('v3')] }] }, 'demo', '2024-06-01T00:00:00Z'),
      virtualService('older', { hosts: ['reviews'], http: [{ route: [reviewsTo('v2')] }] }, 'demo', '2024-01-01T00:00:00Z'),
    ];
    expect(subsetOf(routeRequest(buildMeshState(objs), caller, req(), Math.random))).toBe('v2');
  });

  it('directResponse and redirect', () => {
    const state = buildMeshState(withConfig([{ hosts: ['reviews'], http: [{ match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new' } }, { directResponse: { status: 418, body: { string: 'teapot' } } }] }]));
    expect(routeRequest(state, caller, req({ path: '/old' }), Math.random)).toMatchObject({ kind: 'direct', status: 301, headers: { location: 'http://reviews:9080/new' } });
    expect(routeRequest(state, caller, req(), Math.random)).toMatchObject({ kind: 'direct', status: 418, body: 'teapot' });
  });
});
