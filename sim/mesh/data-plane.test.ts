import { describe, expect, it } from 'vitest';
import { reportLabelValues, ISTIO_LABEL_NAMES } from '../telemetry/istio-metrics';
import { createMeshCore, productpageRequest } from './index';
import { bookinfoObjects, destinationRule, memoryStore, pod, seededRandom, service, virtualService } from './test-fixtures';

function setup(extra: (objs: ReturnType<typeof bookinfoObjects>) => void = () => undefined) {
  const objs = bookinfoObjects();
  extra(objs);
  const store = memoryStore(objs);
  const core = createMeshCore(store, { random: seededRandom(5) });
  return { store, core };
}

const starsOf = (html: string) => /data-stars="(\w+)"/.exec(html)?.[1];

/** Sum of istio_requests_total over series whose labels include all of `want`. */
function requests(core: ReturnType<typeof setup>['core'], want: Record<string, string>): number {
  let total = 0;
  for (const [key, s] of core.metrics.requests.series) {
    const values = key.split('\u0000');
    const labels = Object.fromEntries(ISTIO_LABEL_NAMES.map((n, i) => [n, values[i]]));
    if (Object.entries(want).every(([k, v]) => labels[k] === v)) total += s.value;
  }
  return total;
}

const reviewsVs = (http: unknown[]) => virtualService('reviews', { hosts: ['reviews'], http });

