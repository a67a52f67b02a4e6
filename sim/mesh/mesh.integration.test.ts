/**
 * The mesh against the running embedded cluster, over HTTP only: Bookinfo applied through the
 * Kubernetes API, traffic through the ingress, results read from /metrics, the Jaeger API and a
 * real Prometheus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifests, startCluster, type Cluster } from '../cluster';
import type { KubeObject } from '../api/types';

const NS = 'mesh-it';
const BOOKINFO = path.resolve(import.meta.dirname, '../../deploy/samples/bookinfo.yaml');
const PROMETHEUS = '/usr/bin/prometheus';

let cluster: Cluster;
let api: string;
let ingress: string;
let telemetry: string;

const PLURAL: Record<string, string> = {
  Namespace: 'namespaces',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  Deployment: 'deployments',
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
  Gateway: 'gateways',
};

function urlOf(obj: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }, withName = false): string {
  const base = obj.apiVersion.includes('/') ? `${api}/apis/${obj.apiVersion}` : `${api}/api/${obj.apiVersion}`;
  const ns = obj.kind === 'Namespace' ? '' : `/namespaces/${obj.metadata.namespace ?? NS}`;
  return `${base}${ns}/${PLURAL[obj.kind]}${withName ? `/${obj.metadata.name}` : ''}`;
}

async function kube(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<KubeObject> {
  const res = await fetch(url, { method, headers: { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as KubeObject;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates or replaces (merge patch) an object. */
async function apply(obj: KubeObject): Promise<void> {
  obj.metadata.namespace ??= NS;
  const res = await fetch(urlOf(obj, true));
  if (res.status === 404) await kube('POST', urlOf(obj), obj);
  else await kube('PATCH', urlOf(obj, true), obj, 'application/merge-patch+json');
}

const dr = (versions: string[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews' },
  spec: { host: 'reviews', subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
});

const reviewsVs = (http: unknown[]): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http } });
const to = (subset: string, weight?: number) => ({ destination: { host: 'reviews', subset }, ...(weight === undefined ? {} : { weight }) });

async function scale(deployment: string, replicas: number): Promise<void> {
  await kube('PATCH', `${api}/apis/apps/v1/namespaces/${NS}/deployments/${deployment}`, { spec: { replicas } }, 'application/merge-patch+json');
}

async function readyPods(selector: string): Promise<number> {
  const list = (await kube('GET', `${api}/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(selector)}`)) as unknown as {
    items: Array<{ metadata: { deletionTimestamp?: string }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
  };
  return list.items.filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `n` GETs of /productpage with bounded concurrency; returns the bodies. */
async function pages(n: number, headers: Record<string, string> = {}, concurrency = 16): Promise<Array<{ status: number; body: string }>> {
  const out: Array<{ status: number; body: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const res = await fetch(`${ingress}/productpage`, { headers });
        out.push({ status: res.status, body: await res.text() });
      }
    }),
  );
  return out;
}

const stars = (body: string) => /data-stars="(\w+)"/.exec(body)?.[1];
const share = (list: Array<{ body: string }>, marker: string) => list.filter((p) => stars(p.body) === marker).length / list.length;

