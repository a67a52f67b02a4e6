import { describe, expect, it } from 'vitest';
import { createIstioMetrics, recordRequest, renderIstioMetrics, UNKNOWN_PEER, type RequestReport } from './istio-metrics';
import { createCounter, createHistogram, escapeLabelValue, incCounter, observeHistogram, renderFamilies } from './prometheus-registry';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict parser of text format 0.0.4 sample lines (label values unescaped). */
function parse(text: string): { samples: Sample[]; types: Record<string, string>; helps: Record<string, string> } {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  const helps: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (m) {
      (m[1] === 'HELP' ? helps : types)[m[2]!] = m[3]!;
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    let pos = 0;
    while (pos < body.length) {
      re.lastIndex = pos;
      const lm = re.exec(body);
      if (!lm) throw new Error(`bad labels: ${body}`);
      labels[lm[1]!] = lm[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      pos = re.lastIndex;
    }
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { samples, types, helps };
}

describe('prometheus exposition', () => {
  it('escapes backslash, quote and newline in label values and parses back', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const c = createCounter('x_total', 'help with \\ and\nnewline', ['v']);
    const tricky = 'C:\\path "quoted"\nnext';
    incCounter(c, [tricky], 2);
    const text = renderFamilies([c]);
    expect(text).toContain('# HELP x_total help with \\\\ and\\nnewline\n# TYPE x_total counter\n');
    const { samples } = parse(text);
    expect(samples).toEqual([{ name: 'x_total', labels: { v: tricky }, value: 2 }]);
  });

  it('renders cumulative buckets, +Inf, _sum and _count', () => {
    const h = createHistogram('lat_ms', 'latency', ['a'], [1, 5, 10]);
    for (const v of [0.5, 1, 3, 7, 100]) observeHistogram(h, ['x'], v);
    const { samples, types } = parse(renderFamilies([h]));
    expect(types.lat_ms).toBe('histogram');
    const buckets = samples.filter((s) => s.name === 'lat_ms_bucket').map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([
      ['1', 2],
      ['5', 3],
      ['10', 4],
      ['+Inf', 5],
    ]);
    expect(samples.find((s) => s.name === 'lat_ms_sum')?.value).toBe(111.5);
    expect(samples.find((s) => s.name === 'lat_ms_count')?.value).toBe(5);
  });

  it('renders Istio families with every standard label and Envoy buckets', () => {
    const m = createIstioMetrics();
    const report: RequestReport = {
      reporter: 'destination',
      source: { ...UNKNOWN_PEER, workload: 'productpage-v1' },
      destination: { ...UNKNOWN_PEER, workload: 'reviews-v2', version: 'v2' },
      destinationService: 'reviews.demo.svc.cluster.local',
      destinationServiceName: 'reviews',
      destinationServiceNamespace: 'demo',
      responseCode: 200,
      responseFlags: '-',
      connectionSecurityPolicy: 'mutual_tls',
      durationMs: 12,
      requestBytes: 300,
      responseBytes: 900,
    };
    recordRequest(m, report);
    recordRequest(m, report);
    const { samples, types } = parse(renderIstioMetrics(m));
    expect(types).toEqual({
      istio_requests_total: 'counter',
      istio_request_duration_milliseconds: 'histogram',
      istio_request_bytes: 'histogram',
      istio_response_bytes: 'histogram',
    });
    const total = samples.find((s) => s.name === 'istio_requests_total')!;
    expect(total.value).toBe(2);
    expect(total.labels).toMatchObject({ reporter: 'destination', destination_version: 'v2', destination_service_name: 'reviews', response_flags: '-', request_protocol: 'http' });
    const les = samples.filter((s) => s.name === 'istio_request_duration_milliseconds_bucket').map((s) => s.labels.le);
    expect(les).toEqual(['0.5', '1', '5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '30000', '60000', '300000', '600000', '1800000', '3600000', '+Inf']);
  });

  it('renders 10,000 series quickly (O(series))', () => {
    const c = createCounter('many_total', 'many', ['i']);
    for (let i = 0; i < 10_000; i++) incCounter(c, [String(i)]);
    const t0 = performance.now();
    const text = renderFamilies([c]);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(text.split('\n').length).toBe(10_003);
  });
});