describe('data plane with Bookinfo', () => {
  it('renders productpage with details and reviews through the ingress; round-robins reviews versions', async () => {
    const { core } = setup();
    const stars = new Map<string, number>();
    const bodies: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await core.ingress(productpageRequest('127.0.0.1:8080'));
      bodies.push(r.body);
      expect(r.status).toBe(200);
      expect(r.body).toContain('Book Details');
      expect(r.body).toContain('Reviewer1');
      expect(r.body).toMatch(/Reviews served by:<\/dt><u>reviews-v\d-/);
      stars.set(starsOf(r.body)!, (stars.get(starsOf(r.body)!) ?? 0) + 1);
    }
    expect(Object.fromEntries(stars)).toEqual({ none: 10, black: 10, red: 10 });
    expect(bodies.some((b) => b.includes('<font color="black"><span class="glyphicon glyphicon-star">'))).toBe(true);
    expect(bodies.some((b) => b.includes('<font color="red"><span class="glyphicon glyphicon-star">'))).toBe(true);
  });

  it('forwards end-user after login so a header rule selects v2', async () => {
    const { core } = setup((o) => {
      o.destinationRules.push(destinationRule('reviews', ['v1', 'v2', 'v3']));
      o.virtualServices.push(reviewsVs([{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }, { route: [{ destination: { host: 'reviews', subset: 'v1' } }] }]));
    });
    const login = await core.ingress({ method: 'POST', authority: 'x', path: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=jason&passwd=' });
    expect(login.status).toBe(302);
    const cookies = (login.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    for (let i = 0; i < 10; i++) {
      const page = await core.ingress({ ...productpageRequest('x'), headers: { cookie: cookies } });
      expect(starsOf(page.body)).toBe('black');
      expect(page.body).toContain('Signed in as <b>jason</b>');
    }
    for (let i = 0; i < 10; i++) expect(starsOf((await core.ingress(productpageRequest('x'))).body)).toBe('none');
    const logout = await core.ingress({ ...productpageRequest('x'), path: '/logout', headers: { cookie: cookies } });
    expect(String(logout.headers['set-cookie'])).toContain('session=;');
  });

  it('mirrors to v2 while serving v1, reported on the destination side with a -shadow host', async () => {
    const { core } = setup((o) => {
      o.destinationRules.push(destinationRule('reviews', ['v1', 'v2', 'v3']));
      o.virtualServices.push(reviewsVs([{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], mirror: { host: 'reviews', subset: 'v2' }, mirrorPercentage: { value: 100 } }]));
    });
    for (let i = 0; i < 20; i++) expect(starsOf((await core.ingress(productpageRequest('x'))).body)).toBe('none');
    await new Promise((r) => setTimeout(r, 20));
    const dest = (version: string) => requests(core, { reporter: 'destination', destination_service_name: 'reviews', destination_version: version });
    expect(dest('v1')).toBe(20);
    expect(dest('v2')).toBe(20);
    // the shadow does not show in the source proxy's stats
    expect(requests(core, { reporter: 'source', destination_service_name: 'reviews', destination_version: 'v2' })).toBe(0);
    const shadowSpan = [...core.traces.search({ service: 'reviews.demo' })].flatMap((t) => t.spans).find((s) => s.operationName.includes('-shadow') || s.tags.some((t) => String(t.value).includes('-shadow')));
    expect(shadowSpan).toBeDefined();
  });

  it('answers 503 NC for a missing subset and 503 UH for a subset without ready pods, with those flags in metrics', async () => {
    const { core, store } = setup((o) => {
      o.destinationRules.push(destinationRule('reviews', ['v1', 'v2']));
      o.virtualServices.push(reviewsVs([{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }]));
    });
    let page = await core.ingress(productpageRequest('x'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('product reviews are currently unavailable');
    expect(requests(core, { reporter: 'source', source_workload: 'productpage-v1', response_code: '503', response_flags: 'NC', destination_service_name: 'reviews' })).toBe(1);

    store.update('networking.istio.io/destinationrules', destinationRule('reviews', ['v1', 'v2', 'v3']));
    const v3 = store.list('pods').find((p) => p.metadata.labels?.version === 'v3' && p.metadata.labels.app === 'reviews')!;
    store.delete('pods', 'demo', v3.metadata.name!);
    page = await core.ingress(productpageRequest('x'));
    expect(requests(core, { reporter: 'source', response_code: '503', response_flags: 'UH', destination_service: 'reviews.demo.svc.cluster.local', destination_workload: 'unknown' })).toBe(1);

    store.create('pods', pod('reviews', 'v3', { suffix: 'abcde' }));
    page = await core.ingress(productpageRequest('x'));
    expect(starsOf(page.body)).toBe('red');
  });

  it('fault abort gives FI, a timeout gives 504 UT', async () => {
    const { core } = setup((o) => {
      o.pods.push(pod('slow', 'v1', { image: 'example.com/slow:1', env: { SIM_LATENCY_MS: '200' } }));
      o.services.push(service('slow'));
      o.virtualServices.push(
        virtualService('ratings', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }], fault: { abort: { httpStatus: 500, percentage: { value: 100 } } } }] }),
        virtualService('slow', { hosts: ['slow'], http: [{ route: [{ destination: { host: 'slow' } }], timeout: '50ms' }] }),
      );
    });
    const caller = { identity: { ...(await import('./workload')).INGRESS_GATEWAY_IDENTITY, workloadNamespace: 'demo' } };
    const aborted = await core.plane.send(caller, { method: 'GET', authority: 'ratings:9080', path: '/ratings/0', headers: {} });
    expect([aborted.status, aborted.flags]).toEqual([500, 'FI']);
    const timedOut = await core.plane.send(caller, { method: 'GET', authority: 'slow', path: '/', headers: {} });
    expect([timedOut.status, timedOut.flags]).toEqual([504, 'UT']);
  });

  it('echo apps honour SIM_ERROR_RATE and report their version and pod', async () => {
    const { core } = setup((o) => {
      o.services.push(service('web'));
      o.pods.push(pod('web', 'v1', { image: 'example.com/web:1' }), pod('web', 'v2', { image: 'example.com/web:2', env: { SIM_ERROR_RATE: '1' } }));
    });
    const caller = { identity: { ...(await import('./workload')).INGRESS_GATEWAY_IDENTITY, workloadNamespace: 'demo' } };
    const statuses = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      const r = await core.plane.send(caller, { method: 'GET', authority: 'web', path: '/', headers: {} });
      const body = JSON.parse(r.body) as { version: string; pod: string };
      expect(body.pod).toMatch(/^web-v\d-/);
      statuses.set(`${body.version}:${r.status}`, (statuses.get(`${body.version}:${r.status}`) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 'v1:200': 5, 'v2:500': 5 });
  });

  it('traces a productpage request as gateway → productpage → details, reviews → ratings with Istio tags', async () => {
    const { core } = setup((o) => {
      o.destinationRules.push(destinationRule('reviews', ['v1', 'v2', 'v3']));
      o.virtualServices.push(reviewsVs([{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }]));
    });
    await core.ingress(productpageRequest('x'));
    const [trace] = core.traces.search({ service: 'productpage.demo' });
    const spans = trace!.spans;
    expect(spans).toHaveLength(8);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const edges = spans
      .filter((s) => s.kind === 'server')
      .map((s) => `${byId.get(byId.get(s.parentSpanId!)!.parentSpanId ?? '')?.serviceName ?? 'root'} -> ${s.serviceName}@${s.tags.find((t) => t.key === 'istio.canonical_revision')?.value}`)
      .sort();
    expect(edges).toEqual(['productpage.demo -> details.demo@v1', 'productpage.demo -> reviews.demo@v3', 'reviews.demo -> ratings.demo@v1', 'root -> productpage.demo@v1']);
    const reviewsServer = spans.find((s) => s.kind === 'server' && s.serviceName === 'reviews.demo')!;
    expect(reviewsServer.operationName).toBe('reviews.demo.svc.cluster.local:9080/*');
    const tag = (k: string) => reviewsServer.tags.find((t) => t.key === k)?.value;
    expect(tag('node_id')).toMatch(/^sidecar~10\.244\.\d+\.\d+~reviews-v3-5b64f47978-x2k4p\.demo~demo\.svc\.cluster\.local$/);
    expect(tag('http.status_code')).toBe('200');
    expect(tag('http.url')).toBe('http://reviews:9080/reviews/0');
    const reviewsClient = byId.get(reviewsServer.parentSpanId!)!;
    expect(reviewsClient.tags.find((t) => t.key === 'upstream_cluster')?.value).toBe('outbound|9080|v3|reviews.demo.svc.cluster.local');
    expect(reviewsClient.serviceName).toBe('productpage.demo');
  });

  it('labels source and destination reports as Istio does', async () => {
    const { core } = setup();
    await core.ingress(productpageRequest('x'));
    const labels = [...core.metrics.requests.series.keys()].map((k) => Object.fromEntries(ISTIO_LABEL_NAMES.map((n, i) => [n, k.split('\u0000')[i]])));
    const ingressToPp = labels.find((l) => l.reporter === 'destination' && l.destination_app === 'productpage')!;
    expect(ingressToPp).toMatchObject({
      source_workload: 'istio-ingressgateway',
      source_workload_namespace: 'istio-system',
      destination_workload: 'productpage-v1',
      destination_version: 'v1',
      destination_canonical_revision: 'v1',
      destination_service: 'productpage.demo.svc.cluster.local',
      destination_service_name: 'productpage',
      destination_service_namespace: 'demo',
      request_protocol: 'http',
      response_code: '200',
      response_flags: '-',
      connection_security_policy: 'mutual_tls',
    });
    expect(reportLabelValues).toBeTypeOf('function');
  });
});
