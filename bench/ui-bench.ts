/**
 * UI speed (issue 10), measured in chromium (Performance API) on the production build served by a
 * fresh demo stack, each figure beside a baseline measured in the same run: an empty Next.js page
 * (a minimal App Router app with one `<h1>`, built once with the same Next.js in the OS temp dir).
 *
 * - first-load JS per route: the scripts the server-rendered HTML of a cold visit references (script
 *   tags and the chunks its inline RSC payload names: what the page needs before it is interactive,
 *   as the build output defines a route's first load),
 *   read from the build output on disk (.next/static) and gzipped (level 9, as a CDN would serve
 *   it); beside it, all JS the page has loaded by one second after it was usable, which adds the
 *   parts loaded on demand (e.g. the job detail's charts once their section is in view);
 * - time to the job list being usable: navigation start to the first job card's link on screen
 *   after hydration (a MutationObserver stamps it);
 * - Largest Contentful Paint of the project overview and of the job detail;
 * - slider-to-applied: on the job detail, from the keyup that releases the traffic slider (one
 *   ArrowRight) through Apply and its confirmation (clicked at once) to the version card showing
 *   the new weight as applied, median of 7. The card's weight is what the controller wrote into
 *   the VirtualService (lib/api/release-view.ts), never the slider's or the PATCH's value; the page
 *   learns it by polling the job (every 300 ms while a change is in flight, IN_FLIGHT_POLL_MS), so
 *   that wait is part of the figure, as it is for a user.
 *
 * Targets (issue 10): < 200 kB gz first-load JS for the job list and job detail, LCP < 1.5 s,
 * slider-to-applied < 1 s. Figures only: nothing here fails on a missed target.
 * Usage: `npx tsx bench/ui-bench.ts [--console-port N] [--prometheus-port N] [--runs N]` (free ports by default;
 * builds .next first when missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ensureBuild, freePort, startDemoStack } from '../scripts/lib/demo-stack';
import { fmt, printTable, summarize } from './stats';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { 'console-port': { type: 'string' }, 'prometheus-port': { type: 'string' }, runs: { type: 'string', default: '5' } } });
const NS = 'demo-project';
const JOB = 'canary-release';
const PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
const CHROMIUM = process.env.GRAYLANE_CHROMIUM ?? '/usr/bin/chromium';

/** Builds (once) and starts the baseline: an empty App Router page with the same Next.js. */
async function startBaseline(): Promise<{ url: string; dir: string; stop: () => void }> {
  // its own directory with a hard-linked copy of node_modules: Turbopack refuses a symlinked
  // node_modules, and inside the repository it would pick up the console's config and proxy
  const dir = path.join(os.tmpdir(), 'graylane-ui-bench-baseline');
  fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
  if (!fs.existsSync(path.join(dir, 'node_modules'))) spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')], { stdio: 'inherit' });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"baseline","private":true}\n');
  fs.writeFileSync(path.join(dir, 'app', 'layout.tsx'), 'export default function L({ children }: { children: React.ReactNode }) { return <html lang="en"><body>{children}</body></html>; }\n');
  fs.writeFileSync(path.join(dir, 'app', 'page.tsx'), 'export default function P() { return <h1 data-testid="ready">Empty page</h1>; }\n');
  // its own copy's next: the one under the repository would load React from there, a second copy
  // next to the app's, and prerendering fails
  const next = path.join(dir, 'node_modules', '.bin', 'next');
  if (!fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    const b = spawnSync(next, ['build'], { cwd: dir, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (b.status !== 0) throw new Error('building the baseline app failed');
  }
  const port = await freePort();
  const proc = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, dir, stop: () => proc.pid !== undefined && process.kill(-proc.pid, 'SIGTERM') };
}

