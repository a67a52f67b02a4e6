import 'server-only';
import type { TimeWindow, TopologyView } from '@/lib/api/telemetry-types';
import type { Buckets } from '@/lib/telemetry/histogram';
import { latencyShardCount, serviceShards, topologyQueries, validated, windowSeconds, type BucketFilter } from '@/lib/telemetry/promql';
import type { InstantSample } from '@/lib/telemetry/prometheus-result';
import { buildTopology, type InventoryService } from '@/lib/telemetry/topology';
import { loadInventory } from './inventory';
import { askLatencyBuckets, decideLatencies, plannedBuckets } from './latency-buckets';
import { prometheusFromEnv, type PrometheusClient } from './prometheus-client';
import { processWide } from '../process-wide';

export interface TopologyDeps {
  prometheus?: PrometheusClient;
  /** the namespace's Services; default: read from the cluster */
  inventory?: (ns: string) => Promise<InventoryService[]>;
  now?: () => number;
  /** Services per shard of the bucket query and most shards (see latencyShardCount); tests and the bench set them */
  servicesPerShard?: number;
  maxShards?: number;
}

/**
 * The Service names of each namespace's last answer, for the next call's shards. The listing runs
 * beside the queries (waiting for it would add its time to every answer), so shards come from the
 * previous one: a Service added since is still counted, by the complement shard. Bounded: the
 * oldest namespace is forgotten first.
 */
const lastNames = processWide('topology.last-names', () => new Map<string, string[]>());
const LAST_NAMES_MAX = 200;

function rememberNames(key: string, names: string[]): void {
  lastNames.delete(key);
  lastNames.set(key, names);
  if (lastNames.size > LAST_NAMES_MAX) lastNames.delete(lastNames.keys().next().value!);
}

/** What a topology request asks for: the window, an application filter, with or without latencies. */
export interface TopologyOptions {
  window: TimeWindow;
  app?: string;
  /** skip: no duration-bucket query, every quantile null (`latencyOmitted`); default include */
  latency?: 'include' | 'skip';
}

/**
 * Topology computations in flight, by namespace, window, app, latency and Prometheus URL. This and
 * the maps below are process-wide (server/process-wide.ts): the traffic page's server component
 * starts the computation that the API route's request then joins, and the two run in different
 * bundles; with module-level maps the warm-up was computed and never used (measured: a page load
 * and its API request issued 6 queries instead of 3).
 */
const inFlight = processWide('topology.in-flight', () => new Map<string, Promise<TopologyView>>());

/** A warm-up's answer waits this long for the page's first request, then it is dropped. */
export const WARM_TOPOLOGY_MS = 15_000;
/** Answers computed ahead of the traffic page's first request (see warmTopology), taken once. */
const warmed = processWide('topology.warmed', () => new Map<string, { view: TopologyView; at: number }>());
/** Computations a request joined while in flight. */
const joined = processWide('topology.joined', () => new WeakSet<Promise<TopologyView>>());

const flightKey = (ns: string, opts: TopologyOptions, prometheus: PrometheusClient) => [ns, opts.window, opts.app ?? '', opts.latency ?? 'include', prometheus.baseUrl].join('\u0000');

/**
 * The part of every topology of a namespace and window that does not depend on the app filter or
 * on latencies: the request and unreached-request rates and the Services, at one evaluation time.
 * `time` is known at once, so a full computation runs its bucket query beside these, not after.
 */
interface TopologyBase {
  now: number;
  parts: Promise<{ requests: InstantSample[]; unreached: InstantSample[]; services: InventoryService[] }>;
}

/**
 * Bases in flight by namespace, window and Prometheus URL. The traffic page asks for the graph
 * without latencies (fast, for the first paint) and with them at the same moment: the second
 * request shares the first one's request queries and evaluation time instead of asking again.
 */
const basesInFlight = processWide('topology.bases-in-flight', () => new Map<string, TopologyBase>());

function topologyBase(ns: string, window: TimeWindow, prometheus: PrometheusClient, deps: TopologyDeps, q: ReturnType<typeof topologyQueries>): TopologyBase {
  const load = (): TopologyBase => {
    const now = (deps.now ?? Date.now)();
    const time = now / 1000;
    const parts = Promise.all([prometheus.query(q.requests, time), prometheus.query(q.unreached, time), (deps.inventory ?? loadInventory)(ns)]).then(([requests, unreached, services]) => {
      rememberNames(`${ns}\u0000${prometheus.baseUrl}`, services.map((svc) => svc.name));
      return { requests, unreached, services };
    });
    return { now, parts };
  };
  // calls with their own clock or inventory (tests) compute on their own
  if (deps.now || deps.inventory) return load();
  const key = [ns, window, prometheus.baseUrl].join('\u0000');
  const running = basesInFlight.get(key);
  if (running) return running;
  const base = load();
  basesInFlight.set(key, base);
  const forget = () => basesInFlight.get(key) === base && basesInFlight.delete(key);
  base.parts.then(forget, forget);
  return base;
}

/**
 * Starts computing the topology the traffic page is about to ask for, while the page itself is
 * rendered and hydrated: without it, the first answer waited for HTML, scripts and hydration
 * before its queries even started. The page's request then joins the computation in flight, or
 * takes its answer if it finished first (once, and only within WARM_TOPOLOGY_MS: later requests
 * and refreshes compute anew); its latency-less first-paint request shares the computation's
 * request queries, or takes the warmed answer too (a superset) without using it up. The caller
 * must have checked the permission to read the topology. Never throws: a failure here is the
 * page's request's to report.
 */
