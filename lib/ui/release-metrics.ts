/**
 * Per-version monitoring of a release job (issue 6 "Per-version monitoring in release jobs", issue 5
 * mirroring): the figures a job card shows, the chart rows of the job detail limited to the job's
 * two versions, and one chart marker per recorded change so cause and effect line up.
 * Pure: the components feed it GET /api/projects/{ns}/metrics answers and the job's history.
 */
import type { ReleaseHistoryEntry, ReleaseView } from '@/lib/api/release-types';
import type { ServiceMetricsView, TimeWindow, VersionSeries } from '@/lib/api/telemetry-types';
import { chartRows, type ChartRow, type ChartSeries, type SeriesField } from './telemetry-charts';
import { formatMs, formatPercent, formatRate, NO_TRAFFIC } from './telemetry-format';

/** Windows offered on the job detail (the card always uses 5 minutes). */
export const RELEASE_WINDOWS: readonly TimeWindow[] = ['5m', '10m', '30m', '1h'];
export const CARD_WINDOW: TimeWindow = '5m';
/** Cards and the detail refresh on the scrape cadence; faster would only redraw the same points. */
export const RELEASE_METRICS_REFETCH_MS = 15_000;

/** What a card shows for one version; every value is a finished string with its unit. */
export interface CardFigures {
  version: string;
  rate: string;
  success: string;
  p95: string;
  /** false when the version served nothing in the window (all three read "no traffic") */
  hasTraffic: boolean;
}

/**
 * The card's figures for each of the job's versions, in the given order. A version the answer
 * does not mention (no pods yet, or never requested) reads "no traffic" rather than 0.
 */
export function cardFigures(view: ServiceMetricsView | undefined, versions: readonly string[]): CardFigures[] {
  return versions.map((version) => {
    const summary = view?.versions.find((v) => v.version === version)?.summary;
    const rate = summary?.requestRate ?? 0;
    if (!summary || !Number.isFinite(rate) || rate <= 0) return { version, rate: NO_TRAFFIC, success: NO_TRAFFIC, p95: NO_TRAFFIC, hasTraffic: false };
    return { version, rate: formatRate(rate), success: formatPercent(summary.successRate), p95: formatMs(summary.p95Ms), hasTraffic: true };
  });
}

/** Only the job's versions of the service (reviews also has v3, which the job does not touch). */
export function jobSeries(view: ServiceMetricsView | undefined, versions: readonly string[]): VersionSeries[] {
  if (!view) return [];
  return versions.map((version) => view.versions.find((v) => v.version === version)).filter((v): v is VersionSeries => v !== undefined);
}

/** One chart's rows and lines for the job's versions, on one shared time axis (gaps stay null). */
export function jobChartData(view: ServiceMetricsView | undefined, versions: readonly string[], field: SeriesField): { rows: ChartRow[]; series: ChartSeries[] } {
  return chartRows(jobSeries(view, versions), [field]);
}

/** A vertical line on the charts for one recorded change. */
export interface ChangeMarker {
  /** unix seconds */
  t: number;
  action: string;
  /** short, drawn on the chart: "30%", "take over v2" */
  label: string;
  /** long, for the tooltip: who, when, what */
  title: string;
}

/** Changes that move traffic or make a version serve; RoutesApplied and the like are plumbing. */
export const MARKER_ACTIONS = ['Created', 'TrafficChanged', 'TakenOver', 'Restored', 'OfflineRouted', 'CandidateReady', 'MirrorChanged', 'Edited'] as const;

// "v1 70% / v2 30%" -> the weight of `version`
function weightIn(text: string | undefined, version: string): string | null {
  if (!text) return null;
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|[\\s/])${escaped} (\\d{1,3})%`).exec(text);
  return m ? `${m[1]}%` : null;
}

// "v1 0% / v2 100%" -> "v2", the version now taking everything
function fullVersion(text: string | undefined): string | null {
  const m = text ? /(?:^|[\s/])(\S+) 100%/.exec(text) : null;
  return m ? m[1] : null;
}

/** The short label of a change, as it should read next to its marker. */
export function markerLabel(entry: ReleaseHistoryEntry, candidate: string): string {
  switch (entry.action) {
    case 'TrafficChanged':
      return weightIn(entry.to, candidate) ?? 'traffic';
    case 'TakenOver': {
      const v = fullVersion(entry.to);
      return v ? `take over ${v}` : 'take over';
    }
    case 'Restored': {
      const w = weightIn(entry.to, candidate);
      return w ? `restore ${w}` : 'restore';
    }
    case 'OfflineRouted':
      return 'offline';
    case 'CandidateReady':
      return `${candidate} ready`;
    case 'Created':
      return 'created';
    default:
      return entry.action;
  }
}

/**
 * The markers of a job's history, oldest first, limited to [start, end] (unix seconds) so a
 * change outside the window does not stretch the axis. Entries without a parseable time are
 * skipped; two changes in the same second keep both markers.
 */
export function changeMarkers(history: readonly ReleaseHistoryEntry[], candidate: string, range?: { start: number; end: number }): ChangeMarker[] {
  const wanted = new Set<string>(MARKER_ACTIONS);
  const out: ChangeMarker[] = [];
  for (const e of history) {
    if (!wanted.has(e.action)) continue;
    // The controller also records writes that change nothing (the VirtualService created at 0%).
    if (e.action === 'TrafficChanged' && e.from !== undefined && e.from === e.to) continue;
    const ms = Date.parse(e.time);
    if (!Number.isFinite(ms)) continue;
    const t = Math.round(ms / 1000);
    if (range && (t < range.start || t > range.end)) continue;
    const change = e.from !== undefined || e.to !== undefined ? ` (${e.from ?? '-'} → ${e.to ?? '-'})` : '';
    out.push({ t, action: e.action, label: markerLabel(e, candidate), title: `${e.action}${change} by ${e.user} at ${e.time}` });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The window span ending now, used when no rows came back yet so markers still have a frame. */
export function windowRange(window: TimeWindow, nowMs: number): { start: number; end: number } {
  const seconds: Record<TimeWindow, number> = { '1m': 60, '5m': 300, '10m': 600, '30m': 1800, '1h': 3600 };
  const end = Math.floor(nowMs / 1000);
  return { start: end - seconds[window], end };
}

/**
 * Requests the candidate of a Mirror job receives as shadow copies, per second, or null when the
 * figure would be something else. Istio reports a mirrored request only on the destination side
 * (the caller's proxy fires and forgets it), and with the host's `-shadow` suffix in the
 * authority only; the destination labels name the real service. Users never reach the candidate
 * of a Mirror job, so its destination-side rate IS the mirrored rate — unless the candidate took
 * over, when it serves real users.
 * @see https://istio.io/latest/docs/tasks/traffic-management/mirroring/
 */
export function mirroredRate(job: Pick<ReleaseView, 'strategy' | 'spec'>, view: ServiceMetricsView | undefined): number | null {
  if (job.strategy !== 'Mirror' || job.spec.takeOver) return null;
  if (!view) return null;
  const candidate = view.versions.find((v) => v.version === job.spec.candidate.version);
  return candidate?.summary.requestRate ?? 0;
}