/** Stamps, in the page, when the first element matching `selector` appears (ms since navigation start). */
function stampScript(selector: string): string {
  return `(() => {
    window.__lcp = 0;
    // the LCP element is named too (its test id, or its tag and first class names), for finding what paints last
    const name = (el) => !el ? '?' : el.closest('[data-testid]') ? el.tagName.toLowerCase() + ' in ' + el.closest('[data-testid]').getAttribute('data-testid') : el.tagName.toLowerCase();
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__lcp = e.startTime; window.__lcpEl = name(e.element); } }).observe({ type: 'largest-contentful-paint', buffered: true });
    const check = () => { if (!window.__ready && document.querySelector(${JSON.stringify(selector)})) window.__ready = performance.now(); };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  })();`;
}

interface Load {
  jsGzip: number;
  jsFiles: number;
  allJsGzip: number;
  ready: number;
  lcp: number;
  lcpElement: string;
}

/** A cold visit (new context, empty cache): scripts loaded (gzipped from disk), ready stamp, LCP. */
async function coldLoad(browser: Browser, cookies: Parameters<BrowserContext['addCookies']>[0], url: string, selector: string, buildDir: string): Promise<Load> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  await page.addInitScript(stampScript(selector));
  const scripts = new Set<string>();
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.pathname.startsWith('/_next/static/') && u.pathname.endsWith('.js')) scripts.add(u.pathname);
  });
  const doc = await page.goto(url);
  // every script the HTML references: its <script src> tags and the chunks named in its inline
  // React Server Components payload, which the runtime loads before hydrating (nomodule polyfills
  // are not loaded by chromium); chunks loaded on demand are named only inside other scripts
  const html = doc ? await doc.text() : '';
  const nomodule = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\bsrc="([^"]+)"/i.exec(tag)?.[1];
    if (src && /\bnomodule\b/i.test(tag)) nomodule.add(new URL(src.replace(/&amp;/g, '&'), url).pathname);
  }
  const firstLoad = new Set((html.match(/\/_next\/static\/[\w/.~-]+?\.js/g) ?? []).filter((p) => !nomodule.has(p)));
  await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready, undefined, { timeout: 60_000 });
  await page.waitForTimeout(1000); // LCP candidates settle
  const { ready, lcp, lcpElement } = await page.evaluate(() => {
    const w = window as unknown as { __ready: number; __lcp: number; __lcpEl: string };
    return { ready: w.__ready, lcp: w.__lcp, lcpElement: w.__lcpEl };
  });
  const gzipped = (paths: Iterable<string>) => {
    let sum = 0;
    for (const p of paths) sum += zlib.gzipSync(fs.readFileSync(path.join(buildDir, '.next', 'static', decodeURIComponent(p.slice('/_next/static/'.length)))), { level: 9 }).length;
    return sum;
  };
  await ctx.close();
  return { jsGzip: gzipped(firstLoad), jsFiles: firstLoad.size, allJsGzip: gzipped(new Set([...firstLoad, ...scripts])), ready, lcp, lcpElement };
}

/** Median over `n` cold loads (JS size is the same each time). */
async function medianLoad(n: number, load: () => Promise<Load>): Promise<Load & { readyP50: number; lcpP50: number; lcpElements: string }> {
  const runs: Load[] = [];
  for (let i = 0; i < n; i++) runs.push(await load());
  const elements = [...new Set(runs.map((r) => r.lcpElement))].join(' | ');
  return { ...runs[0], readyP50: summarize(runs.map((r) => r.ready)).p50, lcpP50: summarize(runs.map((r) => r.lcp)).p50, lcpElements: elements };
}

/**
 * One weight change on the job detail: the keyup that releases the slider (one arrow step), Apply,
 * the confirmation, until the v2 card shows the new weight as applied (its figure comes from the
 * VirtualService the controller wrote, not from the slider). Returns ms from the keyup and from the confirm click.
 */
