import { describe, expect, it } from 'vitest';
import type { InstantSample } from './prometheus-result';
import type { KubeDeployment, KubeService } from '../api/kube-shapes';
import { buildTopology, canonicalRevision, inventoryOf, type TopologyInput } from './topology';

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

const buckets = (src: string, svc: string, rev: string, byLe: Record<string, number>): InstantSample[] =>
  Object.entries(byLe).map(([le, v]) => ({
    t: 0,
    v,
    metric: { le, source_workload: src, source_workload_namespace: 'demo', destination_service_name: svc, destination_canonical_revision: rev },
  }));

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
    latencyBuckets: [
      // productpage -> reviews v1: 4/s under 5 ms, 8/s under 10 ms
      ...buckets('productpage-v1', 'reviews', 'v1', { '5': 4, '10': 8, '25': 8, '+Inf': 8 }),
      // productpage -> reviews v2: 1/s in (5, 10], 1/s in (10, 25]
      ...buckets('productpage-v1', 'reviews', 'v2', { '5': 0, '10': 1, '25': 2, '+Inf': 2 }),
    ],
    ...over,
  };
}

describe('buildTopology', () => {
  it('builds ingress, service boxes with version children, edges with share, errors, p95 and health', () => {
    const view = buildTopology(input());
    const node = (id: string) => view.nodes.find((n) => n.id === id)!;
    expect(node('ingress:istio-system/istio-ingressgateway')).toMatchObject({ kind: 'ingress', health: 'healthy', traffic: { requestRate: 10 } });
    expect(node('version:demo/reviews/v1')).toMatchObject({ kind: 'version', parent: 'service:demo/reviews', workload: 'reviews-v1', health: 'healthy', traffic: { requestRate: 8, successRate: 1, p50Ms: 5 } });
    expect(node('version:demo/reviews/v2')).toMatchObject({ health: 'failing', traffic: { requestRate: 2, successRate: expect.closeTo(0.7, 6) } });
    expect(node('version:demo/reviews/v3')).toMatchObject({ health: 'idle', traffic: { requestRate: 0, successRate: null } });
    // service inbound includes the request that reached no version; its latency sums its versions'
    // buckets (5: 4, 10: 9, 25: 10, +Inf: 10): p99 rank 9.9 lies in (10, 25] at 0.9
    expect(node('service:demo/reviews')).toMatchObject({ kind: 'service', traffic: { requestRate: 10.5, p99Ms: expect.closeTo(23.5, 9) } });
    const e = view.edges.find((x) => x.id === 'version:demo/productpage/v1->version:demo/reviews/v2')!;
    // rank 1.9 of 2 in (10, 25] holding 1: 10 + 15 * 0.9
    expect(e).toMatchObject({ health: 'failing', traffic: { requestRate: 2, p95Ms: expect.closeTo(23.5, 9) } });
    expect(view.edges.find((x) => x.source.startsWith('ingress:'))!.traffic.p95Ms).toBeNull();
    expect(e.share).toBeCloseTo(2 / 10.5, 6);
    const nc = view.edges.find((x) => x.target === 'service:demo/reviews')!;
    expect(nc).toMatchObject({ source: 'version:demo/productpage/v1', health: 'failing', traffic: { successRate: 0, errorRate5xx: 1 } });
  });

  it('sums the buckets of every series of one graph edge before taking quantiles', () => {
    // two workloads of reviews v1 (a Deployment renamed mid-rollout): one edge, one histogram
    const view = buildTopology(input({
      requests: [edge('productpage-v1', 'v1', 'reviews', 'v1', '200', 2), { ...edge('productpage-v1', 'v1', 'reviews', 'v1', '200', 2), metric: { ...edge('productpage-v1', 'v1', 'reviews', 'v1', '200', 2).metric, destination_workload: 'reviews-v1-new' } }],
      unreached: [],
      latencyBuckets: [...buckets('productpage-v1', 'reviews', 'v1', { '10': 2, '+Inf': 2 }), ...buckets('productpage-v1', 'reviews', 'v1', { '10': 0, '+Inf': 2 })],
    }));
    const e = view.edges.find((x) => x.id === 'version:demo/productpage/v1->version:demo/reviews/v1')!;
    // 2 of 4 under 10 ms: p50 is 10, p95 falls in +Inf and reports the highest finite bound
    expect(e.traffic).toMatchObject({ requestRate: 4, p50Ms: 10, p95Ms: 10 });
    expect(view.nodes.find((n) => n.id === 'version:demo/reviews/v1')!.traffic.p50Ms).toBe(10);
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

  it('inventory: Services get the Deployments their selector matches, by labels, versions in numeric order', () => {
    const svc = (name: string, selector: Record<string, string> | undefined, labels: Record<string, string> = {}): KubeService => ({ metadata: { name, labels }, spec: { selector } });
    const dep = (name: string, labels: Record<string, string>): KubeDeployment => ({ metadata: { name }, spec: { template: { metadata: { labels } } } });
    const inv = inventoryOf(
      [svc('reviews', { app: 'reviews' }, { 'app.kubernetes.io/name': 'bookinfo' }), svc('reviews-v2-only', { app: 'reviews', version: 'v2' }, { app: 'x' }), svc('manual', undefined), svc('empty', {})],
      [dep('reviews-v10', { app: 'reviews', version: 'v10' }), dep('reviews-v2', { app: 'reviews', version: 'v2' }), dep('rev-one', { app: 'reviews', version: 'v1' }), dep('ratings-v1', { app: 'ratings', version: 'v1' })],
    );
    expect(inv).toEqual([
      { name: 'reviews', app: 'bookinfo', versions: [{ version: 'v1', workload: 'rev-one' }, { version: 'v2', workload: 'reviews-v2' }, { version: 'v10', workload: 'reviews-v10' }] },
      { name: 'reviews-v2-only', app: 'x', versions: [{ version: 'v2', workload: 'reviews-v2' }] },
      { name: 'manual', app: null, versions: [] },
      { name: 'empty', app: null, versions: [] },
    ]);
  });
});
