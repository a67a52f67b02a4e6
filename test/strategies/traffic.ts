/**
 * Traffic helpers of the strategy tests: requests through the embedded cluster's ingress to
 * Bookinfo (productpage -> reviews), classified by the reviews version that answered, a steady
 * background load (over the shared generator in test/support/load.ts), and counters read from the cluster's Istio metrics endpoint.
 */
import { expect } from 'vitest';
import type { GrayscaleRelease } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { readNamespaceObjects } from '@/server/releases/namespace-objects';
import { renderReleasePreview } from '@/server/releases/preview';
import { bookinfoNamespace, controllerFor, getJob, startHarness, waitForJob, type Harness } from '../controller/harness';
import { startLoad } from '../support/load';

/** Real User-Agent strings (the same families the preset unit tests use). */
export const UA = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
} as const;

export interface StrategyCluster {
  h: Harness;
  controller: RunningController;
  ns: string;
  ingress: string;
  stop(): Promise<void>;
}

/** One embedded cluster + controller + Bookinfo per test file. */
export async function startStrategyCluster(ns: string): Promise<StrategyCluster> {
  const h = await startHarness(100);
  const controller = controllerFor(h);
  await controller.ready;
  await bookinfoNamespace(h, ns);
  return {
    h,
    controller,
    ns,
    ingress: h.cluster.ingressUrl!,
    async stop() {
      await controller.stop();
      await h.stop();
    },
  };
}

/** Waits until the routes of the job's current generation are in force (RoutesApplied=True for it). */
export function routesInForce(c: StrategyCluster, name: string, what: string, extra: (j: GrayscaleRelease) => boolean = () => true): Promise<GrayscaleRelease> {
  return waitForJob(
    c.h,
    c.ns,
    name,
    (j) => {
      const applied = j.status?.conditions?.find((x) => x.type === 'RoutesApplied');
      return applied?.status === 'True' && applied.observedGeneration === j.metadata.generation && j.status?.observedGeneration === j.metadata.generation && extra(j);
    },
    what,
  );
}

/** The job's YAML preview equals what the controller wrote: no line differs (the "+0 -1" bug). */
export async function expectPreviewInSync(c: StrategyCluster, name: string): Promise<void> {
  const [job, objects] = await Promise.all([getJob(c.h, c.ns, name), readNamespaceObjects(c.ns, c.h.clients)]);
  const preview = renderReleasePreview(job!, objects);
  expect(preview.diff.filter((l) => l.op !== ' ')).toEqual([]);
  expect(preview.documents.map((d) => `${d.kind}:${d.changed}`)).toEqual(['DestinationRule:false', 'VirtualService:false', 'Deployment:false']);
}

/** The reviews version that answered a `/api/v1/products/0/reviews` call ('error:<status>' otherwise). */
export async function reviewsVersion(ingress: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${ingress}/api/v1/products/0/reviews`, { headers });
  const body = await res.text();
  if (res.status !== 200) return `error:${res.status}`;
  const pod = (JSON.parse(body) as { podname?: string }).podname ?? '';
  return /^reviews-(v\d+)-/.exec(pod)?.[1] ?? `unknown:${pod}`;
}

/** Sends `n` requests, `concurrency` at a time, and counts the answering versions. */
export async function sample(ingress: string, n: number, headers: Record<string, string> = {}, concurrency = 8): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const v = await reviewsVersion(ingress, headers);
      counts[v] = (counts[v] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

/** Logs in to Bookinfo as `user` through the ingress; returns the Cookie header a browser would send. */
export async function bookinfoLogin(ingress: string, user: string): Promise<string> {
  const res = await fetch(`${ingress}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: user, passwd: 'x' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  expect(cookies.length).toBeGreaterThan(0);
  return cookies.join('; ');
}

export interface LoadResult {
  /** requests answered */
  total: number;
  non2xx: number;
  statuses: Record<string, number>;
  versions: Record<string, number>;
}

/**
 * Steady background load (the shared generator, test/support/load.ts): a request every 1000/rps ms,
 * at most `concurrency` in flight, answers counted by status and by the version `send` reports.
 */
export function steadyLoad(send: () => Promise<{ status: number; version?: string }>, rps: number, concurrency: number): { stop(): Promise<LoadResult> } {
  const load = startLoad(async () => {
    const { status, version } = await send();
    return { status, label: version };
  }, { rps, maxInFlight: concurrency });
  return {
    async stop() {
      const f = await load.stop();
      return { total: f.answered, non2xx: f.non2xx, statuses: f.statuses, versions: f.labels };
    },
  };
}

/**
 * Sum of `istio_requests_total` samples whose labels include all of `labels`, from the cluster's
 * Prometheus text endpoint. https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export async function requestCount(telemetryUrl: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${telemetryUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('istio_requests_total{')) continue;
    const close = line.lastIndexOf('}');
    const body = line.slice('istio_requests_total{'.length, close);
    const have: Record<string, string> = {};
    for (const m of body.matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) have[m[1]] = m[2];
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(line.slice(close + 1).trim());
  }
  return sum;
}

/**
 * Bounds holding a Binomial(n, p) count with `sigmas` standard deviations either side: at 5 sigma
 * a correct router falls outside about once in 1.7 million runs.
 */
export function binomialBounds(n: number, p: number, sigmas = 5): [number, number] {
  const sd = Math.sqrt(n * p * (1 - p));
  return [Math.max(0, Math.floor(n * p - sigmas * sd)), Math.min(n, Math.ceil(n * p + sigmas * sd))];
}