export function warmTopology(ns: string, opts: { window: TimeWindow; app?: string }): Promise<void> {
  let prometheus: PrometheusClient;
  try {
    validated('ns', ns);
    if (opts.app !== undefined) validated('app', opts.app, 'label-value');
    prometheus = prometheusFromEnv();
  } catch {
    return Promise.resolve();
  }
  const full: TopologyOptions = { window: opts.window, app: opts.app };
  const key = flightKey(ns, full, prometheus);
  if (inFlight.has(key)) return Promise.resolve();
  const computing = getTopology(ns, full);
  // getTopology registered the computation synchronously (no await before it)
  const flight = inFlight.get(key);
  return computing.then(
    (view) => {
      // a request that joined the computation has its answer: keep it only for one still to come
      if (flight && joined.has(flight)) return;
      const entry = { view, at: Date.now() };
      warmed.set(key, entry);
      setTimeout(() => warmed.get(key) === entry && warmed.delete(key), WARM_TOPOLOGY_MS).unref?.();
    },
    () => undefined,
  );
}

/**
 * GET /api/projects/{ns}/topology: three instant queries for the whole namespace (requests by edge
 * and code, unreached requests, duration bucket rates by edge; the last one not with latency=skip)
 * and the Services, in parallel, then joined in memory. The rate range is the window itself, as
 * Kiali's "last N" selector does.
 * @see https://kiali.io/docs/features/topology/
 */
export async function getTopology(ns: string, opts: TopologyOptions, deps: TopologyDeps = {}): Promise<TopologyView> {
  validated('ns', ns);
  if (opts.app !== undefined) validated('app', opts.app, 'label-value');
  const prometheus = deps.prometheus ?? prometheusFromEnv();
  // Every open traffic page refreshes every 10 s, and the callers' permission was checked before
  // this: requests for the same graph that arrive while it is being computed share that answer
  // instead of asking Prometheus again (the graph of a namespace is the same for everyone allowed
  // to see it). Calls with their own clock or inventory (tests) compute on their own.
  if (deps.now || deps.inventory) return computeTopology(ns, opts, prometheus, deps);
  const key = flightKey(ns, opts, prometheus);
  const running = inFlight.get(key);
  if (running) {
    joined.add(running);
    return running;
  }
  const fullKey = flightKey(ns, { ...opts, latency: 'include' }, prometheus);
  const warm = warmed.get(fullKey);
  if (warm && Date.now() - warm.at < WARM_TOPOLOGY_MS) {
    // the full request takes the warmed answer; the first-paint one only reads it
    if (opts.latency !== 'skip') warmed.delete(fullKey);
    return warm.view;
  }
  const next = computeTopology(ns, opts, prometheus, deps).finally(() => inFlight.delete(key));
  inFlight.set(key, next);
  return next;
}

async function computeTopology(ns: string, opts: TopologyOptions, prometheus: PrometheusClient, deps: TopologyDeps): Promise<TopologyView> {
  const skip = opts.latency === 'skip';
  const q = nextTopologyQueries(ns, opts.window, prometheus.baseUrl, { app: opts.app, servicesPerShard: deps.servicesPerShard, maxShards: deps.maxShards });
  // the base's queries are asked first (or are already in flight for another request); the bucket
  // query follows at the base's evaluation time, all in parallel
  const base = topologyBase(ns, opts.window, prometheus, deps, q);
  const time = base.now / 1000;
  const rangeS = windowSeconds(opts.window);
  const [buckets, { requests, unreached, services }] = await Promise.all([
    skip ? null : askLatencyBuckets(prometheus, ns, rangeS, time, q.latencyBuckets, q.bucketFilter),
    base.parts,
  ]);
  const build = (latencyBuckets: InstantSample[], observe?: (h: Buckets) => void) =>
    buildTopology({ namespace: ns, window: opts.window, app: opts.app, queriedAt: new Date(base.now).toISOString(), services, requests, unreached, latencyBuckets }, observe);
  if (!buckets) return { ...build([]), latencyOmitted: true };
  return decideLatencies(prometheus, ns, rangeS, time, buckets, build, opts.app);
}

/**
 * The queries the next topology of `ns` (or of its application `app`) on `prometheus` issues (the
 * benchmark times exactly these): the bucket query sharded by the Services the last answer listed,
 * and narrowed to the buckets that decided its quantiles (`bucketFilter`; then a label-values call
 * goes beside it).
 */
export function nextTopologyQueries(
  ns: string,
  window: TimeWindow,
  prometheusUrl: string,
  { app, servicesPerShard, maxShards }: { app?: string; servicesPerShard?: number; maxShards?: number } = {},
): ReturnType<typeof topologyQueries> & { bucketFilter?: BucketFilter } {
  const names = lastNames.get(`${ns}\u0000${prometheusUrl}`) ?? [];
  const bucketFilter = plannedBuckets(ns, prometheusUrl, app);
  return { ...topologyQueries(ns, windowSeconds(window), serviceShards(names, latencyShardCount(names.length, servicesPerShard, maxShards)), bucketFilter), bucketFilter };
}
