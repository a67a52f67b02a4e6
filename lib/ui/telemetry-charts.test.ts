import { describe, expect, it } from 'vitest';
import type { VersionSeries } from '@/lib/api/telemetry-types';
import { chartRows, hasData } from './telemetry-charts';

const series = (version: string, pts: [number, number | null][]): VersionSeries => ({
  version,
  requestRate: pts.map(([t, v]) => ({ t, v })),
  successRate: pts.map(([t, v]) => ({ t, v: v === null ? null : 1 - v / 100 })),
  p50Ms: [],
  p95Ms: pts.map(([t, v]) => ({ t, v })),
  p99Ms: [],
  summary: { requestRate: 1, successRate: 1, errorRate4xx: 0, errorRate5xx: 0, p50Ms: 1, p95Ms: 1, p99Ms: 1 },
});

describe('chartRows', () => {
  it('puts every version on one time axis, sorted, with gaps as null', () => {
    const { rows, series: s } = chartRows([series('v2', [[20, 2]]), series('v1', [[10, 1], [20, null]])], ['requestRate']);
    expect(s.map((x) => x.key)).toEqual(['v1', 'v2']);
    expect(rows).toEqual([
      { t: 10, v1: 1, v2: null },
      { t: 20, v1: null, v2: 2 },
    ]);
  });
  it('turns success rate into percent and keeps no-traffic points null', () => {
    const { rows } = chartRows([series('v1', [[10, 30], [20, null]])], ['successRate']);
    expect(rows[0].v1).toBeCloseTo(70);
    expect(rows[1].v1).toBeNull();
  });
  it('names columns by field when several are charted', () => {
    const { series: s } = chartRows([series('v1', [[10, 1]])], ['p50Ms', 'p95Ms']);
    expect(s.map((x) => x.key)).toEqual(['v1 p50', 'v1 p95']);
  });
  it('reports whether anything is there to draw', () => {
    const empty = chartRows([series('v1', [[10, null]])], ['requestRate']);
    expect(hasData(empty.rows, empty.series)).toBe(false);
    const some = chartRows([series('v1', [[10, 3]])], ['requestRate']);
    expect(hasData(some.rows, some.series)).toBe(true);
  });
});
