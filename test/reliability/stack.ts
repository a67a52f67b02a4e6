/**
 * The reliability suite's stack (issue 8): the embedded cluster in-process with its test controls,
 * Prometheus when installed, the production console (`next start`, controller off) and the
 * controller as its own process (so it can be SIGKILLed), Bookinfo deployed through the console's
 * REST API, and a load generator against the ingress. `stop()` ends every process it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../../sim/cluster';
import { freePort } from '../../scripts/lib/free-port';
import { prometheusBinary, startPrometheus, type PrometheusHandle } from '../../scripts/lib/prometheus';
import { httpGetter, startLoad } from '../support/load';
import type { ApiSession, ClusterControls, CommittedWrite, LoadHandle, Stack } from './types';

/** The project the demo accounts are bound to (server/auth/demo-accounts.ts). */
export const STACK_NAMESPACE = 'demo-project';
const PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
/** Markers of a productpage whose inner call (details, reviews, ratings) failed: the page is 200, a hop was not. */
const INNER_FAILURES = ['Error fetching product details', 'Error fetching product reviews', 'Ratings service is currently unavailable'];

export interface StackOptions {
  /** repository root holding the `.next` build */
  root: string;
  log(message: string): void;
  /** preferred Prometheus port (a free one is used when it is taken) */
  prometheusPort?: number;
  /** time from a pod's start to Ready in the embedded cluster */
  podReadyDelayMs?: number;
}

