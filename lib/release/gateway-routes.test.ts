import { describe, expect, it } from 'vitest';
import { canarySpec } from './fixtures.test-helpers';
import { conjoinMatch, detectGatewayDrift, intersectStringMatch } from './gateway-routes';
import { planRouting } from './routing-plan';
import { ROUTES_ANNOTATION } from './managed';
import { renderPreview } from './preview';
import { translateRelease, type TranslateInput } from './translate';
import type { Deployment, GrayscaleReleaseSpec, HTTPRoute, Service, VirtualService } from './types';

const NS = 'demo-project';
const productpage: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'productpage', namespace: NS, labels: { app: 'productpage' } },
  spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'productpage' } },
};
const productpageV1: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'productpage-v1', namespace: NS, labels: { app: 'productpage', version: 'v1' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'productpage', version: 'v1' } },
    template: { metadata: { labels: { app: 'productpage', version: 'v1' } }, spec: { containers: [{ name: 'productpage', image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3' }] } },
  },
};

/** Istio's samples/bookinfo/networking/bookinfo-gateway.yaml VirtualService. */
function bookinfoGatewayVs(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'bookinfo', namespace: NS },
    spec: {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
          timeout: '10s',
        },
      ],
    },
  };
}

const spec = (over: Partial<GrayscaleReleaseSpec> = {}): GrayscaleReleaseSpec =>
  canarySpec({ service: 'productpage', candidate: { version: 'v2', replicas: 1 }, ...over });

const input = (s: GrayscaleReleaseSpec, over: Partial<TranslateInput> = {}): TranslateInput => ({
  release: { metadata: { name: 'pp', namespace: NS }, spec: s },
  service: productpage,
  baselineDeployment: productpageV1,
  candidateReady: true,
  gatewayVirtualServices: [bookinfoGatewayVs()],
  ...over,
});

const gatewayRoutes = (s: GrayscaleReleaseSpec, over: Partial<TranslateInput> = {}): HTTPRoute[] => translateRelease(input(s, over)).gatewayVirtualServices[0].spec.http!;
const v1 = { host: 'productpage', subset: 'v1', port: { number: 9080 } };
const v2 = { host: 'productpage', subset: 'v2', port: { number: 9080 } };
const ORIGINAL_MATCH = bookinfoGatewayVs().spec.http![0].match!;

