import { describe, expect, it } from 'vitest';
import { criticalPath, shortOperation, shortServiceName, timeTicks, versionChips, waterfallRows } from './telemetry-waterfall';
import { span } from './telemetry-test-fixtures';

// productpage (0-100) calls details (10-30) then reviews (35-90), reviews calls ratings (40-80).
const trace = [
  span('root', null, 1000, 100),
  span('details', 'root', 1010, 20),
  span('reviews', 'root', 1035, 55),
  span('ratings', 'reviews', 1040, 40),
];

describe('waterfallRows', () => {
  it('orders depth-first with indentation and bars in percent of the trace', () => {
    const rows = waterfallRows(trace);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['details', 1],
      ['reviews', 1],
      ['ratings', 2],
    ]);
    const reviews = rows[2];
    expect(reviews.offsetPct).toBeCloseTo(35);
    expect(reviews.widthPct).toBeCloseTo(55);
    expect(reviews.relStart).toBe(35);
    expect(rows[0].hasChildren).toBe(true);
    expect(rows[3].hasChildren).toBe(false);
  });

  it('keeps tiny spans visible and inside the track', () => {
    const rows = waterfallRows([span('a', null, 0, 1_000_000), span('b', 'a', 999_999, 0)]);
    expect(rows[1].widthPct).toBeGreaterThan(0);
    expect(rows[1].offsetPct + rows[1].widthPct).toBeLessThanOrEqual(100.0001);
  });

  it('shows orphans as roots and survives parent cycles', () => {
    const rows = waterfallRows([span('x', 'missing', 0, 10), span('a', 'b', 0, 5), span('b', 'a', 1, 5)]);
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'b', 'x']);
  });

  it('returns nothing for an empty trace', () => {
    expect(waterfallRows([])).toEqual([]);
  });
});

describe('criticalPath', () => {
  it('follows the last-finishing children back from the end', () => {
    expect([...criticalPath(trace)].sort()).toEqual(['details', 'ratings', 'reviews', 'root']);
  });
  it('skips a child that overlaps a later, longer one', () => {
    const spans = [span('root', null, 0, 100), span('short', 'root', 10, 20), span('long', 'root', 5, 90)];
    expect([...criticalPath(spans)].sort()).toEqual(['long', 'root']);
  });
  it("prefers the server's marks when present", () => {
    const spans = trace.map((s) => ({ ...s, onCriticalPath: s.spanId === 'root' }));
    expect([...criticalPath(spans)]).toEqual(['root']);
  });
});

describe('helpers', () => {
  it('makes round ticks', () => {
    expect(timeTicks(1000).map((t) => t.us)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(0)).toEqual([{ us: 0, pct: 0 }]);
  });
  it('splits version chips', () => {
    expect(versionChips({ versions: ['reviews@v2', 'productpage@v1', 'odd'] })).toEqual([
      { service: 'odd', version: '' },
      { service: 'productpage', version: 'v1' },
      { service: 'reviews', version: 'v2' },
    ]);
  });
  it('strips the Istio namespace suffix', () => {
    expect(shortServiceName('reviews.demo-project', 'demo-project')).toBe('reviews');
    expect(shortServiceName('reviews', 'demo-project')).toBe('reviews');
  });
});

describe('shortOperation', () => {
  it('drops the cluster-local suffix of the project', () => {
    expect(shortOperation('productpage.demo-project.svc.cluster.local:9080/*', 'demo-project')).toBe('productpage:9080/*');
    expect(shortOperation('GET /reviews/0', 'demo-project')).toBe('GET /reviews/0');
  });
});
