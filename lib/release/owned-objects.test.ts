import { describe, expect, it } from 'vitest';
import { ROUTES_ANNOTATION } from './managed';
import { ownedDestinationRule, ownedGatewayVirtualServices, ownedVirtualService } from './owned-objects';
import type { DestinationRule, VirtualService } from './types';

const vs = (name: string, hosts: string[], extra: { gateways?: string[]; owner?: string } = {}): VirtualService => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'demo', ...(extra.owner ? { annotations: { [ROUTES_ANNOTATION]: extra.owner } } : {}) },
  spec: { hosts, ...(extra.gateways ? { gateways: extra.gateways } : {}), http: [] },
});
const dr = (name: string, host: string): DestinationRule => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'demo' }, spec: { host } });
const target = { releaseName: 'canary', serviceName: 'reviews', namespace: 'demo' };

describe('ownedVirtualService', () => {
  it('matches the Service by short, namespaced and cluster-local host names', () => {
    for (const host of ['reviews', 'reviews.demo', 'reviews.demo.svc', 'reviews.demo.svc.cluster.local']) {
      expect(ownedVirtualService([vs('x', [host])], target)?.metadata.name).toBe('x');
    }
    expect(ownedVirtualService([vs('x', ['reviews.other']), vs('y', ['ratings'])], target)).toBeNull();
  });

  it('prefers the one marked as the job\'s, then the one named after the Service, then the first by name', () => {
    const all = [vs('zeta', ['reviews']), vs('reviews', ['reviews']), vs('alpha', ['reviews'])];
    expect(ownedVirtualService(all, target)?.metadata.name).toBe('reviews');
    expect(ownedVirtualService([...all, vs('marked', ['reviews'], { owner: 'canary' })], target)?.metadata.name).toBe('marked');
    expect(ownedVirtualService([...all, vs('other-job', ['reviews'], { owner: 'another' })], target)?.metadata.name).toBe('reviews');
    expect(ownedVirtualService([vs('zeta', ['reviews']), vs('alpha', ['reviews'])], target)?.metadata.name).toBe('alpha');
  });

  it('skips VirtualServices bound only to gateways, keeps those that include mesh', () => {
    expect(ownedVirtualService([vs('reviews', ['reviews'], { gateways: ['bookinfo-gateway'] })], target)).toBeNull();
    expect(ownedVirtualService([vs('reviews', ['reviews'], { gateways: ['bookinfo-gateway', 'mesh'] })], target)?.metadata.name).toBe('reviews');
  });

  it('does not reorder the caller\'s list', () => {
    const all = [vs('b', ['reviews']), vs('a', ['reviews'])];
    ownedVirtualService(all, target);
    expect(all.map((v) => v.metadata.name)).toEqual(['b', 'a']);
  });
});

describe('ownedDestinationRule', () => {
  it('takes the rule for the Service host, preferring the one named after the Service', () => {
    expect(ownedDestinationRule([dr('b', 'reviews.demo.svc.cluster.local'), dr('a', 'reviews')], target)?.metadata.name).toBe('a');
    expect(ownedDestinationRule([dr('a', 'reviews'), dr('reviews', 'reviews.demo')], target)?.metadata.name).toBe('reviews');
    expect(ownedDestinationRule([dr('reviews', 'ratings')], target)).toBeNull();
  });
});

describe('ownedGatewayVirtualServices', () => {
  it('takes gateway-only VirtualServices routing to the Service or carrying the job\'s routes, by name', () => {
    const toReviews = (name: string, extra: { gateways?: string[]; owner?: string } = {}) => {
      const v = vs(name, ['bookinfo.example.com'], { gateways: ['bookinfo-gateway'], ...extra });
      v.spec.http = [{ route: [{ destination: { host: 'reviews.demo.svc.cluster.local' } }] }];
      return v;
    };
    const toRatings = vs('ratings-gw', ['bookinfo.example.com'], { gateways: ['bookinfo-gateway'] });
    toRatings.spec.http = [{ route: [{ destination: { host: 'ratings' } }] }];
    const marked = vs('marked', ['x.example.com'], { gateways: ['bookinfo-gateway'], owner: 'canary' });
    const mesh = toReviews('mesh-too', { gateways: ['bookinfo-gateway', 'mesh'] });
    const all = [toReviews('zeta'), toRatings, marked, mesh, toReviews('alpha')];
    expect(ownedGatewayVirtualServices(all, target).map((v) => v.metadata.name)).toEqual(['alpha', 'marked', 'zeta']);
  });
});
