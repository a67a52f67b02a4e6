/** Topology and trace fixtures shaped like the API's answers, for the telemetry UI's unit tests. */
import type { Health, SpanView, TopologyEdge, TopologyNode, TopologyView, TrafficFigures } from '@/lib/api/telemetry-types';

export function figures(requestRate: number, over: Partial<TrafficFigures> = {}): TrafficFigures {
  const has = requestRate > 0;
  return { requestRate, successRate: has ? 1 : null, errorRate5xx: has ? 0 : null, errorRate4xx: has ? 0 : null, p50Ms: has ? 5 : null, p95Ms: has ? 20 : null, p99Ms: has ? 40 : null, ...over };
}

function node(id: string, kind: TopologyNode['kind'], extra: Partial<TopologyNode> = {}): TopologyNode {
  return { id, kind, label: extra.label ?? id, namespace: 'demo-project', health: 'healthy' as Health, traffic: figures(1), ...extra };
}

function edge(source: string, target: string, rate: number, share: number | null = 1): TopologyEdge {
  return { id: `${source}->${target}`, source, target, health: rate > 0 ? 'healthy' : 'idle', traffic: figures(rate), share };
}

/** Bookinfo with reviews v1 and v2, as the tutorial shows it. */
export function bookinfoTopology(): TopologyView {
  const svc = (name: string, versions: string[]) => [
    node(`svc:${name}`, 'service', { label: name, service: name }),
    ...versions.map((v) => node(`ver:${name}:${v}`, 'version', { label: `${name} ${v}`, service: name, version: v, workload: `${name}-${v}`, parent: `svc:${name}` })),
  ];
  return {
    namespace: 'demo-project',
    app: 'bookinfo',
    window: '5m',
    queriedAt: '2024-05-01T12:00:00Z',
    nodes: [node('ingress', 'ingress', { label: 'istio-ingressgateway' }), ...svc('productpage', ['v1']), ...svc('details', ['v1']), ...svc('reviews', ['v1', 'v2']), ...svc('ratings', ['v1'])],
    // as the API builds them: from the calling version to the called version, and to the Service
    // box for requests that reached no version (here a few 503s with no healthy upstream)
    edges: [
      edge('ingress', 'ver:productpage:v1', 10),
      edge('ver:productpage:v1', 'ver:details:v1', 10, 0.5),
      edge('ver:productpage:v1', 'ver:reviews:v1', 8, 0.4),
      edge('ver:productpage:v1', 'ver:reviews:v2', 1.5, 0.075),
      edge('ver:productpage:v1', 'svc:reviews', 0.5, 0.025),
      edge('ver:reviews:v2', 'ver:ratings:v1', 2),
    ],
  };
}

/** A synthetic mesh of `n` services in a chain of fan-outs, for "readable at 50 nodes". */
export function syntheticTopology(n: number): TopologyView {
  const nodes: TopologyNode[] = [node('ingress', 'ingress')];
  const edges: TopologyEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`svc:s${i}`, 'service', { label: `service-${i}`, service: `service-${i}` }));
    nodes.push(node(`ver:s${i}:v1`, 'version', { label: 'v1', version: 'v1', parent: `svc:s${i}` }));
    const parent = i === 0 ? 'ingress' : `ver:s${Math.floor((i - 1) / 3)}:v1`;
    edges.push(edge(parent, `ver:s${i}:v1`, 1, 0.33));
  }
  return { namespace: 'demo-project', window: '5m', queriedAt: '2024-05-01T12:00:00Z', nodes, edges };
}

export function span(spanId: string, parentSpanId: string | null, startTime: number, duration: number, extra: Partial<SpanView> = {}): SpanView {
  return { spanId, parentSpanId, operation: spanId, service: 'svc', version: 'v1', pod: `${spanId}-pod`, startTime, duration, statusCode: 200, url: null, kind: 'server', error: false, onCriticalPath: false, tags: [], ...extra };
}
