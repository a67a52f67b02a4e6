import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration';
import { stringTag, toJaegerTrace, type RecordedSpan } from './jaeger-model';
import { handleJaegerQuery } from './jaeger-query';
import { createTraceStore } from './trace-store';

function span(traceId: string, spanId: string, service: string, over: Partial<RecordedSpan> = {}): RecordedSpan {
  return {
    traceId,
    spanId,
    operationName: `${service.split('.')[0]}.demo.svc.cluster.local:9080/*`,
    startTime: 1_700_000_000_000_000,
    duration: 1000,
    kind: 'server',
    serviceName: service,
    processTags: [stringTag('hostname', `${service}-pod`), stringTag('ip', '10.244.0.9')],
    tags: [stringTag('http.status_code', '200')],
    ...over,
  };
}

describe('jaeger model', () => {
  it('numbers processes p1..pN, sorts spans, links CHILD_OF', () => {
    const t = toJaegerTrace('abc', [
      span('abc', 's2', 'reviews.demo', { parentSpanId: 's1', startTime: 2 }),
      span('abc', 's1', 'productpage.demo', { startTime: 1, kind: 'client' }),
      span('abc', 's3', 'reviews.demo', { parentSpanId: 's2', startTime: 3 }),
    ]);
    expect(t.spans.map((s) => s.spanID)).toEqual(['s1', 's2', 's3']);
    expect(t.processes).toEqual({
      p1: { serviceName: 'productpage.demo', tags: [stringTag('hostname', 'productpage.demo-pod'), stringTag('ip', '10.244.0.9')] },
      p2: { serviceName: 'reviews.demo', tags: [stringTag('hostname', 'reviews.demo-pod'), stringTag('ip', '10.244.0.9')] },
    });
    expect(t.spans[1]).toMatchObject({ traceID: 'abc', processID: 'p2', references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: 's1' }], logs: [], warnings: null, flags: 1 });
    expect(t.spans[0]!.references).toEqual([]);
    expect(t.warnings).toBeNull();
  });
});

describe('trace store', () => {
  it('drops the oldest trace first', () => {
    const store = createTraceStore(3);
    for (let i = 0; i < 5; i++) store.add(span(`t${i}`, `s${i}`, 'a.demo'));
    expect(store.size()).toBe(3);
    expect(store.get('t0')).toBeUndefined();
    expect(store.search({ service: 'a.demo' }).map((t) => t.traceId)).toEqual(['t4', 't3', 't2']);
  });
});

describe('jaeger query API', () => {
  const store = createTraceStore();
  store.add(span('aa01', 's1', 'productpage.demo', { kind: 'client', startTime: 1000, duration: 50_000 }));
  store.add(span('aa01', 's2', 'reviews.demo', { parentSpanId: 's1', startTime: 2000, duration: 40_000, tags: [stringTag('http.status_code', '503')] }));
  store.add(span('bb02', 's3', 'productpage.demo', { kind: 'client', startTime: 5000, duration: 1000 }));
  const q = (path: string, params = '') => handleJaegerQuery(store, path, new URLSearchParams(params), 10_000)!;

  it('lists services and operations in the Jaeger envelope', () => {
    expect(q('/api/services')).toEqual({ status: 200, body: { data: ['productpage.demo', 'reviews.demo'], total: 2, limit: 0, offset: 0, errors: null } });
    expect(q('/api/services/reviews.demo/operations').body.data).toEqual(['reviews.demo.svc.cluster.local:9080/*']);
    expect(q('/api/operations', 'service=productpage.demo').body.data).toEqual([{ name: 'productpage.demo.svc.cluster.local:9080/*', spanKind: 'client' }]);
  });

  it('searches by service, time, duration, tags and limit', () => {
    const ids = (params: string) => (q('/api/traces', params).body.data as Array<{ traceID: string }>).map((t) => t.traceID);
    expect(ids('service=productpage.demo')).toEqual(['bb02', 'aa01']);
    expect(ids('service=productpage.demo&limit=1')).toEqual(['bb02']);
    expect(ids('service=productpage.demo&start=0&end=3000')).toEqual(['aa01']);
    expect(ids('service=productpage.demo&minDuration=10ms')).toEqual(['aa01']);
    expect(ids('service=productpage.demo&maxDuration=2ms')).toEqual(['bb02']);
    expect(ids(`service=reviews.demo&tags=${encodeURIComponent('{"http.status_code":"503"}')}`)).toEqual(['aa01']);
    expect(ids(`service=reviews.demo&tags=${encodeURIComponent('{"http.status_code":"200"}')}`)).toEqual([]);
  });

  it('gets a trace by id, 404 and 400 in the envelope', () => {
    const got = q('/api/traces/AA01');
    expect(got.status).toBe(200);
    expect((got.body.data as Array<{ spans: unknown[] }>)[0]!.spans).toHaveLength(2);
    expect(q('/api/traces/ffff')).toEqual({ status: 404, body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] } });
    expect(q('/api/traces', '').body.errors).toEqual([{ code: 400, msg: "parameter 'service' is required" }]);
    expect(q('/api/dependencies', 'endTs=10&lookback=1000').body.data).toEqual([{ parent: 'productpage.demo', child: 'reviews.demo', callCount: 1 }]);
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('0.5s')).toBe(500);
    expect(parseGoDuration('250us')).toBe(0.25);
    expect(parseGoDuration('abc')).toBeUndefined();
  });
});
