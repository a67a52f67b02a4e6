/**
 * Formatting of telemetry figures for the Traffic Monitoring and Tracing pages (DESIGN.md
 * "Telemetry"). Units are always written out, and a figure that cannot exist because nothing was
 * requested reads "no traffic" — never "0%", "NaN" or "Infinity".
 */
import type { Health, TimeWindow, TrafficFigures } from '@/lib/api/telemetry-types';

export const NO_TRAFFIC = 'no traffic';

function usable(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Requests per second: "12.3 req/s"; zero, null or NaN read "no traffic". */
export function formatRate(rate: number | null | undefined): string {
  if (!usable(rate) || rate <= 0) return NO_TRAFFIC;
  if (rate < 0.01) return '<0.01 req/s';
  const digits = rate >= 100 ? 0 : rate >= 10 ? 1 : 2;
  return `${trim(rate.toFixed(digits))} req/s`;
}

/**
 * A 0..1 ratio as a percentage: "99.5%". Never rounds a non-perfect ratio up to "100%" or a
 * non-zero one down to "0%", since 99.996% success is still failing requests.
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (!usable(ratio)) return NO_TRAFFIC;
  const pct = Math.min(100, Math.max(0, ratio * 100));
  if (pct === 0) return '0%';
  if (pct === 100) return '100%';
  if (pct > 99.99) return '>99.99%';
  if (pct < 0.01) return '<0.01%';
  const digits = pct < 1 || pct > 99 ? 2 : 1;
  let s = trim(pct.toFixed(digits));
  if (s === '100') s = '99.99';
  if (s === '0') s = '0.01';
  return `${s}%`;
}

/** Milliseconds: "0.8 ms", "23 ms", "1,250 ms", "12.5 s"; null reads "no traffic". */
export function formatMs(ms: number | null | undefined): string {
  if (!usable(ms) || ms < 0) return NO_TRAFFIC;
  if (ms < 10) return `${trim(ms.toFixed(ms < 1 ? 2 : 1))} ms`;
  if (ms < 10_000) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  return `${trim((ms / 1000).toFixed(1))} s`;
}

/** A trace or span duration given in microseconds (Jaeger's unit), shown in ms. */
export function formatDurationUs(us: number): string {
  if (!usable(us) || us < 0) return '-';
  if (us < 1000) return `${trim((us / 1000).toFixed(us < 100 ? 3 : 2))} ms`;
  return formatMs(us / 1000);
}

/** Error share of the traffic (1 - success rate), "no traffic" without requests. */
export function errorRatio(t: Pick<TrafficFigures, 'requestRate' | 'successRate'>): number | null {
  if (!usable(t.requestRate) || t.requestRate <= 0 || !usable(t.successRate)) return null;
  return Math.min(1, Math.max(0, 1 - t.successRate));
}

/** The p95 of a label whose latency is still being asked for (the graph came without it). */
export const P95_PENDING = '…';

/**
 * The figures of a node or edge as short label lines, e.g. ["4.2 req/s · 33%", "err 0% · p95 21 ms"];
 * with `latencyPending` the p95 reads "…" (asked for, not missing).
 */
export function trafficLabelLines(t: TrafficFigures, share: number | null = null, latencyPending = false): string[] {
  if (!usable(t.requestRate) || t.requestRate <= 0) return [NO_TRAFFIC];
  const first = share === null || !usable(share) ? formatRate(t.requestRate) : `${formatRate(t.requestRate)} · ${formatPercent(share)}`;
  const err = errorRatio(t);
  const p95 = latencyPending ? P95_PENDING : usable(t.p95Ms) ? formatMs(t.p95Ms) : '-';
  const second = `err ${err === null ? '-' : formatPercent(err)} · p95 ${p95}`;
  return [first, second];
}

export interface HealthStyle {
  color: string;
  label: string;
  dashed: boolean;
}

/** Node and edge colours by health (KubeSphere 3.4 palette; Kiali's meaning). */
export const HEALTH_STYLE: Record<Health, HealthStyle> = {
  healthy: { color: '#55bc8a', label: 'Healthy', dashed: false },
  degraded: { color: '#f5a623', label: 'Degraded', dashed: false },
  failing: { color: '#ca2621', label: 'Failing', dashed: false },
  idle: { color: '#abb4be', label: 'Idle (no traffic)', dashed: true },
  unknown: { color: '#79879c', label: 'Unknown', dashed: true },
};

/** Looks up the style of a health value, tolerating values a newer server may add. */
export function healthStyle(h: Health | string | undefined): HealthStyle {
  return HEALTH_STYLE[(h ?? 'unknown') as Health] ?? HEALTH_STYLE.unknown;
}

export const TIME_WINDOWS: readonly { value: TimeWindow; label: string; seconds: number }[] = [
  { value: '1m', label: 'Last 1 minute', seconds: 60 },
  { value: '5m', label: 'Last 5 minutes', seconds: 300 },
  { value: '10m', label: 'Last 10 minutes', seconds: 600 },
  { value: '30m', label: 'Last 30 minutes', seconds: 1800 },
  { value: '1h', label: 'Last 1 hour', seconds: 3600 },
];

/** Parses a `?window=` value, falling back to 5 minutes for anything unknown. */
export function parseTimeWindow(value: string | null | undefined): TimeWindow {
  return TIME_WINDOWS.find((w) => w.value === value)?.value ?? '5m';
}

/**
 * Chart resolution for a window: about 30-60 points, never below a 5 s step (the sim's and Istio's
 * usual scrape interval), so lines are neither jagged nor empty.
 */
export function stepSecondsFor(window: TimeWindow): number {
  const seconds = TIME_WINDOWS.find((w) => w.value === window)?.seconds ?? 300;
  return Math.max(5, Math.round(seconds / 40 / 5) * 5);
}

/** Colours for versions in charts (distinct from the health colours so lines are not read as health). */
export const VERSION_COLORS = ['#329dce', '#7b61c4', '#e0823d', '#2a9d8f', '#c2458a', '#5c6b82'] as const;

/** A stable colour per version name within one chart (sorted order, so v1 is always the first colour). */
export function versionColor(versions: readonly string[], version: string): string {
  const sorted = [...versions].sort(compareVersions);
  const i = sorted.indexOf(version);
  return VERSION_COLORS[(i < 0 ? 0 : i) % VERSION_COLORS.length];
}

/** Natural order for version labels: v2 before v10. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** "14:03:27" in the browser's locale-independent 24 h form, for chart axes and trace lists. */
export function formatClock(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A trace's start time (µs since epoch) as "2024-05-01 14:03:27.120". */
export function formatTraceStart(us: number): string {
  const d = new Date(us / 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
