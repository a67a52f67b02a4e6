/**
 * The two ways the topology narrows its bucket query, against the REAL Prometheus:
 * - shards (lib/telemetry/promql.ts `topologyQueries` with shards, plus the `!~` complement): the
 *   union of the shards' answers equals the unsharded answer series for series and value for
 *   value, including traffic to Services no shard lists (a name added since the last listing,
 *   `unknown`, an external host with dots), and the topology built from a sharded call equals the
 *   one from an unsharded call at the same instant;
 * - buckets (lib/telemetry/latency-bounds.ts): once it knows which buckets decide a namespace's
 *   quantiles it asks for those only, and its answer equals the one built from every bucket; when
 *   a latency moves out of them it asks for the missing buckets before answering, still exact.
 * Fails (does not skip) when the prometheus binary is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/free-port';
import { prometheusBinary, startPrometheus, type PrometheusHandle } from '@/scripts/lib/prometheus';
import type { InstantSample } from '@/lib/telemetry/prometheus-result';
import { serviceShards, topologyQueries } from '@/lib/telemetry/promql';
import { buildTopology, type InventoryService } from '@/lib/telemetry/topology';
import { createPrometheusClient, type PrometheusClient } from '@/server/telemetry/prometheus-client';
import { getTopology, nextTopologyQueries } from '@/server/telemetry/topology';

const NS = 'shards-it';
/** the Services the cluster lists */
const LISTED = Array.from({ length: 9 }, (_, i) => `svc-${i}`);
/** destinations with traffic that no listing names: the complement shard must carry them */
const UNLISTED = ['svc-new', 'unknown', 'httpbin.example.com'];
const LE = ['1', '5', '10', '25', '50', '100', '+Inf'];
/** a mesh whose requests all take 1-10 ms, until `slowSince`, when a new Service answering in 50-100 ms appears */
const NARROW = 'buckets-it';
let slowSince: number | null = null;

let dir: string;
let server: http.Server;
let prom: PrometheusHandle;
let client: PrometheusClient;

const labelText = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

/** Istio-standard series: a chain of calls through every destination, from two versions of the caller, each series with its own latency profile. */
function metricsText(t0: number): string {
  const secs = (Date.now() - t0) / 1000 + 30;
  const out = ['# TYPE istio_requests_total counter', '# TYPE istio_request_duration_milliseconds histogram'];
  [...LISTED, ...UNLISTED].forEach((dst, i) => {
    for (const [j, src] of [`svc-${Math.max(0, i - 1)}-v1`, 'istio-ingressgateway'].entries()) {
      const labels = {
        reporter: 'destination', source_workload: src, source_workload_namespace: j ? 'istio-system' : NS, destination_service_name: dst, destination_service_namespace: NS,
        destination_workload: `${dst}-v1`, destination_canonical_revision: 'v1', response_code: '200',
      };
      const count = Math.round(secs * (3 + i + j));
      out.push(`istio_requests_total${labelText(labels)} ${count}`);
      // cumulative buckets: a share of the requests under each bound, different per series
      LE.forEach((le, k) => out.push(`istio_request_duration_milliseconds_bucket${labelText({ ...labels, le })} ${Math.round(count * Math.min(1, (k + 1) / (LE.length - (i % 3))))}`));
    }
  });
  // the narrow mesh: 60% of requests under 5 ms, the rest under 10; svc-slow's all in 50-100 ms,
  // its exporter spelling the +Inf bound "+inf" (Prometheus keeps label values as exported)
  const narrow = (dst: string, count: number, under: (le: number) => number, spell = (le: string) => le) => {
    const labels = {
      reporter: 'destination', source_workload: 'istio-ingressgateway', source_workload_namespace: 'istio-system', destination_service_name: dst, destination_service_namespace: NARROW,
      destination_workload: `${dst}-v1`, destination_canonical_revision: 'v1', response_code: '200',
    };
    out.push(`istio_requests_total${labelText(labels)} ${count}`);
    for (const le of LE) out.push(`istio_request_duration_milliseconds_bucket${labelText({ ...labels, le: spell(le) })} ${Math.round(count * under(Number(le)))}`);
  };
  for (const [i, dst] of ['front', 'back'].entries()) narrow(dst, Math.round(secs * (5 + i)), (le) => (le < 5 ? 0 : le < 10 ? 0.6 : 1));
  if (slowSince !== null) narrow('svc-slow', Math.round(((Date.now() - slowSince) / 1000 + 1) * 8), (le) => (le < 100 ? 0 : 1), (le) => (le === '+Inf' ? '+inf' : le));
  return `${out.join('\n')}\n`;
}

const inventory = async (): Promise<InventoryService[]> => LISTED.map((name) => ({ name, app: null, versions: [{ version: 'v1', workload: `${name}-v1` }] }));
const byLabels = (samples: InstantSample[]) => new Map(samples.map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.v]));

