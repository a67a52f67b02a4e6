import { describe, expect, it } from 'vitest';
import { isIngressPath, resolveIngressTarget } from './ingress';
import { buildMeshState } from './mesh-state';
import { bookinfoObjects, virtualService } from './test-fixtures';
import { startTraffic } from './traffic';

describe('ingress', () => {
  it('exposes only the Bookinfo paths', () => {
    for (const p of ['/productpage', '/productpage?u=normal', '/login', '/logout', '/static/x.css', '/api/v1/products', '/api/v1/products/0/reviews']) expect(isIngressPath(p)).toBe(true);
    for (const p of ['/', '/reviews/0', '/api/v2', '/productpages']) expect(isIngressPath(p)).toBe(false);
  });

  it('prefers a Gateway with a bound VirtualService, else the productpage Service', () => {
    const objs = bookinfoObjects();
    expect(resolveIngressTarget(buildMeshState(objs), 'localhost:8080')).toEqual({ kind: 'service', authority: 'productpage.demo.svc.cluster.local:9080' });
    objs.gateways.push({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'bookinfo-gateway', namespace: 'demo' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'] }] } });
    // a Gateway without a VirtualService bound to it does not capture traffic
    expect(resolveIngressTarget(buildMeshState(objs), 'localhost:8080').kind).toBe('service');
    objs.virtualServices.push(virtualService('bookinfo', { hosts: ['*'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }));
    expect(resolveIngressTarget(buildMeshState(objs), 'localhost:8080')).toEqual({ kind: 'gateway', gateway: 'demo/bookinfo-gateway' });
  });
});

describe('traffic generator', () => {
  it('sends about rps requests per second and never exceeds maxInFlight', async () => {
    let inFlight = 0;
    let peak = 0;
    const gen = startTraffic({
      rps: 200,
      maxInFlight: 3,
      send: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 40)); // slow server: 3 in flight allow ~75 req/s
        inFlight--;
      },
    });
    await new Promise((r) => setTimeout(r, 500));
    await gen.stop();
    const s = gen.stats();
    expect(peak).toBeLessThanOrEqual(3);
    expect(s.skipped).toBeGreaterThan(0);
    expect(s.completed).toBe(s.sent);
  });

  it('keeps a steady rate when the server is fast', async () => {
    let n = 0;
    const gen = startTraffic({ rps: 100, send: async () => void n++ });
    await new Promise((r) => setTimeout(r, 1000));
    await gen.stop();
    expect(n).toBeGreaterThan(70);
    expect(n).toBeLessThan(130);
  });
});
