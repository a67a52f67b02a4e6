import { describe, expect, it } from 'vitest';
import fixture from './fixtures/jaeger-trace.json';
import { markCriticalPath, parseTraceDetail, parseTraceSummary, podFromNodeId, shortServiceName, tagValue, type JaegerTraceJson } from './jaeger-parse';
import type { SpanView } from '../api/telemetry-types';

const trace = fixture.data[0] as unknown as JaegerTraceJson;

describe('jaeger-parse', () => {
  it('reads tags of every type', () => {
    expect(tagValue({ key: 'a', type: 'string', value: 'x' })).toBe('x');
    expect(tagValue({ key: 'a', type: 'bool', value: true })).toBe(true);
    expect(tagValue({ key: 'a', type: 'bool', value: 'false' })).toBe(false);
    expect(tagValue({ key: 'a', type: 'int64', value: 42 })).toBe(42);
    expect(tagValue({ key: 'a', type: 'int64', value: '42' })).toBe(42);
    expect(tagValue({ key: 'a', type: 'float64', value: 0.5 })).toBe(0.5);
    expect(tagValue({ key: 'a', type: 'binary', value: 'AAECAw==' })).toBe('AAECAw==');
  });

  it('extracts the pod from Envoy node ids and shortens service names', () => {
    expect(podFromNodeId('sidecar~10.244.0.13~reviews-v2-7bf8c9648f-k8v2x.demo~demo.svc.cluster.local')).toBe('reviews-v2-7bf8c9648f-k8v2x');
    expect(podFromNodeId('router~10.0.0.2~istio-ingressgateway-7f8d.istio-system~istio-system.svc.cluster.local')).toBe('istio-ingressgateway-7f8d');
    expect(podFromNodeId('garbage')).toBeNull();
    expect(shortServiceName('reviews.demo', 'demo')).toBe('reviews');
    expect(shortServiceName('istio-ingressgateway.istio-system')).toBe('istio-ingressgateway');
    expect(shortServiceName('plain')).toBe('plain');
  });

  it('parses a trace with both reference types and several processes', () => {
    const d = parseTraceDetail(trace);
    expect(d).toMatchObject({
      traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      startTime: 1700000000000000,
      duration: 125000,
      spanCount: 5,
      errorCount: 1,
      rootService: 'productpage',
      rootOperation: 'productpage.demo.svc.cluster.local:9080/productpage',
      versions: ['details@v1', 'productpage@v1', 'ratings@v1', 'reviews@v2'],
    });
    const byId = new Map(d.spans.map((s) => [s.spanId.slice(-1), s]));
    expect(byId.get('3')).toMatchObject({ service: 'reviews', version: 'v2', pod: 'reviews-v2-7bf8c9648f-k8v2x', statusCode: 503, error: true, kind: 'server', parentSpanId: '0000000000000001' });
    expect(byId.get('2')).toMatchObject({ statusCode: 200, pod: 'details-v1-79f774bdb9-lq2dn' });
    // no node_id: the process hostname is the pod
    expect(byId.get('4')).toMatchObject({ pod: 'ratings-v1-b6994bb9-7xqpw', service: 'ratings' });
    // FOLLOWS_FROM is a parent when there is no CHILD_OF
    expect(byId.get('5')).toMatchObject({ parentSpanId: '0000000000000001', kind: null, version: null, error: false });
    expect(byId.get('1')!.tags).toEqual(expect.arrayContaining([
      { key: 'sampled', value: true },
      { key: 'request_size', value: 0 },
      { key: 'sample.ratio', value: 0.01 },
      { key: 'trace.payload', value: 'AAECAw==' },
    ]));
    expect(d.spans.map((s) => s.startTime)).toEqual([...d.spans.map((s) => s.startTime)].sort((a, b) => a - b));
  });

  it('marks the critical path: the overlapped details call is off it', () => {
    const d = parseTraceDetail(trace);
    const on = d.spans.filter((s) => s.onCriticalPath).map((s) => s.spanId.slice(-1)).sort();
    expect(on).toEqual(['1', '3', '4', '5']);
  });

  it('critical path picks the last-finishing child and walks back', () => {
    const span = (id: string, parent: string | null, start: number, duration: number): SpanView => ({
      spanId: id, parentSpanId: parent, operation: id, service: 's', version: null, pod: null, startTime: start, duration,
      statusCode: null, url: null, kind: null, error: false, onCriticalPath: false, tags: [],
    });
    // root 0-100; a 15-40 runs inside b 10-60, c 70-90; a's child a1 20-35: a and a1 never hold the trace up
    const spans = [span('r', null, 0, 100), span('a', 'r', 15, 25), span('b', 'r', 10, 50), span('c', 'r', 70, 20), span('a1', 'a', 20, 15)];
    markCriticalPath(spans);
    expect(spans.filter((s) => s.onCriticalPath).map((s) => s.spanId)).toEqual(['r', 'b', 'c']);
  });

  it('summaries drop the spans and tolerate an empty trace', () => {
    const s = parseTraceSummary(trace);
    expect('spans' in s).toBe(false);
    expect(parseTraceSummary({ traceID: 'ff', spans: [], processes: {} })).toMatchObject({ spanCount: 0, duration: 0, rootService: 'unknown' });
  });
});
