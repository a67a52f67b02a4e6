import { describe, expect, it } from 'vitest';
import type { InstantSample } from './prometheus-result';
import { buildTopology, canonicalRevision, type TopologyInput } from './topology';

const edge = (src: string, srcRev: string, svc: string, dstRev: string, code: string, v: number, srcNs = 'demo'): InstantSample => ({
  t: 0,
  v,
  metric: {
    source_workload: src,
    source_workload_namespace: srcNs,
    source_canonical_revision: srcRev,
    destination_service_name: svc,
    destination_workload: `${svc}-${dstRev}`,
    destination_canonical_revision: dstRev,
    response_code: code,
  },
});

function input(over: Partial<TopologyInput> = {}): TopologyInput {
  return {
    namespace: 'demo',
    window: '1m',
    queriedAt: '2026-01-01T00:00:00.000Z',
    services: [
      { name: 'productpage', app: 'bookinfo', versions: [{ version: 'v1', workload: 'productpage-v1' }] },
      { name: 'reviews', app: 'bookinfo', versions: [{ version: 'v1', workload: 'reviews-v1' }, { version: 'v2', workload: 'reviews-v2' }, { version: 'v3', workload: 'reviews-v3' }] },
      { name: 'other', app: 'shop', versions: [{ version: 'v1', workload: 'other-v1' }] },
    ],
    requests: [
      edge('istio-ingressgateway', 'latest', 'productpage', 'v1', '200', 10, 'istio-system'),
      edge('productpage-v1', 'v1', 'reviews', 'v1', '200', 8),
      edge('productpage-v1', 'v1', 'reviews', 'v2', '200', 1.4),
      edge('productpage-v1', 'v1', 'reviews', 'v2', '500', 0.6),
    ],
    unreached: [
      { t: 0, v: 0.5, metric: { source_workload: 'productpage-v1', source_workload_namespace: 'demo', source_canonical_revision: 'v1', destination_service_name: 'reviews', response_code: '503', response_flags: 'NC' } },
    ],
    edgeLatency: [
      { t: 0, v: 12, metric: { source_workload: 'productpage-v1', source_workload_namespace: 'demo', source_canonical_revision: 'v1', destination_service_name: 'reviews', destination_workload: 'reviews-v2', destination_canonical_revision: 'v2', quantile: '0.95' } },
    ],
    nodeLatency: [
      { t: 0, v: 3, metric: { destination_service_name: 'reviews', destination_canonical_revision: 'v1', quantile: '0.5' } },
      { t: 0, v: 9, metric: { destination_service_name: 'reviews', quantile: '0.99' } },
    ],
    ...over,
  };
}

describe('buildTopology', () => {
  it('builds ingress, service boxes with version children, edges with share, errors, p95 and health', () => {
    const view = buildTopology(input());
    const node = (id: string) => view.nodes.find((n) => n.id === id)!;
    expect(node('ingress:istio-system/istio-ingressgateway')).toMatchObject({ kind: 'ingress', health: 'healthy', traffic: { requestRate: 10 } });
    expect(node('version:demo/reviews/v1')).toMatchObject({ kind: 'version', parent: 'service:demo/reviews', workload: 'reviews-v1', health: 'healthy', traffic: { requestRate: 8, successRate: 1, p50Ms: 3 } });
    expect(node('version:demo/reviews/v2')).toMatchObject({ health: 'failing', traffic: { requestRate: 2, successRate: expect.closeTo(0.7, 6) } });
    expect(node('version:demo/reviews/v3')).toMatchObject({ health: 'idle', traffic: { requestRate: 0, successRate: null } });
    // service inbound includes the request that reached no version
    expect(node('service:demo/reviews')).toMatchObject({ kind: 'service', traffic: { requestRate: 10.5, p99Ms: 9 } });
    const e = view.edges.find((x) => x.id === 'version:demo/productpage/v1->version:demo/reviews/v2')!;
    expect(e).toMatchObject({ health: 'failing', traffic: { requestRate: 2, p95Ms: 12 } });
    expect(e.share).toBeCloseTo(2 / 10.5, 6);
    const nc = view.edges.find((x) => x.target === 'service:demo/reviews')!;
    expect(nc).toMatchObject({ source: 'version:demo/productpage/v1', health: 'failing', traffic: { successRate: 0, errorRate5xx: 1 } });
  });

  it('filters by app and keeps neighbours', () => {
    const view = buildTopology(input({ app: 'shop' }));
    expect(view.app).toBe('shop');
    expect(view.nodes.map((n) => n.id)).toEqual(['service:demo/other', 'version:demo/other/v1']);
    expect(view.edges).toEqual([]);
    const b = buildTopology(input({ app: 'bookinfo' }));
    expect(b.nodes.some((n) => n.kind === 'ingress')).toBe(true);
    expect(b.nodes.some((n) => n.service === 'other')).toBe(false);
  });

  it('shows unknown callers and versions seen only in traffic', () => {
    const view = buildTopology(input({ services: [], unreached: [], requests: [edge('loadgen', 'latest', 'reviews', 'v9', '404', 4, 'tools')] }));
    expect(view.nodes.find((n) => n.kind === 'unknown')).toMatchObject({ id: 'unknown:tools/loadgen', traffic: { requestRate: 4 }, health: 'failing' });
    expect(view.nodes.find((n) => n.id === 'version:demo/reviews/v9')).toMatchObject({ workload: 'reviews-v9' });
  });

  it('canonical revision follows Istio precedence', () => {
    expect(canonicalRevision({ version: 'v2' })).toBe('v2');
    expect(canonicalRevision({ version: 'v2', 'app.kubernetes.io/version': '1.0' })).toBe('1.0');
    expect(canonicalRevision({ 'service.istio.io/canonical-revision': 'c', version: 'v2' })).toBe('c');
    expect(canonicalRevision(undefined)).toBe('latest');
  });
});