describe('gateway-only VirtualServices follow the job', () => {
  it('pins ingress traffic to the baseline before the candidate exists, and writes routes before the Deployment', () => {
    const out = translateRelease(input(spec(), { candidateReady: false }));
    expect(out.gatewayVirtualServices[0].spec.http).toEqual([{ match: ORIGINAL_MATCH, route: [{ destination: v1 }], timeout: '10s' }]);
    expect(out.destinationRule.spec.subsets?.map((s) => s.name)).toEqual(['v1']);
    // DR first (the subset must exist), then both VirtualServices, the new pods last: a gateway route
    // without a subset would otherwise reach the candidate's pods as soon as they are ready.
    expect(out.applyOrder).toEqual(['destinationRule', 'virtualService', 'gatewayVirtualServices', 'candidateDeployment']);
    expect(out.gatewayVirtualServices[0].spec.gateways).toEqual(['bookinfo-gateway']);
    expect(out.gatewayVirtualServices[0].spec.hosts).toEqual(['*']);
    expect(out.gatewayVirtualServices[0].metadata.annotations?.[ROUTES_ANNOTATION]).toBe('pp');
    expect(out.notes.join('\n')).toMatch(/gateway VirtualService bookinfo \(gateways bookinfo-gateway\): 1 route to productpage follow the job/);
  });

  it('splits by weight like the mesh routes, keeping the port and the route\'s own fields', () => {
    expect(gatewayRoutes(spec({ traffic: { candidateWeight: 30 } }))).toEqual([
      { match: ORIGINAL_MATCH, route: [{ destination: v1, weight: 70 }, { destination: v2, weight: 30 }], timeout: '10s' },
    ]);
  });

  it('canary by content: one copy per group, matching the route AND the group, before the split route', () => {
    const s = spec({ traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }, { os: ['Android'] }] } });
    const routes = gatewayRoutes(s);
    expect(routes.map((r) => r.name)).toEqual(['graylane-pp-gw-r0-match-0', 'graylane-pp-gw-r0-match-1', undefined]);
    expect(routes[0]).toEqual({
      name: 'graylane-pp-gw-r0-match-0',
      match: ORIGINAL_MATCH.map((m) => ({ ...m, headers: { 'end-user': { exact: 'jason' } } })),
      route: [{ destination: v2 }],
      timeout: '10s',
    });
    expect(routes[1].match?.every((m) => typeof m.headers?.['user-agent']?.regex === 'string' && m.uri)).toBe(true);
    expect(routes[2]).toEqual({ match: ORIGINAL_MATCH, route: [{ destination: v1, weight: 80 }, { destination: v2, weight: 20 }], timeout: '10s' });
  });

  it('a URI condition narrows to the route entries it can meet', () => {
    const routes = gatewayRoutes(spec({ traffic: { candidateWeight: 0, match: [{ uri: { prefix: '/api/v1/products/0' } }, { uri: { exact: '/login' } }, { uri: { prefix: '/admin' } }] } }));
    expect(routes.map((r) => [r.name, r.match])).toEqual([
      ['graylane-pp-gw-r0-match-0', [{ uri: { prefix: '/api/v1/products/0' } }]],
      ['graylane-pp-gw-r0-match-1', [{ uri: { exact: '/login' } }]],
      // /admin meets none of the route's entries: no copy at all
      [undefined, ORIGINAL_MATCH],
    ]);
    expect(routes[2].route).toEqual([{ destination: v1 }]);
  });

  it('says which combinations Istio cannot express, and keeps the others', () => {
    const out = translateRelease(input(spec({ traffic: { candidateWeight: 0, match: [{ uri: { regex: '/api/v[0-9]+/.*' } }] } })));
    const routes = out.gatewayVirtualServices[0].spec.http!;
    // /productpage, /login, /logout are exact: checked against the regex here (none matches); the prefixes cannot be combined.
    expect(routes.map((r) => r.name)).toEqual([undefined]);
    expect(out.notes.filter((n) => n.includes('cannot be combined'))).toHaveLength(2);
  });

  it('mirror: baseline answers, the candidate gets the copy; a later plan drops that mirror', () => {
    const mirrored = translateRelease(input(spec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } })));
    expect(mirrored.gatewayVirtualServices[0].spec.http).toEqual([{ match: ORIGINAL_MATCH, route: [{ destination: v1 }], mirror: v2, mirrorPercentage: { value: 50 }, timeout: '10s' }]);
    const next = gatewayRoutes(spec({ traffic: { candidateWeight: 10 } }), { gatewayVirtualServices: mirrored.gatewayVirtualServices });
    expect(next).toEqual([{ match: ORIGINAL_MATCH, route: [{ destination: v1, weight: 90 }, { destination: v2, weight: 10 }], timeout: '10s' }]);
  });

  it('is level-based: re-governing its own output changes nothing; conditions removed remove their copies', () => {
    const s = spec({ traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } });
    const first = translateRelease(input(s));
    const again = translateRelease(input(s, { gatewayVirtualServices: first.gatewayVirtualServices }));
    expect(again.gatewayVirtualServices).toEqual(first.gatewayVirtualServices);
    const byWeight = gatewayRoutes(spec({ traffic: { candidateWeight: 20 } }), { gatewayVirtualServices: first.gatewayVirtualServices });
    expect(byWeight.map((r) => r.name)).toEqual([undefined]);
  });

  it('take over and Job Offline pin every ingress request to the kept version', () => {
    const content = translateRelease(input(spec({ traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } })));
    const taken = gatewayRoutes(spec({ takeOver: 'v2', traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } }), { gatewayVirtualServices: content.gatewayVirtualServices });
    expect(taken).toEqual([{ match: ORIGINAL_MATCH, route: [{ destination: v2 }], timeout: '10s' }]);
    const offline = translateRelease(input(spec({ offline: true }), { gatewayVirtualServices: content.gatewayVirtualServices, existingDestinationRule: content.destinationRule }));
    expect(offline.gatewayVirtualServices[0].spec.http).toEqual([{ match: ORIGINAL_MATCH, route: [{ destination: v1 }], timeout: '10s' }]);
    // While a subset still exists the VirtualServices go before the DestinationRule drops it.
    const dropping = translateRelease(input(spec({ offline: true }), { candidateReady: false, gatewayVirtualServices: offline.gatewayVirtualServices, existingDestinationRule: content.destinationRule }));
    expect(dropping.applyOrder).toEqual(['virtualService', 'gatewayVirtualServices', 'destinationRule']);
  });

  it('leaves other hosts alone, notes mixed routes, and ignores VirtualServices that also bind mesh', () => {
    const vs = bookinfoGatewayVs();
    vs.spec.http!.push(
      { match: [{ uri: { prefix: '/ratings' } }], route: [{ destination: { host: 'ratings', port: { number: 9080 } } }] },
      { match: [{ uri: { prefix: '/ab' } }], route: [{ destination: { host: 'productpage' }, weight: 50 }, { destination: { host: 'legacy-page' }, weight: 50 }] },
      { match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/productpage' } },
    );
    const out = translateRelease(input(spec(), { gatewayVirtualServices: [vs] }));
    expect(out.gatewayVirtualServices[0].spec.http!.slice(1)).toEqual(vs.spec.http!.slice(1));
    expect(out.notes.join('\n')).toMatch(/route #2 mixes productpage with other hosts/);
    const meshToo = { ...bookinfoGatewayVs(), spec: { ...bookinfoGatewayVs().spec, gateways: ['bookinfo-gateway', 'mesh'] } };
    expect(translateRelease(input(spec(), { gatewayVirtualServices: [meshToo] })).gatewayVirtualServices).toEqual([]);
    const unrelated = { ...bookinfoGatewayVs(), spec: { ...bookinfoGatewayVs().spec, http: [vs.spec.http![1]] } };
    expect(translateRelease(input(spec(), { gatewayVirtualServices: [unrelated] })).gatewayVirtualServices).toEqual([unrelated]);
  });

  it('routes written as name.namespace or FQDN are governed too', () => {
    const vs = bookinfoGatewayVs();
    vs.spec.http![0].route = [{ destination: { host: `productpage.${NS}.svc.cluster.local`, port: { number: 9080 } } }];
    const routes = gatewayRoutes(spec({ traffic: { candidateWeight: 50 } }), { gatewayVirtualServices: [vs] });
    expect(routes[0].route?.map((d) => [d.destination.host, d.destination.subset, d.weight])).toEqual([
      [`productpage.${NS}.svc.cluster.local`, 'v1', 50],
      [`productpage.${NS}.svc.cluster.local`, 'v2', 50],
    ]);
  });
});

