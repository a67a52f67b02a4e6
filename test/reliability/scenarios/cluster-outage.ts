/**
 * Scenario 4 (issue 8), Kubernetes API outage: the API server refuses connections for 30 s
 * (`controls.apiOutage`) while an operator has a release job open in chromium.
 *
 * Proved:
 * - the console keeps running (`/api/healthz` answers throughout, same process) and its API says
 *   what is wrong: every call that needs the cluster answers 503 `cluster_unreachable`, never 500;
 * - the page shows the "cluster unreachable" banner instead of error screens, keeping its data
 *   (screenshot saved);
 * - after recovery the controller catches up: a change made (as kubectl would) the moment the API
 *   is back, before the controller's watches have resumed, is routed; so is one made after the watch
 *   history was dropped (`expireWatchHistory`: resumed watches get 410 Gone and must re-list);
 * - the page refreshes by itself: the banner goes and the new weight shows, with no reload (a
 *   marker set in the page before the outage is still there).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiSession, Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';

const SERVICE = 'ratings';
const JOB = 'cluster-outage';
const GR_API = '/apis/graylane.io/v1alpha1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where the reliability scenarios save their screenshots. */
export function screenshotDir(): string {
  return path.resolve(process.env.GRAYLANE_RELIABILITY_ARTIFACTS ?? path.join('test-results', 'reliability'));
}

/**
 * Debian's chromium with playwright.config.ts's flags, signed in as `username` through the real
 * login endpoint (the session cookie lands in the browser context). Fails when chromium is missing.
 */
export async function openConsoleBrowser(stack: Stack, username: string): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.GRAYLANE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const res = await context.request.post(`${stack.consoleUrl}/api/session`, {
    data: { username, password: process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd' },
    headers: { origin: stack.consoleUrl },
  });
  if (!res.ok()) {
    await browser.close();
    throw new Error(`browser login as ${username}: HTTP ${res.status()}`);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { browser, page, close: () => browser.close() };
}

/**
 * Opens a job's detail page and waits until React has hydrated it: the server-rendered HTML shows the
 * slider at once, but inside a disabled fieldset, so keys pressed and clicks made before hydration
 * would be lost (issue 10's server-rendered job detail).
 */
export async function openJobDetail(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.locator('[data-testid="release-detail"][data-hydrated="true"]').waitFor({ state: 'visible', timeout: 60_000 });
}

interface JobView {
  generation: number;
  observedGeneration: number;
  phase: string;
  spec: { candidate: { version: string }; traffic: { candidateWeight?: number } };
  versions: { version: string; weight: number }[];
  conditions: { type: string; status: string }[];
}

function kubeToken(stack: Stack): string | undefined {
  try {
    return /^\s*token:\s*(\S+)/m.exec(readFileSync(stack.kubeconfig, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** `kubectl patch gr NAME --type merge -p '{"spec":{"traffic":{"candidateWeight":W}}}'`, retried while the API comes back. */
async function kubectlSetWeight(stack: Stack, weight: number): Promise<{ ok: boolean; detail: string }> {
  const token = kubeToken(stack);
  const deadline = Date.now() + 10_000;
  let detail = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${stack.apiUrl}${GR_API}/namespaces/${stack.namespace}/grayscalereleases/${JOB}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ spec: { traffic: { candidateWeight: weight } } }),
        signal: AbortSignal.timeout(5_000),
      });
      if (res.ok) return { ok: true, detail: '' };
      detail = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      detail = (err as Error).message;
    }
    await sleep(100);
  }
  return { ok: false, detail };
}

/** Waits until the controller routes `weight` to the candidate for the job's current generation. */
async function routed(client: ApiSession, ns: string, weight: number, timeoutMs: number): Promise<{ ms: number } | { error: string }> {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < timeoutMs) {
    const res = await client.request('GET', `/api/projects/${ns}/releases/${JOB}`);
    if (res.status === 200) {
      const job = res.body as JobView;
      const candidate = job.versions.find((v) => v.version === job.spec.candidate.version)?.weight;
      const applied = job.conditions.some((c) => c.type === 'RoutesApplied' && c.status === 'True');
      last = `spec weight ${job.spec.traffic.candidateWeight}, routed ${candidate}, generation ${job.generation}/${job.observedGeneration}, RoutesApplied ${applied}`;
      if (job.spec.traffic.candidateWeight === weight && candidate === weight && applied && job.observedGeneration >= job.generation) return { ms: Date.now() - start };
    } else last = `HTTP ${res.status}`;
    await sleep(250);
  }
  return { error: `weight ${weight} not routed within ${timeoutMs / 1000} s (${last})` };
}

