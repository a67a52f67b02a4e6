import { describe, expect, it } from 'vitest';
import { histogramQuantiles, rankBuckets, type Buckets } from './histogram';
import { checkQuantileBounds } from './latency-bounds';

/** Istio's default duration buckets (ms) and +Inf. */
const ISTIO = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000, Infinity];

/** A cumulative histogram over `bounds` from the count of observations in each bucket. */
function cumulative(bounds: readonly number[], perBucket: readonly number[]): Buckets {
  let sum = 0;
  return new Map(bounds.map((b, i) => [b, (sum += perBucket[i] ?? 0)]));
}

/** Only the buckets of `h` at `bounds`. */
const only = (h: Buckets, bounds: Iterable<number>) => new Map([...bounds].filter((b) => h.has(b)).map((b) => [b, h.get(b)!]));

describe('rankBuckets', () => {
  it('names the bucket holding each rank and the bucket below it in the histogram', () => {
    const h = cumulative([5, 10, 25, Infinity], [60, 35, 5, 0]);
    expect(rankBuckets([0.5, 0.95, 0.99], h)).toEqual([
      { upper: 5, lower: null },
      { upper: 10, lower: 5 },
      { upper: 25, lower: 10 },
    ]);
  });

  it('answers for a histogram of +Inf alone, and is null without +Inf or observations', () => {
    expect(rankBuckets([0.5], new Map([[Infinity, 3]]))).toEqual([{ upper: Infinity, lower: null }]);
    expect(rankBuckets([0.5], new Map([[10, 3]]))).toEqual([null]);
    expect(rankBuckets([0.5], cumulative([5, Infinity], [0, 0]))).toEqual([null]);
  });
});

describe('checkQuantileBounds', () => {
  const h = cumulative(ISTIO, [0, 0, 60, 35, 5]); // p50 in (1, 5], p95 in (5, 10], p99 in (10, 25]

  it('with every bucket: nothing missing; needed are the rank buckets, the bounds below them and +Inf', () => {
    expect(checkQuantileBounds([h], ISTIO, null)).toEqual({ needed: [1, 5, 10, 25, Infinity], missing: [] });
  });

  it('with the needed buckets asked for: nothing missing', () => {
    const asked = new Set([1, 5, 10, 25, Infinity]);
    expect(checkQuantileBounds([only(h, asked)], ISTIO, asked).missing).toEqual([]);
  });

  it('names the bounds between the rank bucket received and the bucket below it', () => {
    // 5 and 10 not asked: p50's and p95's ranks land in 25, whose received neighbour below is 1
    const asked = new Set([1, 25, Infinity]);
    expect(checkQuantileBounds([only(h, asked)], ISTIO, asked).missing).toEqual([5, 10]);
    // +Inf alone: every finite bound may hold a rank
    const inf = new Set([Infinity]);
    expect(checkQuantileBounds([only(h, inf)], ISTIO, inf).missing).toEqual(ISTIO.slice(0, -1));
  });

  it('a bound asked for that a histogram lacks is not missing (the whole histogram lacks it too)', () => {
    const sparse = cumulative([5, 25, Infinity], [60, 40, 0]);
    const asked = new Set([0.5, 1, 5, 10, 25, Infinity]);
    expect(checkQuantileBounds([sparse], ISTIO, asked).missing).toEqual([]);
  });

  it('ignores histograms without observations and adds bounds it finds in histograms to the list', () => {
    expect(checkQuantileBounds([cumulative([5, Infinity], [0, 0])], [5, Infinity], null)).toEqual({ needed: [Infinity], missing: [] });
    expect(checkQuantileBounds([cumulative([7, Infinity], [1, 0])], [], null).needed).toEqual([7, Infinity]);
  });

  it('any histograms, any buckets asked: the received ones plus the missing ones give every quantile of the whole histogram', () => {
    // a seeded generator: the same cases every run
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 500; round++) {
      // a few edges, each with its own spread of latencies over a random stretch of the bounds
      const whole = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const from = Math.floor(random() * (ISTIO.length - 1));
        const width = 1 + Math.floor(random() * 5);
        return cumulative(ISTIO, ISTIO.map((_, i) => (i >= from && i < from + width ? Math.floor(random() * 100) : 0)));
      });
      const asked = new Set([Infinity, ...ISTIO.filter(() => random() < 0.3)]);
      const { missing } = checkQuantileBounds(
        whole.map((w) => only(w, asked)),
        ISTIO,
        asked,
      );
      const received = new Set([...asked, ...missing]);
      for (const w of whole) expect(histogramQuantiles(only(w, received)), `round ${round}`).toEqual(histogramQuantiles(w));
    }
  });
});