describe('conjoinMatch / intersectStringMatch', () => {
  it('combines exact, prefix and regex where one matcher can say it', () => {
    expect(intersectStringMatch({ prefix: '/api' }, { prefix: '/api/v1' })).toEqual({ kind: 'ok', value: { prefix: '/api/v1' } });
    expect(intersectStringMatch({ exact: '/api/v1' }, { prefix: '/api' })).toEqual({ kind: 'ok', value: { exact: '/api/v1' } });
    expect(intersectStringMatch({ exact: '/a' }, { exact: '/b' })).toEqual({ kind: 'empty' });
    expect(intersectStringMatch({ prefix: '/a' }, { prefix: '/b' })).toEqual({ kind: 'empty' });
    expect(intersectStringMatch({ exact: 'jason' }, { regex: 'jas.n' })).toEqual({ kind: 'ok', value: { exact: 'jason' } });
    expect(intersectStringMatch({ regex: 'a.*' }, { regex: 'b.*' })).toEqual({ kind: 'unrepresentable' });
    expect(intersectStringMatch({ prefix: '/a' }, { regex: '/a.*' })).toEqual({ kind: 'unrepresentable' });
  });

  it('keeps the route entry\'s other fields and adds the group\'s headers', () => {
    expect(conjoinMatch({ uri: { prefix: '/' }, method: { exact: 'GET' }, ignoreUriCase: true }, { headers: { 'end-user': { exact: 'jason' } } })).toEqual({
      kind: 'ok',
      value: { uri: { prefix: '/' }, method: { exact: 'GET' }, ignoreUriCase: true, headers: { 'end-user': { exact: 'jason' } } },
    });
    expect(conjoinMatch({ headers: { 'end-user': { exact: 'bob' } } }, { headers: { 'end-user': { exact: 'jason' } } })).toEqual({ kind: 'empty' });
    expect(conjoinMatch({ headers: { cookie: { regex: '.*a.*' } } }, { headers: { cookie: { regex: '.*b.*' } } })).toEqual({ kind: 'unrepresentable', field: 'headers.cookie' });
  });
});

