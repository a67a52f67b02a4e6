/**
 * Shapes per-version metric series (GET /api/projects/{ns}/metrics) into rows for recharts, so
 * every version shares one time axis. Missing points stay null (a gap), never 0.
 */
import type { SeriesPoint, VersionSeries } from '@/lib/api/telemetry-types';
import { compareVersions } from './telemetry-format';

export type SeriesField = 'requestRate' | 'successRate' | 'p50Ms' | 'p95Ms' | 'p99Ms';

/** One chart row: `t` (unix seconds) and one column per series key. */
export type ChartRow = { t: number } & Record<string, number | null>;

export interface ChartSeries {
  key: string;
  version: string;
  field: SeriesField;
}

/** The column name of a version's field in a chart row: "v1" or "v1 p95". */
export function seriesKey(version: string, field: SeriesField, withField: boolean): string {
  if (!withField) return version;
  return `${version} ${field.replace('Ms', '')}`;
}

function value(p: SeriesPoint, field: SeriesField): number | null {
  if (typeof p.v !== 'number' || !Number.isFinite(p.v)) return null;
  return field === 'successRate' ? p.v * 100 : p.v;
}

/**
 * Merges the chosen fields of every version into rows sorted by time. Success rate is turned into
 * percent; a success rate at a time with no requests is already null from the server and stays so.
 */
export function chartRows(versions: readonly VersionSeries[], fields: readonly SeriesField[]): { rows: ChartRow[]; series: ChartSeries[] } {
  const sorted = [...versions].sort((a, b) => compareVersions(a.version, b.version));
  const withField = fields.length > 1;
  const series: ChartSeries[] = [];
  const byT = new Map<number, ChartRow>();
  for (const v of sorted) {
    for (const field of fields) {
      const key = seriesKey(v.version, field, withField);
      series.push({ key, version: v.version, field });
      for (const p of v[field] ?? []) {
        const row = byT.get(p.t) ?? ({ t: p.t } as ChartRow);
        row[key] = value(p, field);
        byT.set(p.t, row);
      }
    }
  }
  const rows = [...byT.values()].sort((a, b) => a.t - b.t);
  for (const row of rows) for (const s of series) if (!(s.key in row)) row[s.key] = null;
  return { rows, series };
}

/** True when a series has at least one real value, so an all-null chart can say "no traffic". */
export function hasData(rows: readonly ChartRow[], series: readonly ChartSeries[]): boolean {
  return rows.some((r) => series.some((s) => typeof r[s.key] === 'number'));
}