beforeAll(async () => {
  if (!prometheusBinary()) throw new Error('prometheus not found: install it with `sudo apt-get install --no-install-recommends prometheus`');
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-shards-'));
  const t0 = Date.now();
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsText(t0)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const target = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  for (let attempt = 1; !prom; attempt++) {
    try {
      prom = await startPrometheus({ port: await freePort(), targets: [target], scrapeIntervalS: 1, dataDir: path.join(dir, `prom-${attempt}`) });
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
  client = createPrometheusClient({ baseUrl: prom.url, timeoutMs: 30_000 });
  // rate() needs two scrapes of every series, before the instant the tests query (3 s back)
  const [full] = topologyQueries(NS, 60).latencyBuckets;
  const deadline = Date.now() + 60_000;
  while ((await client.query(full!, Date.now() / 1000 - 3)).filter((s) => (s.v ?? 0) > 0).length < (LISTED.length + UNLISTED.length) * 2 * LE.length) {
    if (Date.now() > deadline) throw new Error('Prometheus has no rates of every series after 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  while ((await client.query(topologyQueries(NARROW, 60).requests, Date.now() / 1000 - 3)).filter((s) => (s.v ?? 0) > 0).length < 2) {
    if (Date.now() > deadline) throw new Error(`Prometheus has no rates of ${NARROW} after 60 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 90_000);

afterAll(async () => {
  await prom?.stop();
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sharded topology bucket query against a real Prometheus', () => {
  it('the union of the shards and their complement equals the unsharded answer', async () => {
    // an instant a few scrapes back, so no scrape lands between the queries
    const time = Date.now() / 1000 - 3;
    const [full] = topologyQueries(NS, 60).latencyBuckets;
    const expected = byLabels(await client.query(full!, time));
    expect(expected.size).toBe((LISTED.length + UNLISTED.length) * 2 * LE.length);
    for (const count of [2, 3, 9]) {
      const q = topologyQueries(NS, 60, serviceShards(LISTED, count)).latencyBuckets;
      expect(q).toHaveLength(count + 1);
      const parts = await Promise.all(q.map((expr) => client.query(expr, time)));
      // disjoint: no series in two shards; the complement holds exactly the unlisted destinations
      expect(parts.reduce((n, p) => n + p.length, 0)).toBe(expected.size);
      expect(new Set(parts.at(-1)!.map((s) => s.metric.destination_service_name))).toEqual(new Set(UNLISTED));
      expect(byLabels(parts.flat())).toEqual(expected);
    }
  });

  it('a sharded topology (names from the previous call) equals an unsharded one at the same instant', async () => {
    const now = () => Date.now() - 3000;
    const fixed = now();
    // the first call has no names yet: one query; the second uses its names: 4 shards + complement
    const unsharded = await getTopology(NS, { window: '1m' }, { prometheus: client, inventory, now: () => fixed, servicesPerShard: 1, maxShards: 4 });
    expect(nextTopologyQueries(NS, '1m', client.baseUrl, { servicesPerShard: 1, maxShards: 4 }).latencyBuckets).toHaveLength(5);
    const sharded = await getTopology(NS, { window: '1m' }, { prometheus: client, inventory, now: () => fixed, servicesPerShard: 1, maxShards: 4 });
    expect(sharded).toEqual(unsharded);
    const svcNew = sharded.nodes.find((n) => n.id === `version:${NS}/svc-new/v1`);
    expect(svcNew?.traffic.p95Ms).toBeGreaterThan(0);
  });
});

describe('the topology asks for the buckets that decide its quantiles', () => {
  const narrowInventory = async (): Promise<InventoryService[]> => ['front', 'back', 'svc-slow'].map((name) => ({ name, app: null, versions: [{ version: 'v1', workload: `${name}-v1` }] }));
  /** what the topology asks Prometheus, through a client of its own (the buckets it learns are per Prometheus URL) */
  const asked: string[] = [];
  let recording: PrometheusClient;
  beforeAll(() => {
    const own = createPrometheusClient({ baseUrl: `${prom.url}/`, timeoutMs: 30_000 });
    recording = {
      baseUrl: own.baseUrl,
      query: (expr, time) => (asked.push(expr), own.query(expr, time)),
      queryRange: own.queryRange,
      labelValues: (...args) => (asked.push('label values'), own.labelValues(...args)),
    };
  });
  const bucketQueries = () => asked.filter((q) => q.includes('istio_request_duration_milliseconds_bucket'));
  /** the same Services, front in an application of its own */
  const shopInventory = async (): Promise<InventoryService[]> => (await narrowInventory()).map((svc) => (svc.name === 'front' ? { ...svc, app: 'shop' } : svc));
  /** the topology the builder makes from every bucket, at the same instant */
  const fromEveryBucket = async (fixed: number, app?: string) => {
    const q = topologyQueries(NARROW, 60);
    const [requests, unreached, latencyBuckets] = await Promise.all([q.requests, q.unreached, q.latencyBuckets[0]!].map((e) => client.query(e, fixed / 1000)));
    const services = await (app ? shopInventory : narrowInventory)();
    return buildTopology({ namespace: NARROW, window: '1m', app, queriedAt: new Date(fixed).toISOString(), services, requests: requests!, unreached: unreached!, latencyBuckets: latencyBuckets! });
  };
  const topology = (fixed: number, app?: string) => getTopology(NARROW, { window: '1m', app }, { prometheus: recording, inventory: app ? shopInventory : narrowInventory, now: () => fixed });

  it('asks for every bucket first, then only those that decided the quantiles, with the same answer', async () => {
    const fixed = Date.now() - 3000;
    const first = await topology(fixed);
    expect(bucketQueries()).toHaveLength(1);
    expect(bucketQueries()[0]).not.toContain('le=~');
    expect(first).toEqual(await fromEveryBucket(fixed));
    expect(first.nodes.find((n) => n.id === `version:${NARROW}/front/v1`)?.traffic.p95Ms).toBeCloseTo(9.375, 0);
    // p50 in (1, 5], p95 and p99 in (5, 10]: those bounds, +Inf for the count, and 25 (the one above)
    expect(nextTopologyQueries(NARROW, '1m', recording.baseUrl).bucketFilter?.values).toEqual(['1', '5', '10', '25', '+Inf']);

    asked.length = 0;
    const second = await topology(fixed);
    expect(bucketQueries()).toHaveLength(1);
    expect(bucketQueries()[0]).toContain(String.raw`le=~"1|5|10|25|\\+Inf"`);
    expect(asked).toContain('label values');
    expect(second).toEqual(first);
  });

  it('when a latency moves out of those buckets, asks for the missing ones before answering, exact still', async () => {
    slowSince = Date.now();
    const slow = `${NARROW}/svc-slow/v1`;
    // two scrapes of svc-slow before the instant asked
    const deadline = Date.now() + 30_000;
    let fixed = Date.now() - 2000;
    while (!(await fromEveryBucket(fixed)).nodes.some((n) => n.id === `version:${slow}` && (n.traffic.p95Ms ?? 0) > 0)) {
      if (Date.now() > deadline) throw new Error('svc-slow has no latency after 30 s');
      await new Promise((r) => setTimeout(r, 500));
      fixed = Date.now() - 2000;
    }
    asked.length = 0;
    const moved = await topology(fixed);
    // the learned buckets; svc-slow's own spelling of +Inf (without its count, svc-slow has no
    // quantiles at all); then the two between 25 and +Inf that svc-slow's quantiles fall into
    expect(bucketQueries()).toEqual([
      expect.stringContaining(String.raw`le=~"1|5|10|25|\\+Inf"`),
      expect.stringContaining(String.raw`le=~"\\+inf"`),
      expect.stringContaining('le=~"50|100"'),
    ]);
    expect(moved).toEqual(await fromEveryBucket(fixed));
    expect(moved.nodes.find((n) => n.id === `version:${slow}`)?.traffic.p95Ms).toBeCloseTo(97.5, 0);
    // every bound now decides a quantile, or is the one above one that does: all buckets next time
    expect(nextTopologyQueries(NARROW, '1m', recording.baseUrl).bucketFilter).toBeUndefined();
  });

  it("an application's view keeps a plan of its own: switching views asks no second round in either", async () => {
    const fixed = Date.now() - 2000;
    asked.length = 0;
    const shop = await topology(fixed, 'shop');
    expect(bucketQueries()).toHaveLength(1);
    expect(bucketQueries()[0]).not.toContain('le=~');
    expect(shop).toEqual(await fromEveryBucket(fixed, 'shop'));
    expect(shop.nodes.some((n) => n.id.includes('svc-slow'))).toBe(false);
    // front's quantiles need few buckets (both spellings of +Inf: the namespace has both) ...
    const shopPlan = nextTopologyQueries(NARROW, '1m', recording.baseUrl, { app: 'shop' }).bucketFilter?.values;
    expect([...(shopPlan ?? [])].sort()).toEqual(['+Inf', '+inf', '1', '10', '25', '5']);
    // ... and the namespace's plan, which needs every bucket (svc-slow), is not narrowed by them
    expect(nextTopologyQueries(NARROW, '1m', recording.baseUrl).bucketFilter).toBeUndefined();

    asked.length = 0;
    expect(await topology(fixed)).toEqual(await fromEveryBucket(fixed));
    expect(bucketQueries()).toHaveLength(1);
    expect(bucketQueries()[0]).not.toContain('le=~');

    asked.length = 0;
    expect(await topology(fixed, 'shop')).toEqual(shop);
    expect(bucketQueries()).toEqual([expect.stringContaining(String.raw`le=~"1|5|10|25|\\+`)]);
    expect(bucketQueries()[0]).toContain(String.raw`\\+Inf`);
    expect(bucketQueries()[0]).toContain(String.raw`\\+inf`);
    expect(asked).toContain('label values');
  });
});
