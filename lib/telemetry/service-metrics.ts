/**
 * Per-version time series and summary figures of one Service, joined from the range and instant
 * query results (pure; the server part only runs the queries).
 * @see https://istio.io/latest/docs/tasks/observability/metrics/querying-metrics/
 */
import type { SeriesPoint, ServiceMetricsView, TimeWindow, VersionSeries } from '../api/telemetry-types';
import { addRate, trafficFigures, zeroCounts, type RateCounts } from './health';
import type { InstantSample, RangeSeries } from './prometheus-result';
import { VERSION_LABEL } from './promql';
import { quantilesBy } from './topology';

export interface ServiceMetricsInput {
  namespace: string;
  service: string;
  window: TimeWindow;
  range: { start: number; end: number; step: number };
  /** versions the cluster runs, shown even without traffic */
  knownVersions: string[];
  queries: string[];
  requestSeries: RangeSeries[];
  errorSeries: RangeSeries[];
  latencySeries: RangeSeries[];
  summaryByCode: InstantSample[];
  summaryLatency: InstantSample[];
}

function timeline(r: { start: number; end: number; step: number }): number[] {
  const out: number[] = [];
  for (let t = r.start; t <= r.end + 1e-9; t += r.step) out.push(Math.round(t * 1000) / 1000);
  return out;
}

function pointsByTime(series: RangeSeries | undefined): Map<number, number | null> {
  return new Map((series?.points ?? []).map((p) => [Math.round(p.t * 1000) / 1000, p.v]));
}

/** Aligns a series to the timeline; a missing point is null (no data), never 0. */
function aligned(times: number[], series: RangeSeries | undefined): SeriesPoint[] {
  const m = pointsByTime(series);
  return times.map((t) => ({ t, v: m.get(t) ?? null }));
}

/**
 * Success rate per point: 1 - errors/requests; null where there were no requests (so charts
 * show a gap, not 0% or NaN); a missing error sample means no errors.
 */
export function successSeries(times: number[], requests: RangeSeries | undefined, errors: RangeSeries | undefined): SeriesPoint[] {
  const req = pointsByTime(requests);
  const err = pointsByTime(errors);
  return times.map((t) => {
    const r = req.get(t);
    if (r === undefined || r === null || !(r > 1e-9)) return { t, v: null };
    const e = err.get(t) ?? 0;
    return { t, v: Math.min(1, Math.max(0, 1 - e / r)) };
  });
}

const byVersion = (series: RangeSeries[]) => new Map(series.map((s) => [s.metric[VERSION_LABEL] ?? '', s]));

/** The view: one entry per version (known or seen), sorted naturally (v2 before v10). */
export function buildServiceMetrics(input: ServiceMetricsInput): ServiceMetricsView {
  const times = timeline(input.range);
  const req = byVersion(input.requestSeries);
  const err = byVersion(input.errorSeries);
  const lat = new Map<string, Map<string, RangeSeries>>();
  for (const s of input.latencySeries) {
    const v = s.metric[VERSION_LABEL] ?? '';
    const q = s.metric.quantile ?? '';
    if (!lat.has(v)) lat.set(v, new Map());
    lat.get(v)!.set(q, s);
  }
  const counts = new Map<string, RateCounts>();
  for (const s of input.summaryByCode) {
    const v = s.metric[VERSION_LABEL] ?? '';
    if (!counts.has(v)) counts.set(v, zeroCounts());
    if (s.v !== null) addRate(counts.get(v)!, s.metric.response_code ?? '', s.v);
  }
  const summaryLat = quantilesBy(input.summaryLatency, [VERSION_LABEL]);

  const versions = new Set<string>([...input.knownVersions, ...req.keys(), ...counts.keys()]);
  versions.delete('');
  const out: VersionSeries[] = [...versions]
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((version) => ({
      version,
      requestRate: aligned(times, req.get(version)),
      successRate: successSeries(times, req.get(version), err.get(version)),
      p50Ms: aligned(times, lat.get(version)?.get('0.5')),
      p95Ms: aligned(times, lat.get(version)?.get('0.95')),
      p99Ms: aligned(times, lat.get(version)?.get('0.99')),
      summary: trafficFigures(counts.get(version) ?? zeroCounts(), summaryLat.get(version)),
    }));
  return {
    namespace: input.namespace,
    service: input.service,
    window: input.window,
    stepSeconds: input.range.step,
    versions: out,
    queries: input.queries,
  };
}