async function healthz(consoleUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${consoleUrl}/api/healthz`, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? ((await res.json()) as { uptimeSeconds: number }).uptimeSeconds : undefined;
  } catch {
    return undefined;
  }
}

/** One outage cycle: banner, API answers, catch-up, self-refresh. */
async function outageCycle(stack: Stack, admin: ApiSession, page: Page, cycle: number, outageMs: number, opts: ScenarioOptions, figures: Record<string, number>, fail: (m: string) => void): Promise<void> {
  const ns = stack.namespace;
  const dir = screenshotDir();
  const upBefore = await healthz(stack.consoleUrl);
  await page.evaluate(() => {
    (window as unknown as { __noReload: number }).__noReload = 1;
  });

  const outageStarted = Date.now();
  const outage = stack.controls.apiOutage(outageMs);
  await sleep(300);
  // A panel opened before the page knows of the outage (the YAML preview asks the cluster, and its
  // first answer is a 503) waits for the cluster instead of showing an error next to the banner,
  // and loads by itself when the cluster is back (both checked below).
  await page.getByTestId('release-tabs-yaml').click();

  // The console's API during the outage: alive, and one clear code for everything that needs the cluster.
  const probes: [string, string, unknown?][] = [
    ['GET', `/api/projects/${ns}/releases/${JOB}`],
    ['GET', `/api/projects/${ns}/services`],
    ['GET', '/api/projects'],
    ['PATCH', `/api/projects/${ns}/releases/${JOB}`, { candidateWeight: 5 }],
  ];
  let sawUnreachable = 0;
  while (Date.now() - outageStarted < Math.min(outageMs - 2_000, 12_000)) {
    for (const [method, p, body] of probes) {
      const res = await admin.request(method, p, body);
      const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
      if (res.status === 503 && code === 'cluster_unreachable') {
        figures['503 cluster_unreachable answers']++;
        sawUnreachable++;
      } else if (res.status >= 500 || res.status === 0) {
        figures['other 5xx during outage']++;
        fail(`cycle ${cycle}: ${method} ${p} during the outage answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)} (want 503 cluster_unreachable)`);
      } else if (res.status < 300 && method === 'PATCH') fail(`cycle ${cycle}: a PATCH succeeded while the API was unreachable`);
    }
    const cluster = await admin.request('GET', '/api/cluster');
    const reachable = (cluster.body as { reachable?: boolean } | undefined)?.reachable;
    if (!(cluster.status === 200 && reachable === false) && !(cluster.status === 503)) fail(`cycle ${cycle}: /api/cluster during the outage: HTTP ${cluster.status} ${JSON.stringify(cluster.body).slice(0, 200)}`);
    if ((await healthz(stack.consoleUrl)) === undefined) fail(`cycle ${cycle}: /api/healthz did not answer during the outage`);
    await sleep(500);
  }
  if (sawUnreachable === 0) fail(`cycle ${cycle}: no 503 cluster_unreachable seen during the outage`);

  // The page: the banner instead of errors, the job's data still there.
  const banner = page.getByTestId('cluster-status-banner');
  try {
    await banner.waitFor({ state: 'visible', timeout: Math.max(1_000, outageMs - (Date.now() - outageStarted) - 2_000) });
    figures['banner shown after ms'] = Math.max(figures['banner shown after ms'], Date.now() - outageStarted);
    if (!(await page.getByTestId('release-traffic').isVisible())) fail(`cycle ${cycle}: the job's traffic card disappeared during the outage`);
    const errors = await page.locator('[data-testid="error-state"], [data-testid="api-error"]').count();
    if (errors > 0) fail(`cycle ${cycle}: the page shows ${errors} error panel(s) next to the banner`);
    const shot = path.join(dir, `cluster-outage-banner-${cycle}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    opts.log(`screenshot: ${shot}`);
  } catch (err) {
    fail(`cycle ${cycle}: no "cluster unreachable" banner during the outage (${(err as Error).message.split('\n')[0]})`);
    await page.screenshot({ path: path.join(dir, `cluster-outage-no-banner-${cycle}.png`) }).catch(() => undefined);
  }

  await outage;
  figures['outage seconds'] += Math.round((Date.now() - outageStarted) / 1000);
  // At once, before the controller's watches have resumed: a kubectl change it has to pick up.
  const weightAfterOutage = 40 + cycle;
  const patched = await kubectlSetWeight(stack, weightAfterOutage);
  if (!patched.ok) fail(`cycle ${cycle}: kubectl-style change after the outage failed: ${patched.detail}`);
  const caughtUp = await routed(admin, ns, weightAfterOutage, 30_000);
  if ('error' in caughtUp) fail(`cycle ${cycle}: after the outage, ${caughtUp.error}`);
  else figures['catch-up after outage ms'] = Math.max(figures['catch-up after outage ms'], caughtUp.ms);

  // The page recovers by itself: banner gone, the new weight shown, no reload.
  try {
    await banner.waitFor({ state: 'hidden', timeout: 20_000 });
    const deadline = Date.now() + 20_000;
    let shown = '';
    while (Date.now() < deadline) {
      shown = (await page.getByTestId('release-slider-candidate').textContent()) ?? '';
      if (shown.includes(`${weightAfterOutage}%`)) break;
      await sleep(250);
    }
    if (!shown.includes(`${weightAfterOutage}%`)) fail(`cycle ${cycle}: the page shows "${shown}" instead of ${weightAfterOutage}% after recovery`);
    figures['UI refreshed after ms'] = Math.max(figures['UI refreshed after ms'], Date.now() - outageStarted - outageMs);
    try {
      await page.getByTestId('release-yaml-objects').waitFor({ state: 'visible', timeout: 20_000 });
    } catch {
      fail(`cycle ${cycle}: the YAML preview opened during the outage did not load after it`);
    }
    await page.getByTestId('release-tabs-history').click();
    const marker = await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload);
    if (marker !== 1) fail(`cycle ${cycle}: the page was reloaded`);
    await page.screenshot({ path: path.join(dir, `cluster-outage-recovered-${cycle}.png`), fullPage: true });
  } catch (err) {
    fail(`cycle ${cycle}: the banner stayed after recovery (${(err as Error).message.split('\n')[0]})`);
  }

  // 410 Gone: watch history dropped and watches ended; resumed watches must re-list.
  stack.controls.expireWatchHistory();
  const weightAfter410 = 60 + cycle;
  const patched410 = await kubectlSetWeight(stack, weightAfter410);
  if (!patched410.ok) fail(`cycle ${cycle}: kubectl-style change after the watch expiry failed: ${patched410.detail}`);
  const relisted = await routed(admin, ns, weightAfter410, 30_000);
  if ('error' in relisted) fail(`cycle ${cycle}: after 410 Gone, ${relisted.error}`);
  else figures['catch-up after 410 ms'] = Math.max(figures['catch-up after 410 ms'], relisted.ms);

  const upAfter = await healthz(stack.consoleUrl);
  if (upAfter === undefined) fail(`cycle ${cycle}: console not healthy after the outage`);
  else if (upBefore !== undefined && upAfter < upBefore) fail(`cycle ${cycle}: the console process restarted (uptime ${upBefore} s -> ${upAfter} s)`);
}

export const clusterOutageScenario: Scenario = {
  id: 'cluster-outage',
  title: 'Kubernetes API outage: banner instead of errors, no crash, controller and UI catch up by themselves',
  async run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
    const failures: string[] = [];
    const fail = (m: string) => {
      if (failures.length < 30) failures.push(m);
    };
    const started = Date.now();
    const ns = stack.namespace;
    const outageMs = Number(process.env.GRAYLANE_OUTAGE_MS) || 30_000;
    const figures: Record<string, number> = {
      cycles: 0,
      'outage seconds': 0,
      '503 cluster_unreachable answers': 0,
      'other 5xx during outage': 0,
      'banner shown after ms': 0,
      'catch-up after outage ms': 0,
      'catch-up after 410 ms': 0,
      'UI refreshed after ms': 0,
    };
    mkdirSync(screenshotDir(), { recursive: true });
    const admin = await stack.login('admin');

    const defaults = await admin.request('GET', `/api/projects/${ns}/releases/defaults?service=${SERVICE}`);
    if (defaults.status !== 200) return { figures, failures: [`defaults for ${SERVICE}: HTTP ${defaults.status}`] };
    const d = defaults.body as { baseline: { version: string }; candidate: { version: string; images: Record<string, string> } };
    const created = await admin.request('POST', `/api/projects/${ns}/releases`, {
      name: JOB,
      spec: { strategy: 'Canary', service: SERVICE, baseline: { version: d.baseline.version }, candidate: { version: d.candidate.version, replicas: 1, images: d.candidate.images }, traffic: { candidateWeight: 20 } },
    });
    if (created.status !== 201) return { figures, failures: [`create job: HTTP ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`] };
    const ready = await routed(admin, ns, 20, 40_000);
    if ('error' in ready) fail(`before the outage: ${ready.error}`);

    const browser = await openConsoleBrowser(stack, 'admin');
    try {
      const { page } = browser;
      await openJobDetail(page, `${stack.consoleUrl}/projects/${ns}/grayscale/${JOB}`);
      await page.getByTestId('release-slider-candidate').waitFor({ state: 'visible', timeout: 30_000 });
      const soakEnd = started + opts.soakMs;
      for (let cycle = 1; ; cycle++) {
        await outageCycle(stack, admin, page, cycle, outageMs, opts, figures, fail);
        figures.cycles = cycle;
        if (!opts.soak || Date.now() + outageMs + 30_000 > soakEnd) break;
      }
    } finally {
      await browser.close();
    }

    await admin.request('DELETE', `/api/projects/${ns}/releases/${JOB}`);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await admin.request('GET', `/api/projects/${ns}/releases/${JOB}`)).status !== 404) await sleep(300);
    if ((await admin.request('GET', `/api/projects/${ns}/releases/${JOB}`)).status !== 404) fail('the job was not deleted within 30 s');
    return { figures: { ...figures, seconds: Math.round((Date.now() - started) / 1000) }, failures };
  },
};
