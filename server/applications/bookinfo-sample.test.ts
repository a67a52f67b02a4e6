import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bookinfoObjects, parseManifest, sampleImage } from './bookinfo-sample';

const manifest = parseManifest(readFileSync(path.join(process.cwd(), 'deploy/samples/bookinfo.yaml'), 'utf8'));
const names = (objs: { kind: string; metadata: { name: string } }[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`);

describe('sampleImage', () => {
  it("rewrites Istio's Bookinfo images to KubeSphere's 1.13.0 ones", () => {
    expect(sampleImage('registry.istio.io/release/examples-bookinfo-details-v1:1.20.3')).toBe('kubesphere/examples-bookinfo-details-v1:1.13.0');
    expect(sampleImage('docker.io/istio/examples-bookinfo-reviews-v3@sha256:abc')).toBe('kubesphere/examples-bookinfo-reviews-v3:1.13.0');
    expect(sampleImage('nginx:1.25')).toBe('nginx:1.25');
  });
});

describe('bookinfoObjects', () => {
  const objects = bookinfoObjects(manifest, 'demo-project', 'networking.istio.io/v1');

  it('keeps v1 of each service, in creation order, plus the Istio gateway and routes', () => {
    expect(names(objects)).toEqual([
      'ServiceAccount/bookinfo-details',
      'ServiceAccount/bookinfo-ratings',
      'ServiceAccount/bookinfo-reviews',
      'ServiceAccount/bookinfo-productpage',
      'Service/details',
      'Service/ratings',
      'Service/reviews',
      'Service/productpage',
      'Deployment/details-v1',
      'Deployment/ratings-v1',
      'Deployment/reviews-v1',
      'Deployment/productpage-v1',
      'Gateway/bookinfo-gateway',
      'VirtualService/bookinfo',
    ]);
  });

  it('labels every object as application bookinfo v1 in the target namespace', () => {
    for (const obj of objects) {
      expect(obj.metadata.namespace).toBe('demo-project');
      expect(obj.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'bookinfo', 'app.kubernetes.io/version': 'v1' });
    }
  });

  it("labels pods with the application but keeps selectors and the version label untouched", () => {
    const reviews = objects.find((o) => o.metadata.name === 'reviews-v1')!;
    expect(reviews.spec.selector).toEqual({ matchLabels: { app: 'reviews', version: 'v1' } });
    expect(reviews.spec.template.metadata.labels).toEqual({ app: 'reviews', version: 'v1', 'app.kubernetes.io/name': 'bookinfo' });
    expect(reviews.spec.template.spec.containers[0].image).toBe('kubesphere/examples-bookinfo-reviews-v1:1.13.0');
  });

  it('routes the public productpage paths through the gateway', () => {
    const vs = objects.find((o) => o.kind === 'VirtualService')!;
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.gateways).toEqual(['bookinfo-gateway']);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'productpage', port: { number: 9080 } } }]);
    expect(vs.spec.http[0].match).toContainEqual({ uri: { exact: '/productpage' } });
  });

  it('leaves Istio objects out when the cluster has no Istio, and does not mutate its input', () => {
    const bare = bookinfoObjects(manifest, 'p', undefined);
    expect(bare.some((o) => o.kind === 'Gateway' || o.kind === 'VirtualService')).toBe(false);
    expect(manifest.find((o) => o.metadata.name === 'details-v1')!.metadata.labels).toEqual({ app: 'details', version: 'v1' });
  });

  it('drops per-version Services', () => {
    const extra = parseManifest('apiVersion: v1\nkind: Service\nmetadata: {name: reviews-v2}\nspec: {selector: {app: reviews, version: v2}, ports: [{port: 9080}]}\n');
    expect(bookinfoObjects(extra, 'p')).toEqual([]);
  });
});
