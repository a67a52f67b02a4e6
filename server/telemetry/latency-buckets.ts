import 'server-only';
import { parseLe, type Buckets } from '@/lib/telemetry/histogram';
import { checkQuantileBounds, type BoundsCheck } from '@/lib/telemetry/latency-bounds';
import type { InstantSample } from '@/lib/telemetry/prometheus-result';
import { latencyBucketRates, latencyBucketSeries, type BucketFilter } from '@/lib/telemetry/promql';
import { processWide } from '../process-wide';
import type { PrometheusClient } from './prometheus-client';

/**
 * The duration buckets each view's last topology needed (`le` label values), by namespace,
 * Prometheus URL and view (the namespace's, or one application's): the next topology of that view
 * asks for these only (lib/telemetry/latency-bounds.ts). None yet: all buckets. Each view has its
 * own plan, because an application's graph shows fewer quantiles than its namespace's: a shared
 * plan would make every switch between the two views ask for missing buckets in a second round.
 * Bounded like the shards' names: the oldest view is forgotten first.
 */
const plans = processWide('topology.bucket-plans', () => new Map<string, string[]>());
const PLANS_MAX = 200;

const planKey = (ns: string, prometheusUrl: string, app: string | undefined) => JSON.stringify([ns, prometheusUrl, app ?? null]);

/** The bucket filter of the next topology of `ns`, or of its application `app` (undefined: all buckets). */
export function plannedBuckets(ns: string, prometheusUrl: string, app?: string): BucketFilter | undefined {
  const values = plans.get(planKey(ns, prometheusUrl, app));
  return values ? { op: '=~', values } : undefined;
}

function rememberPlan(key: string, values: string[] | undefined): void {
  plans.delete(key);
  if (!values) return;
  plans.set(key, values);
  if (plans.size > PLANS_MAX) plans.delete(plans.keys().next().value!);
}

/** What the bucket queries brought, before it is known whether they decide the quantiles. */
export interface LatencyBuckets {
  samples: InstantSample[];
  /** the filter the queries used (undefined: all buckets) */
  filter?: BucketFilter;
  /** every `le` value of the namespace's series in the window; null when Prometheus did not say */
  bounds: string[] | null;
}

/**
 * Issues the bucket queries (`queries`, built with `filter`) at `time`, and, when they ask for some
 * buckets only, beside them the list of every bound the namespace's series have (a label-values
 * call: index only, a few ms), against which the answer is checked.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#querying-label-values
 */
export async function askLatencyBuckets(prometheus: PrometheusClient, ns: string, rangeS: number, time: number, queries: readonly string[], filter?: BucketFilter): Promise<LatencyBuckets> {
  const [parts, bounds] = await Promise.all([
    Promise.all(queries.map((expr) => prometheus.query(expr, time))),
    // without the list the answer is completed with every other bucket (see decideLatencies)
    filter ? prometheus.labelValues('le', latencyBucketSeries(ns), time - rangeS, time).catch(() => null) : Promise.resolve(null),
  ]);
  return { samples: parts.flat(), filter, bounds };
}

/**
 * Builds the topology from the buckets received and makes its quantiles exact: when some buckets
 * were asked for and do not decide every quantile `build` computed, asks for the missing ones
 * at the same instant and builds again (one round is enough, see checkQuantileBounds; without the
 * list of bounds, every bucket not asked). Then remembers which buckets decided them, for the next
 * topology of the namespace. `build` reports each histogram it takes quantiles of to `observe`.
 */
export async function decideLatencies<T>(
  prometheus: PrometheusClient,
  ns: string,
  rangeS: number,
  time: number,
  got: LatencyBuckets,
  build: (samples: InstantSample[], observe: (h: Buckets) => void) => T,
  /** the application the answer shows (undefined: the whole namespace): whose plan to keep */
  app?: string,
): Promise<T> {
  let samples = got.samples;
  let histograms: Buckets[] = [];
  let view = build(samples, (h) => histograms.push(h));
  // bound -> its `le` label values, for every bound seen: the filter names bounds as Prometheus
  // spells them, and two exporters may spell one bound two ways ("1", "1.0"), both to be asked
  const labelOf = new Map<number, Set<string>>();
  const spellings = new Set<string>();
  const see = (le: string | undefined) => {
    if (le === undefined || spellings.has(le)) return;
    spellings.add(le);
    const b = parseLe(le);
    if (Number.isNaN(b)) return;
    const known = labelOf.get(b);
    if (known) known.add(le);
    else labelOf.set(b, new Set([le]));
  };
  const labelsOf = (bounds: Iterable<number>) => [...bounds].flatMap((b) => [...(labelOf.get(b) ?? [])]);
  for (const le of got.bounds ?? []) see(le);
  for (const s of samples) see(s.metric.le);
  const rebuild = async (more: BucketFilter) => {
    const extra = await prometheus.query(latencyBucketRates(ns, rangeS, more), time);
    for (const s of extra) see(s.metric.le);
    samples = [...samples, ...extra];
    histograms = [];
    view = build(samples, (h) => histograms.push(h));
  };
  // the check of the histograms as they stand, when the last round left them so
  let decided: BoundsCheck | undefined;
  if (got.filter && !got.bounds) {
    // no list of bounds to check against: every bucket not asked
    await rebuild({ op: '!~', values: got.filter.values });
  } else if (got.filter) {
    const askedLabels = new Set(got.filter.values);
    // A bound asked in one spelling that the namespace also has in another ("+Inf" and "+inf" from
    // two exporters) is asked in that one too; once every spelling of the asked bounds is here,
    // one round of missing bounds decides every quantile (see checkQuantileBounds). A histogram
    // lacking its `+Inf` count has no rank to check, hence a second round after the respelled one.
    for (let round = 0; round < 3; round++) {
      const asked = new Set([...labelOf].filter(([, spelled]) => [...spelled].some((le) => askedLabels.has(le))).map(([b]) => b));
      const check = checkQuantileBounds(histograms, labelOf.keys(), asked);
      const ask = [...labelsOf(check.missing), ...labelsOf(asked)].filter((le) => !askedLabels.has(le));
      if (ask.length === 0) {
        decided = check;
        break;
      }
      for (const le of ask) askedLabels.add(le);
      await rebuild({ op: '=~', values: ask });
    }
  }
  // every quantile is decided now: keep the buckets that decided them, and the one above each
  // (a rank that moves up one bucket by the next refresh needs no second round)
  const all = [...labelOf.keys()].sort((a, b) => a - b);
  // (`needed` does not depend on what was asked: the steady state's check serves as it is)
  const { needed } = decided ?? checkQuantileBounds(histograms, all, null);
  const next = new Set(needed);
  for (const b of needed) {
    const above = all[all.indexOf(b) + 1];
    if (above !== undefined) next.add(above);
  }
  const kept = all.filter((b) => next.has(b));
  rememberPlan(planKey(ns, prometheus.baseUrl, app), kept.length < all.length ? labelsOf(kept) : undefined);
  return view;
}
