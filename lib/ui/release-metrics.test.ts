import { describe, expect, it } from 'vitest';
import type { ReleaseHistoryEntry, ReleaseView } from '@/lib/api/release-types';
import type { ServiceMetricsView, VersionSeries } from '@/lib/api/telemetry-types';
import { cardFigures, changeMarkers, jobChartData, markerLabel, mirroredRate, windowRange } from './release-metrics';
import { figures } from './telemetry-test-fixtures';

function series(version: string, rate: number, points: [number, number | null][] = []): VersionSeries {
  const pts = points.map(([t, v]) => ({ t, v }));
  return { version, requestRate: pts, successRate: pts.map((p) => ({ t: p.t, v: p.v === null ? null : 1 })), p50Ms: [], p95Ms: pts, p99Ms: [], summary: figures(rate) };
}

function view(...versions: VersionSeries[]): ServiceMetricsView {
  return { namespace: 'demo-project', service: 'reviews', window: '5m', stepSeconds: 10, versions, queries: [] };
}

const entry = (action: string, time: string, extra: Partial<ReleaseHistoryEntry> = {}): ReleaseHistoryEntry => ({ action, time, user: 'admin', message: '', ...extra });

describe('cardFigures', () => {
  it('formats rate, percent and ms with units for each job version in order', () => {
    const v = view(series('v1', 7, []), series('v2', 3, []));
    v.versions[1].summary = figures(3, { successRate: 0.985, p95Ms: 48.2 });
    expect(cardFigures(v, ['v1', 'v2'])).toEqual([
      { version: 'v1', rate: '7 req/s', success: '100%', p95: '20 ms', hasTraffic: true },
      { version: 'v2', rate: '3 req/s', success: '98.5%', p95: '48 ms', hasTraffic: true },
    ]);
  });

  it('reads "no traffic" for a silent or missing version, never 0% or NaN', () => {
    const v = view(series('v1', 0, []));
    v.versions[0].summary = figures(0, { successRate: NaN });
    const out = cardFigures(v, ['v1', 'v2']);
    for (const f of out) {
      expect(f).toMatchObject({ rate: 'no traffic', success: 'no traffic', p95: 'no traffic', hasTraffic: false });
    }
    expect(cardFigures(undefined, ['v1'])[0].rate).toBe('no traffic');
  });

  it('never shows NaN when the success rate is null despite traffic', () => {
    const v = view(series('v1', 2, []));
    v.versions[0].summary = figures(2, { successRate: null, p95Ms: null });
    expect(cardFigures(v, ['v1'])[0]).toMatchObject({ rate: '2 req/s', success: 'no traffic', p95: 'no traffic' });
  });
});

describe('jobChartData', () => {
  it("keeps only the job's versions and merges them on one time axis, gaps as null", () => {
    const v = view(series('v3', 1, [[100, 1]]), series('v2', 1, [[110, 2]]), series('v1', 1, [[100, 5], [110, 6]]));
    const { rows, series: lines } = jobChartData(v, ['v1', 'v2'], 'requestRate');
    expect(lines.map((s) => s.key)).toEqual(['v1', 'v2']);
    expect(rows).toEqual([
      { t: 100, v1: 5, v2: null },
      { t: 110, v1: 6, v2: 2 },
    ]);
  });

  it('turns success rate into percent', () => {
    const v = view(series('v1', 1, [[100, 3]]));
    expect(jobChartData(v, ['v1'], 'successRate').rows).toEqual([{ t: 100, v1: 100 }]);
  });

  it('is empty without an answer', () => {
    expect(jobChartData(undefined, ['v1'], 'p95Ms').rows).toEqual([]);
  });
});

describe('markers', () => {
  it('labels weight changes, take over, restore and readiness briefly', () => {
    expect(markerLabel(entry('TrafficChanged', '', { from: 'v1 100% / v2 0%', to: 'v1 70% / v2 30%' }), 'v2')).toBe('30%');
    expect(markerLabel(entry('TakenOver', '', { from: 'v1 70% / v2 30%', to: 'v1 0% / v2 100%' }), 'v2')).toBe('take over v2');
    expect(markerLabel(entry('TakenOver', '', { to: 'v1 100% / v2 0%' }), 'v2')).toBe('take over v1');
    expect(markerLabel(entry('Restored', '', { to: 'v1 70% / v2 30%' }), 'v2')).toBe('restore 30%');
    expect(markerLabel(entry('CandidateReady', ''), 'v2')).toBe('v2 ready');
    expect(markerLabel(entry('OfflineRouted', ''), 'v2')).toBe('offline');
    // a version name that is a prefix of another must not match it
    expect(markerLabel(entry('TrafficChanged', '', { to: 'v1 80% / v10 20%' }), 'v1')).toBe('80%');
    expect(markerLabel(entry('TrafficChanged', '', { to: 'something else' }), 'v2')).toBe('traffic');
  });

  it('keeps changes that move traffic, oldest first, inside the range, with a tooltip title', () => {
    const history = [
      entry('TakenOver', '2024-05-01T10:05:00Z', { from: 'v1 70% / v2 30%', to: 'v1 0% / v2 100%' }),
      entry('RoutesApplied', '2024-05-01T10:04:00Z'),
      entry('TrafficChanged', '2024-05-01T10:02:00Z', { from: 'v1 100% / v2 0%', to: 'v1 70% / v2 30%' }),
      entry('CandidateReady', '2024-05-01T09:00:00Z'),
      entry('TrafficChanged', 'not a time'),
      entry('TrafficChanged', '2024-05-01T10:01:00Z', { from: 'v1 100% / v2 0%', to: 'v1 100% / v2 0%' }),
    ];
    const start = Date.parse('2024-05-01T10:00:00Z') / 1000;
    const markers = changeMarkers(history, 'v2', { start, end: start + 600 });
    expect(markers.map((m) => [m.t - start, m.label])).toEqual([
      [120, '30%'],
      [300, 'take over v2'],
    ]);
    expect(markers[1].title).toBe('TakenOver (v1 70% / v2 30% → v1 0% / v2 100%) by admin at 2024-05-01T10:05:00Z');
    expect(changeMarkers(history, 'v2')).toHaveLength(3);
  });

  it('frames a window ending now', () => {
    expect(windowRange('10m', 1_000_000_500)).toEqual({ start: 1_000_000 - 600, end: 1_000_000 });
  });
});

describe('mirroredRate', () => {
  const job = (over: Partial<ReleaseView['spec']> = {}, strategy: ReleaseView['strategy'] = 'Mirror') =>
    ({ strategy, spec: { strategy, service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2' }, traffic: { candidateWeight: 0, mirrorPercent: 50 }, ...over } }) as unknown as ReleaseView;

  it("is the candidate's destination-side rate for a Mirror job", () => {
    expect(mirroredRate(job(), view(series('v1', 10), series('v2', 4.9)))).toBe(4.9);
    expect(mirroredRate(job(), view(series('v1', 10)))).toBe(0);
  });

  it('is not shown for other strategies, after a take over, or without data', () => {
    expect(mirroredRate(job({}, 'Canary'), view(series('v2', 3)))).toBeNull();
    expect(mirroredRate(job({ takeOver: 'v2' }), view(series('v2', 3)))).toBeNull();
    expect(mirroredRate(job(), undefined)).toBeNull();
  });
});