/** Sum of istio_requests_total samples whose labels include `want`, from /metrics. */
async function metric(want: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${telemetry}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('istio_requests_total{')) continue;
    if (Object.entries(want).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

beforeAll(async () => {
  cluster = await startCluster({ podReadyDelayMs: 50 });
  api = cluster.apiUrl;
  ingress = cluster.ingressUrl!;
  telemetry = cluster.telemetryUrl!;
  await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  for (const obj of readManifests(BOOKINFO)) await apply(obj);
  // the sample's gateway: ingress traffic goes through a Gateway-bound VirtualService
  await apply({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'bookinfo-gateway' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } });
  await apply({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'bookinfo' },
    spec: {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        },
      ],
    },
  });
  await apply(dr(['v1', 'v2', 'v3']));
  await until('all Bookinfo pods ready', async () => (await readyPods('app in (productpage,details,reviews,ratings)')) === 6);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('mesh over the embedded cluster', () => {
  it('unknown ingress paths are 404; login/static/api paths reach productpage', async () => {
    expect((await fetch(`${ingress}/nope`)).status).toBe(404);
    expect((await fetch(`${ingress}/static/bootstrap/css/bootstrap.min.css`)).status).toBe(200);
    const products = (await (await fetch(`${ingress}/api/v1/products`)).json()) as Array<{ title: string }>;
    expect(products[0]?.title).toBe('The Comedy of Errors');
    const reviews = (await (await fetch(`${ingress}/api/v1/products/0/reviews`)).json()) as { reviews: unknown[] };
    expect(reviews.reviews).toHaveLength(2);
  });

  it('reviews 80/20 v1/v2: 20% ± 3 points black stars, no red, over 2,000 pages', async () => {
    await apply(reviewsVs([{ route: [to('v1', 80), to('v2', 20)] }]));
    const list = await pages(2000);
    expect(list.every((p) => p.status === 200)).toBe(true);
    expect(share(list, 'black')).toBeGreaterThan(0.17);
    expect(share(list, 'black')).toBeLessThan(0.23);
    expect(share(list, 'red')).toBe(0);
    expect(list.some((p) => /Reviews served by:<\/dt><u>reviews-v2-/.test(p.body))).toBe(true);
  });

  it('end-user: jason → v2 after login; anonymous never', async () => {
    await apply(reviewsVs([{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [to('v2')] }, { route: [to('v1')] }]));
    const login = await fetch(`${ingress}/login`, { method: 'POST', body: 'username=jason&passwd=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(share(await pages(100, { cookie }), 'black')).toBe(1);
    expect(share(await pages(100), 'black')).toBe(0);
  });

  it('mirror 100% to v2 with the route 100% v1: no stars, v2 receives as many requests as v1', async () => {
    await apply(reviewsVs([{ route: [to('v1')], mirror: { host: 'reviews', subset: 'v2' }, mirrorPercentage: { value: 100 } }]));
    const dest = (v: string) => metric({ reporter: 'destination', destination_service_name: 'reviews', destination_version: v });
    const [v1Before, v2Before] = [await dest('v1'), await dest('v2')];
    const list = await pages(300);
    expect(list.every((p) => stars(p.body) === 'none')).toBe(true);
    await until('mirrored requests to finish', async () => (await dest('v2')) - v2Before >= 300);
    expect((await dest('v1')) - v1Before).toBe(300);
    expect((await dest('v2')) - v2Before).toBe(300);
  });

  it('a removed subset gives 503 NC, a scaled-down one 503 UH; restoring stops both', async () => {
    await apply(reviewsVs([{ route: [to('v1', 50), to('v2', 50)] }]));
    const errors = (flag: string) => metric({ reporter: 'source', response_code: '503', response_flags: flag, destination_service_name: 'reviews' });

    await apply(dr(['v1', 'v3']));
    const nc0 = await errors('NC');
    const broken = await pages(100);
    expect(broken.filter((p) => p.body.includes('product reviews are currently unavailable')).length).toBeGreaterThan(20);
    expect((await errors('NC')) - nc0).toBeGreaterThan(20);
    await apply(dr(['v1', 'v2', 'v3']));
    const nc1 = await errors('NC');
    await pages(100);
    expect(await errors('NC')).toBe(nc1);

    await scale('reviews-v2', 0);
    await until('reviews-v2 gone', async () => (await readyPods('app=reviews,version=v2')) === 0);
    const uh0 = await errors('UH');
    await pages(100);
    expect((await errors('UH')) - uh0).toBeGreaterThan(20);
    await scale('reviews-v2', 1);
    await until('reviews-v2 back', async () => (await readyPods('app=reviews,version=v2')) === 1);
    const uh1 = await errors('UH');
    const healed = await pages(100);
    expect(await errors('UH')).toBe(uh1);
    expect(healed.every((p) => !p.body.includes('unavailable'))).toBe(true);
  });

  it('traces show productpage → details and productpage → reviews → ratings with the serving versions', async () => {
    await apply(reviewsVs([{ route: [to('v3')] }]));
    await pages(5);
    const res = (await (await fetch(`${telemetry}/api/traces?service=productpage.${NS}&limit=1`)).json()) as {
      data: Array<{ spans: Array<{ spanID: string; references: Array<{ spanID: string }>; processID: string; tags: Array<{ key: string; value: unknown }> }>; processes: Record<string, { serviceName: string }> }>;
      errors: unknown;
    };
    expect(res.errors).toBeNull();
    const trace = res.data[0]!;
    const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
    const svc = (s: { processID: string }) => trace.processes[s.processID]!.serviceName;
    const tag = (s: { tags: Array<{ key: string; value: unknown }> }, k: string) => s.tags.find((t) => t.key === k)?.value;
    const calls = trace.spans
      .filter((s) => tag(s, 'span.kind') === 'server')
      .map((s) => {
        const client = byId.get(s.references[0]!.spanID)!;
        return `${svc(client)} -> ${svc(s)}@${tag(s, 'istio.canonical_revision')}`;
      })
      .sort();
    expect(calls).toEqual([
      `istio-ingressgateway.istio-system -> productpage.${NS}@v1`,
      `productpage.${NS} -> details.${NS}@v1`,
      `productpage.${NS} -> reviews.${NS}@v3`,
      `reviews.${NS} -> ratings.${NS}@v1`,
    ]);
    const services = (await (await fetch(`${telemetry}/api/services`)).json()) as { data: string[] };
    expect(services.data).toEqual(expect.arrayContaining([`productpage.${NS}`, `reviews.${NS}`, 'istio-ingressgateway.istio-system']));
  });

  it('a real Prometheus scraping /metrics sees the 80/20 split', async () => {
    if (!existsSync(PROMETHEUS)) {
      if (process.env.CI === 'true') throw new Error(`${PROMETHEUS} is missing (install the prometheus package)`);
      console.warn(`skipping: ${PROMETHEUS} not installed`);
      return;
    }
    await apply(reviewsVs([{ route: [to('v1', 80), to('v2', 20)] }]));
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'graylane-prom-'));
    const target = new URL(telemetry).host;
    writeFileSync(path.join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: graylane-sim\n    static_configs:\n      - targets: ['${target}']\n`);
    const prom: ChildProcess = spawn(PROMETHEUS, [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    let stopTraffic = false;
    const traffic = (async () => {
      while (!stopTraffic) await pages(20, {}, 4);
    })();
    try {
      const query = `sum(rate(istio_requests_total{reporter="destination",destination_service_name="reviews",destination_service_namespace="${NS}"}[1m])) by (destination_version)`;
      const split = await until(
        'Prometheus to show the split',
        async () => {
          try {
            const res = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as {
              data?: { result: Array<{ metric: { destination_version?: string }; value: [number, string] }> };
            };
            const rates = Object.fromEntries((res.data?.result ?? []).map((r) => [r.metric.destination_version, Number(r.value[1])]));
            const total = (rates.v1 ?? 0) + (rates.v2 ?? 0);
            if (!rates.v1 || !rates.v2) return undefined;
            const v2 = rates.v2 / total;
            return Math.abs(v2 - 0.2) < 0.06 ? { v2, rates } : undefined;
          } catch {
            return undefined; // not listening yet
          }
        },
        30_000,
        500,
      );
      expect(split.v2).toBeGreaterThan(0.14);
      expect(split.rates.v3 ?? 0).toBe(0);
    } finally {
      stopTraffic = true;
      await traffic;
      prom.kill('SIGTERM');
      await new Promise((r) => prom.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 45_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
