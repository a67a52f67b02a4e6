/**
 * Health of a node or edge from its inbound error rates, with Kiali's default thresholds, and the
 * traffic figures those rates come from.
 * @see https://kiali.io/docs/configuration/health/
 */
import type { Health, TrafficFigures } from '../api/telemetry-types';

/** Kiali's default tolerances: 5xx > 0% degraded, >= 10% failing; 4xx >= 10% degraded, >= 20% failing. */
export const HEALTH_THRESHOLDS = {
  '5xx': { degraded: 0, failing: 0.1 },
  '4xx': { degraded: 0.1, failing: 0.2 },
} as const;

/**
 * Classifies error rates (0..1). 5xx degrades as soon as it is above 0 (Kiali's `degraded: 0`
 * with a strict comparison); every other bound is inclusive. No traffic is `idle`.
 * @see https://kiali.io/docs/configuration/health/#default-health-thresholds
 */
export function classifyHealth(requestRate: number, errorRate5xx: number | null, errorRate4xx: number | null): Health {
  if (!(requestRate > 0)) return 'idle';
  const e5 = errorRate5xx ?? 0;
  const e4 = errorRate4xx ?? 0;
  if (e5 >= HEALTH_THRESHOLDS['5xx'].failing || e4 >= HEALTH_THRESHOLDS['4xx'].failing) return 'failing';
  if (e5 > HEALTH_THRESHOLDS['5xx'].degraded || e4 >= HEALTH_THRESHOLDS['4xx'].degraded) return 'degraded';
  return 'healthy';
}

/** Request rates by response class, the raw material of `TrafficFigures`. */
export interface RateCounts {
  total: number;
  /** 5xx and code 0 (no response: the connection failed), which Istio reports as errors too */
  e5xx: number;
  e4xx: number;
}

/** Empty counts. */
export function zeroCounts(): RateCounts {
  return { total: 0, e5xx: 0, e4xx: 0 };
}

/** Adds `rate` requests/s with response code `code` (as Istio's label: "200", "503", "0"). */
export function addRate(c: RateCounts, code: string, rate: number): void {
  if (!Number.isFinite(rate)) return;
  c.total += rate;
  if (code === '0' || code.startsWith('5')) c.e5xx += rate;
  else if (code.startsWith('4')) c.e4xx += rate;
}

/** Adds `b` into `a`. */
export function mergeCounts(a: RateCounts, b: RateCounts): void {
  a.total += b.total;
  a.e5xx += b.e5xx;
  a.e4xx += b.e4xx;
}

/** Latency quantiles in ms (null = unknown). */
export interface Quantiles {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export const NO_QUANTILES: Quantiles = { p50Ms: null, p95Ms: null, p99Ms: null };

// Rates this small are float noise of rate() over counters that did not move.
const EPSILON = 1e-9;

/** Figures for the UI: rates, success rate and error shares (null without traffic, never NaN). */
export function trafficFigures(c: RateCounts, q: Quantiles = NO_QUANTILES): TrafficFigures {
  const has = c.total > EPSILON;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return {
    requestRate: has ? c.total : 0,
    successRate: has ? clamp(1 - (c.e5xx + c.e4xx) / c.total) : null,
    errorRate5xx: has ? clamp(c.e5xx / c.total) : null,
    errorRate4xx: has ? clamp(c.e4xx / c.total) : null,
    p50Ms: has ? q.p50Ms : null,
    p95Ms: has ? q.p95Ms : null,
    p99Ms: has ? q.p99Ms : null,
  };
}

/** Health of figures. @see https://kiali.io/docs/configuration/health/ */
export function healthOf(f: TrafficFigures): Health {
  return classifyHealth(f.requestRate, f.errorRate5xx, f.errorRate4xx);
}
