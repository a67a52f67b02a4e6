/**
 * Which duration buckets the topology needs from Prometheus.
 *
 * Istio's duration histogram has 20 buckets per edge (0.5 ms to 1 h, and `+Inf`), and reading
 * them is most of the topology's time: Prometheus' work grows with the series a query selects,
 * about 30,000 bucket series at 1,000 Services. Yet a quantile depends only on the bucket holding
 * its rank, the bound just below it and `+Inf` (the count); across a whole mesh those are a few
 * bounds (3 of 19 in the benchmark's 1,000-Service mesh). So the topology asks for the bounds that
 * decided the previous answer's quantiles, and checks here whether the buckets it got decide this
 * answer's exactly as the whole histogram would:
 *
 * a quantile is decided when no bound of the namespace lies between the bucket holding its rank
 * and the bucket below that among those received. Bounds in such a gap are `missing`: the caller
 * asks for them at the same evaluation instant and builds again. Then every quantile is exact (its
 * rank bucket lies in a gap now filled, or was received; the bound below it too), so one extra
 * round is enough, given every histogram has its `+Inf` count (a histogram without it has no rank
 * to check: server/telemetry/latency-buckets.ts asks for every spelling of the bounds first).
 */
import { rankBuckets, type Buckets } from './histogram';
import { QUANTILES } from './promql';

export interface BoundsCheck {
  /** bounds that decided a quantile (rank buckets and the bound below each, `+Inf`): ask these next time */
  needed: number[];
  /** bounds not asked for that may hold a quantile's rank or be the bound below it: ask before answering */
  missing: number[];
}

/**
 * Checks the histograms the topology computed quantiles of (edges, versions, Services), each
 * holding the buckets received, against `all`, every bound the namespace's series have (from
 * Prometheus' label values; bounds found in the histograms are added). `asked`: the bounds that
 * were asked for (a histogram without one of them simply has no such bucket, which the whole
 * histogram would not have either); null when every bucket was asked, so nothing can be missing.
 */
export function checkQuantileBounds(histograms: Iterable<Buckets>, all: Iterable<number>, asked: ReadonlySet<number> | null, qs: readonly number[] = QUANTILES): BoundsCheck {
  const list = [...histograms];
  const bounds = new Set<number>([...all].filter((b) => !Number.isNaN(b)));
  for (const h of list) for (const b of h.keys()) if (!Number.isNaN(b)) bounds.add(b);
  bounds.add(Infinity);
  const sorted = [...bounds].sort((a, b) => a - b);
  const index = new Map(sorted.map((b, i) => [b, i]));
  const needed = new Set<number>([Infinity]);
  const missing = new Set<number>();
  for (const h of list) {
    for (const rank of rankBuckets(qs, h, sorted)) {
      if (!rank) continue;
      const at = index.get(rank.upper)!;
      needed.add(rank.upper);
      if (at > 0) needed.add(sorted[at - 1]!);
      if (!asked) continue;
      // the bounds strictly between the received bucket below and the rank bucket
      const from = rank.lower === null ? 0 : index.get(rank.lower)! + 1;
      for (let i = from; i < at; i++) if (!asked.has(sorted[i]!)) missing.add(sorted[i]!);
    }
  }
  const ascending = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { needed: ascending(needed), missing: ascending(missing) };
}