describe('renderPreview with gateway VirtualServices', () => {
  it('shows the governed gateway VirtualService as its own document, diffed against the cluster', () => {
    const out = translateRelease(input(spec({ traffic: { candidateWeight: 30 } })));
    const preview = renderPreview(
      { virtualService: out.virtualService, destinationRule: out.destinationRule, gatewayVirtualServices: out.gatewayVirtualServices },
      { gatewayVirtualServices: [bookinfoGatewayVs()] },
    );
    expect(preview.documents.map((d) => `${d.kind}/${d.name}`)).toEqual(['DestinationRule/productpage', 'VirtualService/productpage', 'VirtualService/bookinfo']);
    const changes = preview.documents[2].diff.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text.trim()}`);
    expect(changes).toContain('+subset: v2');
    expect(changes).toContain('+weight: 30');
    expect(changes.filter((l) => l.startsWith('-'))).toEqual([]);
  });
});

describe('detectGatewayDrift', () => {
  const ctx = (s: GrayscaleReleaseSpec) => ({ releaseName: 'pp', namespace: NS, serviceName: 'productpage', spec: s, plan: planRouting(s, { baseline: true, candidate: true }).plan });
  const written = (s: GrayscaleReleaseSpec) => translateRelease(input(s)).gatewayVirtualServices[0];

  it('sees no drift in what the job wrote, for a split and for content copies, nor in a VirtualService it never wrote', () => {
    const split = spec({ traffic: { candidateWeight: 30 } });
    expect(detectGatewayDrift(written(split), ctx(split))).toEqual({ drifted: false, details: [] });
    const content = spec({ traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } });
    expect(detectGatewayDrift(written(content), ctx(content)).drifted).toBe(false);
    expect(detectGatewayDrift(bookinfoGatewayVs(), ctx(split)).drifted).toBe(false);
    // a later spec change is not drift: the stamp still matches what is in the cluster
    expect(detectGatewayDrift(written(split), ctx(spec({ traffic: { candidateWeight: 60 } }))).drifted).toBe(false);
  });

  it('reports weights edited by hand and a governed route pointed elsewhere', () => {
    const s = spec({ traffic: { candidateWeight: 30 } });
    const edited = written(s);
    edited.spec.http![0].route = [{ destination: v1, weight: 50 }, { destination: v2, weight: 50 }];
    const r = detectGatewayDrift(edited, ctx(s));
    expect(r.drifted).toBe(true);
    expect(r.details[0]).toBe('routes to productpage were edited since the job last wrote them (now: #0 → v1 50%, v2 50%)');
    const elsewhere = written(s);
    elsewhere.spec.http![0].route = [{ destination: { host: 'maintenance-page' } }];
    expect(detectGatewayDrift(elsewhere, ctx(s)).details[0]).toContain('(now: none forwards only to it)');
    // the stamp of another job is not this job's business
    expect(detectGatewayDrift(edited, { ...ctx(s), releaseName: 'other' }).drifted).toBe(false);
  });
});