/** The stack plus what only the runner needs. */
export interface RunningStack extends Stack {
  /** ends every process and listener the stack started (safe to call twice) */
  stop(): Promise<void>;
  /** the embedded cluster (store access for scenario assertions) */
  cluster: Cluster;
  /** starts the controller unless it runs */
  ensureController(): Promise<void>;
  /** how many times the controller process was started */
  controllerStarts(): number;
  /** CPU seconds used so far by the runner (this process), the console and the controller processes */
  cpuSeconds(): { runner: number; console: number; controller: number };
  /** last lines the console and the controller printed (for failure reports) */
  logTail(): string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Keeps the last `max` characters a child printed. */
function tail(child: ChildProcess, name: string, sink: { text: string }, max = 6000): void {
  const add = (d: Buffer) => {
    sink.text = (sink.text + d.toString().replace(/^(?=.)/gm, `[${name}] `)).slice(-max);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
}

/** Kills a detached child's whole process group (npx/next spawn grandchildren). */
function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess | undefined, graceMs = 3000): Promise<void> {
  if (!child) return;
  killGroup(child, 'SIGTERM');
  await Promise.race([exited(child), sleep(graceMs)]);
  killGroup(child, 'SIGKILL');
  await Promise.race([exited(child), sleep(1000)]);
}

async function waitForUrl(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`process for ${url} exited (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await sleep(250);
  }
}

/**
 * CPU seconds (user + system, children included) of every live process in a process group, from
 * /proc (Linux; 0 elsewhere). Lets a run on a busy machine estimate its time on a quiet one.
 */
function groupCpuSeconds(pgid: number | undefined): number {
  if (!pgid || process.platform !== 'linux') return 0;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** Every process this module started, so an exit handler can SIGKILL them even on a crash. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) killGroup(c, 'SIGKILL');
    });
  }
  return child;
}

/** A signed-in client of the console's REST API (cookie and Origin kept, 60 s deadline per request). */
export async function loginSession(consoleUrl: string, username: string, password = PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${consoleUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: consoleUrl },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    async request(method, p, body) {
      let r: Response;
      try {
        r = await fetch(consoleUrl + p, {
          method,
          headers: { cookie, origin: consoleUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        throw new Error(`${method} ${p}: ${(err as Error).name === 'TimeoutError' ? 'no answer within 60 s' : (err as Error).message}`);
      }
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: r.status, body: parsed };
    },
  };
}

/**
 * Steady open-loop load (the shared generator, test/support/load.ts): `rps` GETs of `/productpage`
 * per second, sent on schedule whether or not earlier ones answered. A page that is 200 but shows a
 * failed inner call counts as non-2xx: that hop answered non-2xx.
 */
export function startIngressLoad(ingressUrl: string, rps: number): LoadHandle {
  const getter = httpGetter(new URL('/productpage', ingressUrl), (status, body) => ({ status, failure: INNER_FAILURES.find((m) => body.includes(m)) }));
  const load = startLoad(getter.send, { rps });
  return {
    snapshot: load.snapshot,
    async stop() {
      const figures = await load.stop();
      getter.close();
      return figures;
    },
  };
}

/** Starts the whole stack; on failure everything already started is stopped again. */
export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const { root, log } = opts;
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error(`no production build in ${root}/.next: run \`npx next build\` first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-reliability-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const logs = { text: '' };
  let cluster: Cluster | undefined;
  let prometheus: PrometheusHandle | undefined;
  let consoleProc: ChildProcess | undefined;
  let controllerProc: ChildProcess | undefined;
  let controllerStarts = 0;
  /** CPU of controller processes already killed */
  let controllerCpuBefore = 0;
  let prometheusPort = 0;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([stopChild(controllerProc), stopChild(consoleProc)]);
    await prometheus?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const t0 = Date.now();
    cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, testControls: true, podReadyDelayMs: opts.podReadyDelayMs ?? 200 });
    const c = cluster;
    c.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: STACK_NAMESPACE, labels: { 'istio-injection': 'enabled' } } });
    log(`embedded cluster: API ${c.apiUrl}, ingress ${c.ingressUrl}, telemetry ${c.telemetryUrl}`);

    const startProm = async () => {
      if (!c.telemetryUrl || !prometheusBinary()) return;
      prometheusPort ||= await freePort(opts.prometheusPort);
      prometheus = await startPrometheus({ port: prometheusPort, targets: [new URL(c.telemetryUrl).host], dataDir: path.join(dir, 'prometheus') });
      track(prometheus.process);
    };
    await startProm();
    if (!prometheus) log('prometheus not installed: metrics checks are skipped by the scenarios that need it');

    const consolePort = await freePort();
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const env = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      NODE_ENV: 'production' as const,
      GRAYLANE_DEMO: '1',
      GRAYLANE_CONTROLLER: 'off',
      GRAYLANE_JAEGER_URL: c.telemetryUrl ?? '',
      GRAYLANE_PROMETHEUS_URL: prometheus?.url ?? '',
      GRAYLANE_INGRESS_URL: c.ingressUrl ?? '',
    };
    consoleProc = track(
      spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(consolePort), '-H', '127.0.0.1'], {
        cwd: root,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    tail(consoleProc, 'console', logs);

    // The controller alone, as `npm run controller` runs it (node directly: a SIGKILL must hit it, not npm).
    const controllerEnv = {
      ...env,
      // One controller replica: no leader election. A SIGKILLed leader cannot release its Lease, so
      // each restart would wait out the Lease (15 s by default), and short Lease timings flap on a
      // loaded 2-core machine. Election itself is covered by test/controller/leader-election.test.ts.
      GRAYLANE_LEADER_ELECTION: process.env.GRAYLANE_LEADER_ELECTION ?? 'off',
    };
    // The controller's code bundled once (esbuild, which tsx ships): a restart then costs ~1 CPU s
    // instead of ~5 with tsx transpiling and resolving on the fly, and crash-anywhere restarts it
    // 30 times. Same code and entry point as `npm run controller`; GRAYLANE_RELIABILITY_TSX=1 (or
    // no esbuild) runs it through tsx instead.
    const controllerArgs = await controllerCommand(root, dir, log);
    const startController = async () => {
      if (controllerProc && controllerProc.exitCode === null && controllerProc.signalCode === null) throw new Error('the controller is already running');
      controllerStarts++;
      const child = track(
        spawn(process.execPath, controllerArgs, {
          cwd: root,
          env: controllerEnv,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      controllerProc = child;
      tail(child, 'controller', logs);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('the controller did not report ready within 60 s')), 60_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/\[controller\] ready/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`the controller exited before it was ready (${code ?? signal})`));
        });
      });
    };
    const killController = async () => {
      const child = controllerProc;
      if (!child) return;
      controllerCpuBefore += groupCpuSeconds(child.pid);
      killGroup(child, 'SIGKILL');
      await exited(child);
    };

    await Promise.all([waitForUrl(`${consoleUrl}/api/healthz`, 90_000, consoleProc), startController()]);
    log(`console ${consoleUrl} and controller ready (${Date.now() - t0} ms)`);

    const admin = await loginSession(consoleUrl, 'admin');
    const deployed = await admin.request('POST', `/api/projects/${STACK_NAMESPACE}/applications/sample`);
    if (deployed.status !== 201) throw new Error(`deploying Bookinfo failed: ${deployed.status} ${JSON.stringify(deployed.body)}`);
    await waitForBookinfo(c);
    log(`Bookinfo serving through the ingress (${Date.now() - t0} ms since start)`);

    const controls = c.controls as ClusterControls;
    return {
      kubeconfig,
      apiUrl: c.apiUrl,
      ingressUrl: c.ingressUrl!,
      telemetryUrl: c.telemetryUrl!,
      consoleUrl,
      prometheusUrl: prometheus?.url,
      namespace: STACK_NAMESPACE,
      controls,
      cluster: c,
      login: (username) => loginSession(consoleUrl, username),
      startLoad: (rps) => startIngressLoad(c.ingressUrl!, rps),
      recordWrites() {
        let writes: CommittedWrite[] = [];
        const unsubscribe = c.store.subscribe((ev) => {
          writes.push({ type: ev.type, resource: ev.resource, namespace: ev.object.metadata.namespace, name: ev.object.metadata.name ?? '' });
        });
        return {
          take() {
            const out = writes;
            writes = [];
            return out;
          },
          stop: unsubscribe,
        };
      },
      killController,
      startController,
      async stopPrometheus() {
        const p = prometheus;
        prometheus = undefined;
        await p?.stop();
      },
      async startPrometheus() {
        if (!prometheus) await startProm();
      },
      async ensureController() {
        if (!controllerProc || controllerProc.exitCode !== null || controllerProc.signalCode !== null) await startController();
      },
      controllerStarts: () => controllerStarts,
      cpuSeconds: () => {
        const own = process.cpuUsage();
        const alive = controllerProc && controllerProc.exitCode === null && controllerProc.signalCode === null;
        return {
          runner: (own.user + own.system) / 1e6,
          console: groupCpuSeconds(consoleProc?.pid),
          controller: controllerCpuBefore + (alive ? groupCpuSeconds(controllerProc!.pid) : 0),
        };
      },
      logTail: () => logs.text,
      stop,
    };
  } catch (err) {
    const text = logs.text;
    await stop();
    if (text) log(`last output:\n${text}`);
    throw err;
  }
}

/** `node` arguments that run the controller: its bundle, or tsx on the sources. */
export async function controllerCommand(root: string, dir: string, log: (m: string) => void): Promise<string[]> {
  const entry = path.join(root, 'server', 'controller', 'main.ts');
  const viaTsx = ['--conditions=react-server', '--import', 'tsx', entry];
  if (process.env.GRAYLANE_RELIABILITY_TSX === '1') return viaTsx;
  // Built once by the parent for every stack (main.ts sets it).
  const shared = process.env.GRAYLANE_RELIABILITY_CONTROLLER_BUNDLE;
  if (shared && existsSync(shared)) return [shared];
  try {
    const { build } = (await import('esbuild')) as typeof import('esbuild');
    const outfile = path.join(dir, 'controller.mjs');
    await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      conditions: ['react-server'],
      outfile,
      logLevel: 'error',
      // CommonJS dependencies call require(); an ES module bundle has to provide it.
      banner: { js: "import { createRequire as __graylaneRequire } from 'node:module'; const require = __graylaneRequire(import.meta.url);" },
    });
    return [outfile];
  } catch (err) {
    log(`controller bundle failed (${(err as Error).message}); running it through tsx`);
    return viaTsx;
  }
}

/** Waits until every Bookinfo Deployment is ready and /productpage renders without inner errors. */
async function waitForBookinfo(c: Cluster): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const deps = c.store.list('apps/deployments', STACK_NAMESPACE);
    const ready = deps.length >= 4 && deps.every((d) => (d.status as { readyReplicas?: number } | undefined)?.readyReplicas === (d.spec as { replicas?: number }).replicas);
    if (ready) {
      try {
        const r = await fetch(`${c.ingressUrl}/productpage`, { signal: AbortSignal.timeout(5000) });
        const body = await r.text();
        if (r.ok && !INNER_FAILURES.some((m) => body.includes(m))) return;
      } catch {
        // not routed yet
      }
    }
    if (Date.now() > deadline) throw new Error('Bookinfo did not become ready within 60 s');
    await sleep(200);
  }
}
