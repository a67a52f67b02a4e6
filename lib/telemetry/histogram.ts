/**
 * Quantiles of classic Prometheus histograms computed in the console, with the same algorithm as
 * PromQL's `histogram_quantile` (linear interpolation inside the bucket holding the rank). The
 * topology fetches each edge's bucket rates ONCE and derives the p50/p95/p99 of edges, versions and
 * Services from them here: asking Prometheus instead means one full evaluation of every bucket
 * series per quantile and per grouping (nine for the graph), which was most of the topology's time.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 * @see https://github.com/prometheus/prometheus/blob/main/promql/quantile.go
 */
import { NO_QUANTILES, type Quantiles } from './health';

/** Cumulative bucket counts (or rates) by upper bound (`le`). */
export type Buckets = Map<number, number>;

/**
 * The upper bound a `le` label value stands for (`+Inf` included, as Go's ParseFloat reads it);
 * NaN when it is not a number.
 * @see https://prometheus.io/docs/concepts/metric_types/#histogram
 */
export function parseLe(le: string | undefined): number {
  if (le === undefined) return NaN;
  const t = le.trim();
  if (/^\+?inf(inity)?$/i.test(t)) return Infinity;
  if (/^-inf(inity)?$/i.test(t)) return -Infinity;
  return t === '' ? NaN : Number(t);
}

/** Adds `value` to the bucket `le` of `into` (creating it), so several series sum like PromQL's `sum by (le)`. */
export function addBucket(into: Buckets, le: number, value: number): void {
  into.set(le, (into.get(le) ?? 0) + value);
}

/** Adds every bucket of `from` into `into`. */
export function mergeBuckets(into: Buckets, from: Buckets): void {
  for (const [le, v] of from) addBucket(into, le, v);
}

/**
 * The q-quantile of one histogram, or null where PromQL yields NaN (no `+Inf` bucket, fewer than
 * two buckets, no observations). Follows Prometheus' bucketQuantile: buckets sorted by bound,
 * counts forced monotonic, rank = q x count of `+Inf`; the first bucket reaching the rank is
 * interpolated linearly from the previous bound (0 for the first bucket); a rank in `+Inf` gives
 * the highest finite bound.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 */
export function bucketQuantile(q: number, buckets: Buckets): number | null {
  return quantileOfSorted(q, sortedBuckets(buckets));
}

/** A histogram ready for quantiles: bounds ascending, counts forced monotonic (see bucketQuantile). */
interface Sorted {
  bounds: number[];
  counts: number[];
}

/**
 * `bounds`, when given: every bound the histogram may have, ascending. The topology's thousands of
 * histograms share a handful of bounds: walking them beats sorting each histogram's own.
 */
function sortedBuckets(buckets: Buckets, bounds?: readonly number[]): Sorted {
  // Counts of a cumulative histogram never decrease; rate() over a reset or a scrape racing
  // between buckets can make them, and Prometheus raises each to the running maximum.
  let max = -Infinity;
  if (bounds) {
    const out: Sorted = { bounds: [], counts: [] };
    for (const le of bounds) {
      const c = buckets.get(le);
      if (c === undefined) continue;
      out.bounds.push(le);
      out.counts.push((max = Math.max(max, c)));
    }
    return out;
  }
  const sorted = [...buckets].filter(([le]) => !Number.isNaN(le)).sort((a, b) => a[0] - b[0]);
  return { bounds: sorted.map(([le]) => le), counts: sorted.map(([, c]) => (max = Math.max(max, c))) };
}

/** The index of the first bucket whose count reaches `rank` (the last, `+Inf`, if none does). */
function rankIndex(counts: readonly number[], rank: number): number {
  let b = 0;
  while (b < counts.length - 1 && !(counts[b]! >= rank)) b++;
  return b;
}

function quantileOfSorted(q: number, { bounds, counts }: Sorted): number | null {
  if (Number.isNaN(q)) return null;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (bounds.length < 2 || bounds[bounds.length - 1] !== Infinity) return null;
  const observations = counts[counts.length - 1]!;
  if (!(observations > 0)) return null;
  let rank = q * observations;
  const b = rankIndex(counts, rank);
  if (b === counts.length - 1) return bounds[counts.length - 2]!;
  if (b === 0 && bounds[0]! <= 0) return bounds[0]!;
  let start = 0;
  const end = bounds[b]!;
  let count = counts[b]!;
  if (b > 0) {
    start = bounds[b - 1]!;
    count -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return start + (end - start) * (rank / count);
}

/** The bucket holding a quantile's rank: its upper bound, and the bound before it in the histogram (null for the first). */
export interface RankBucket {
  upper: number;
  lower: number | null;
}

/**
 * For each of `qs` (within 0..1), the bucket of `buckets` holding its rank, found as bucketQuantile
 * finds it (sorted, counts forced monotonic, first bucket reaching q x count of `+Inf`); null where
 * the histogram has no `+Inf` bucket or no observations. Unlike bucketQuantile it answers for a
 * histogram of one bucket too: the topology asks Prometheus for some buckets only, and this is how
 * it tells whether the ones it got decide the quantiles (lib/telemetry/latency-bounds.ts).
 */
export function rankBuckets(qs: readonly number[], buckets: Buckets, allBounds?: readonly number[]): (RankBucket | null)[] {
  const { bounds, counts } = sortedBuckets(buckets, allBounds);
  const observations = counts[counts.length - 1];
  if (bounds[bounds.length - 1] !== Infinity || !(observations! > 0)) return qs.map(() => null);
  return qs.map((q) => {
    const b = rankIndex(counts, q * observations!);
    return { upper: bounds[b]!, lower: b > 0 ? bounds[b - 1]! : null };
  });
}

/**
 * p50, p95 and p99 of one histogram (null where unknown); the buckets are sorted once for all
 * three. `bounds`: every bound the histogram may have, ascending (saves sorting it).
 */
export function histogramQuantiles(buckets: Buckets | undefined, bounds?: readonly number[]): Quantiles {
  if (!buckets || buckets.size === 0) return { ...NO_QUANTILES };
  const sorted = sortedBuckets(buckets, bounds);
  const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  return { p50Ms: finite(quantileOfSorted(0.5, sorted)), p95Ms: finite(quantileOfSorted(0.95, sorted)), p99Ms: finite(quantileOfSorted(0.99, sorted)) };
}