async function sliderToApplied(page: Page, target: number): Promise<{ fromRelease: number; fromConfirm: number }> {
  const slider = page.getByTestId('release-slider-input');
  // the page arrives server-rendered with its controls disabled until hydration (components/use-hydrated.ts)
  for (const until = Date.now() + 30_000; !(await slider.isEnabled()); ) {
    if (Date.now() > until) throw new Error('the traffic slider stayed disabled for 30 s');
    await page.waitForTimeout(25);
  }
  await slider.focus();
  const current = Number(await slider.inputValue());
  const key = target > current ? 'ArrowRight' : 'ArrowLeft';
  // a string, not a function: tsx compiles functions with helpers (__name) that do not exist in the page
  await page.evaluate(`(() => {
    const t = ${JSON.stringify(`${target}%`)};
    window.__t0 = window.__tc = window.__t1 = undefined;
    document.querySelector('[data-testid="release-slider-input"]').addEventListener('keyup', () => { window.__t0 = performance.now(); }, { once: true });
    // the confirm button exists only once the dialog opens: listen on the document
    document.addEventListener('click', (e) => {
      if (e.target.closest('[data-testid="release-traffic-confirm-confirm"]')) window.__tc = performance.now();
    }, { capture: true });
    const obs = new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="release-version-card"][data-version="v2"] [data-testid="release-version-weight"]')?.textContent?.trim();
      if (shown === t && window.__tc !== undefined) {
        window.__t1 = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
  await page.keyboard.down(key);
  await page.keyboard.up(key);
  await page.getByTestId('release-traffic-apply').click();
  await page.getByTestId('release-traffic-confirm-confirm').click();
  await page.waitForFunction(() => (window as unknown as { __t1?: number }).__t1 !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const w = window as unknown as { __t0: number; __tc: number; __t1: number };
    return { fromRelease: w.__t1 - w.__t0, fromConfirm: w.__t1 - w.__tc };
  });
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  console.log(`load average at start: ${loadavg()} (${os.cpus().length} CPUs)`);
  ensureBuild(root);
  const baseline = await startBaseline();
  const stack = await startDemoStack(root, {
    traffic: 5,
    consolePort: args['console-port'] ? Number(args['console-port']) : undefined,
    prometheusPort: args['prometheus-port'] ? Number(args['prometheus-port']) : undefined,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const base = stack.consoleUrl;
    // log in once; every cold context gets the cookie
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'project-regular', password: PASSWORD }) });
    if (!res.ok) throw new Error(`login failed: ${res.status}`);
    const cookie = res.headers.getSetCookie()[0].split(';')[0];
    const [name, ...rest] = cookie.split('=');
    const cookies = [{ name, value: rest.join('='), url: base }];
    const api = (p: string, init: RequestInit = {}) => fetch(`${base}/api/projects/${NS}${p}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    await api('/applications/sample', { method: 'POST' });
    const created = await api('/releases', {
      method: 'POST',
      body: JSON.stringify({ name: JOB, spec: { strategy: 'Canary', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } }, traffic: { candidateWeight: 30 } } }),
    });
    if (!created.ok) throw new Error(`creating ${JOB}: ${created.status} ${await created.text()}`);
    for (let i = 0; i < 120; i++) {
      const j = (await (await api(`/releases/${JOB}`)).json()) as { phase: string };
      if (j.phase === 'Progressing') break;
      await new Promise((r) => setTimeout(r, 500));
    }

    // warm the server (first requests compile nothing in production, but fill caches)
    await coldLoad(browser, cookies, `${base}/projects/${NS}/grayscale?tab=jobs`, '[data-testid="release-job-card"]', root);
    await coldLoad(browser, [], baseline.url, '[data-testid="ready"]', baseline.dir);

    const RUNS = Number(args.runs);
    const routes: [string, string, string][] = [
      ['job list', `/projects/${NS}/grayscale?tab=jobs`, '[data-testid="release-job-card"] [data-testid="release-job-link"]'],
      ['job detail', `/projects/${NS}/grayscale/${JOB}`, '[data-testid="release-version-card"]'],
      ['project overview', `/projects/${NS}`, '[data-testid="page-title"]'],
      ['applications', `/projects/${NS}/applications`, '[data-testid="application-row"]'],
      ['traffic', `/projects/${NS}/traffic?app=bookinfo`, '[data-testid="topology-graph"]'],
      ['tracing', `/projects/${NS}/tracing?service=productpage`, '[data-testid="trace-row"]'],
    ];
    const rows: (string | number)[][] = [];
    const empty = await medianLoad(RUNS, () => coldLoad(browser, [], baseline.url, '[data-testid="ready"]', baseline.dir));
    rows.push(['baseline: empty Next.js page', fmt(empty.jsGzip / 1024, 1), empty.jsFiles, fmt(empty.allJsGzip / 1024, 1), fmt(empty.readyP50, 0), fmt(empty.lcpP50, 0), empty.lcpElements]);
    for (const [label, p, sel] of routes) {
      const m = await medianLoad(RUNS, () => coldLoad(browser, cookies, `${base}${p}`, sel, root));
      rows.push([label, fmt(m.jsGzip / 1024, 1), m.jsFiles, fmt(m.allJsGzip / 1024, 1), fmt(m.readyP50, 0), fmt(m.lcpP50, 0), m.lcpElements]);
    }
    console.log(`\nCold loads, median of ${RUNS} (1280x800, chromium ${browser.version()}); targets: job list/detail JS < 200 kB gz, LCP < 1500 ms`);
    printTable(['page', 'first-load JS (kB gz)', 'scripts', 'all JS by ready + 1 s (kB gz)', 'ready (ms)', 'LCP (ms)', 'LCP element'], rows);

    // slider -> applied, on one warm page
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    await page.goto(`${base}/projects/${NS}/grayscale/${JOB}`);
    await page.getByTestId('release-slider-input').waitFor();
    const samples: { fromRelease: number; fromConfirm: number }[] = [];
    for (let i = 0; i < 7; i++) samples.push(await sliderToApplied(page, i % 2 === 0 ? 31 : 30));
    const fromRelease = samples.map((x) => x.fromRelease);
    const fromConfirm = samples.map((x) => x.fromConfirm);
    // the floor for the same round trip: the PATCH alone, from this process
    // the floor for the same change without a browser: the PATCH, then GETs every 20 ms until the
    // controller reports the weight applied
    const patchMs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const weight = i % 2 === 0 ? 31 : 30;
      const job = (await (await api(`/releases/${JOB}`)).json()) as { generation: number };
      const t0 = performance.now();
      const res = await api(`/releases/${JOB}`, { method: 'PATCH', body: JSON.stringify({ candidateWeight: weight, generation: job.generation }) });
      if (!res.ok) throw new Error(`PATCH ${JOB}: ${res.status} ${await res.text()}`);
      for (;;) {
        const now = (await (await api(`/releases/${JOB}`)).json()) as { versions: { version: string; weight: number }[] };
        if (now.versions.find((v) => v.version === 'v2')?.weight === weight) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      patchMs.push(performance.now() - t0);
    }
    console.log('\nSlider released -> new weights shown as applied (target < 1000 ms)');
    printTable(['measure', 'p50 (ms)', 'max (ms)', 'n'], [
      ['slider released -> Apply -> confirm -> v2 card shows it applied', fmt(summarize(fromRelease).p50, 0), fmt(Math.max(...fromRelease), 0), fromRelease.length],
      ['  of which: confirm click -> shown applied', fmt(summarize(fromConfirm).p50, 0), fmt(Math.max(...fromConfirm), 0), fromConfirm.length],
      ['baseline: PATCH + GET polling until applied (no browser)', fmt(summarize(patchMs).p50, 0), fmt(Math.max(...patchMs), 0), patchMs.length],
    ]);
    await ctx.close();
    console.log(`\nload average at the end: ${loadavg()}`);
  } finally {
    await browser.close();
    baseline.stop();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
