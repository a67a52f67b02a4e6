/**
 * Extra parts for e2e/telemetry-edges.spec.ts, so the shared demo stack's own Prometheus is never
 * touched: a second production console (`next start` from the same build) on the demo stack's
 * cluster but with its own telemetry settings, a real Prometheus scraping a synthetic 50-service
 * mesh, and a pass-through proxy in front of that Prometheus that can refuse connections or hold
 * answers, so one console shows "unreachable", "slow" and "recovered" without a restart.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/free-port';
import { startPrometheus, type PrometheusHandle } from '../../scripts/lib/prometheus';

/** Every tenth service runs a canary v2 next to v1, so the graph has boxes of two versions. */
export const syntheticVersions = (i: number): string[] => (i % 10 === 0 ? ['v1', 'v2'] : ['v1']);

const labelText = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

/**
 * Istio-standard series (destination reporter) of a mesh of `services` Services `svc-N` in
 * namespace `ns`: a binary tree of calls under the ingress, each version called at 2 requests/s
 * with latencies of 5-50 ms, in Prometheus' text format.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export async function startSyntheticMesh(ns: string, services: number): Promise<{ target: string; stop(): Promise<void> }> {
  const t0 = Date.now();
  const calls: { src: string; srcNs: string; dst: string; version: string }[] = [];
  const callAll = (src: string, srcNs: string, dst: number) => {
    for (const version of syntheticVersions(dst)) calls.push({ src, srcNs, dst: `svc-${dst}`, version });
  };
  callAll('istio-ingressgateway', 'istio-system', 0);
  for (let i = 1; i < services; i++) {
    const parent = Math.floor((i - 1) / 2);
    for (const v of syntheticVersions(parent)) callAll(`svc-${parent}-${v}`, ns, i);
  }
  const buckets: [string, number][] = [['5', 0.1], ['10', 0.4], ['25', 0.8], ['50', 1], ['100', 1], ['+Inf', 1]];
  const server = http.createServer((_req, res) => {
    const count = 2 * ((Date.now() - t0) / 1000 + 60);
    const out = ['# TYPE istio_requests_total counter', '# TYPE istio_request_duration_milliseconds histogram'];
    for (const c of calls) {
      const labels = {
        reporter: 'destination', source_workload: c.src, source_workload_namespace: c.srcNs, source_app: c.src.replace(/-v\d+$/, ''),
        destination_service_name: c.dst, destination_service_namespace: ns, destination_service: `${c.dst}.${ns}.svc.cluster.local`,
        destination_workload: `${c.dst}-${c.version}`, destination_workload_namespace: ns, destination_canonical_revision: c.version,
        destination_canonical_service: c.dst, destination_app: c.dst, destination_version: c.version, request_protocol: 'http', response_code: '200', response_flags: '-',
      };
      out.push(`istio_requests_total${labelText(labels)} ${count}`);
      for (const [le, share] of buckets) out.push(`istio_request_duration_milliseconds_bucket${labelText({ ...labels, le })} ${count * share}`);
      out.push(`istio_request_duration_milliseconds_sum${labelText(labels)} ${count * 20}`, `istio_request_duration_milliseconds_count${labelText(labels)} ${count}`);
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${out.join('\n')}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { target: `127.0.0.1:${(server.address() as net.AddressInfo).port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

/** The real Prometheus scraping `targets` every second, with its data in a temporary directory; tried twice on a busy machine. */
export async function startScrapingPrometheus(targets: string[]): Promise<PrometheusHandle> {
  for (let attempt = 1; ; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-e2e-prom-'));
    try {
      const prom = await startPrometheus({ port: await freePort(), targets, scrapeIntervalS: 1, dataDir: dir });
      return { ...prom, stop: () => prom.stop().finally(() => fs.rmSync(dir, { recursive: true, force: true })) };
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (attempt >= 2) throw err;
    }
  }
}

export type ProxyMode = 'up' | 'slow' | 'down';

/**
 * A pass-through HTTP proxy to `upstream` on a fixed port: `up` forwards, `slow` accepts and never
 * answers (the console's deadline must fire), `down` closes the listener (connections refused).
 * The upstream may be set after the start, so a console can be given the proxy's URL while the
 * backend behind it is still starting (until then requests fail as a broken connection).
 */
export class BackendProxy {
  private server?: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = 'up';

  private constructor(readonly port: number, public upstream: string) {}

  static async start(upstream = ''): Promise<BackendProxy> {
    const p = new BackendProxy(await freePort(), upstream);
    await p.listen();
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private listen(): Promise<void> {
    const server = http.createServer((req, res) => {
      if (this.mode === 'slow') return; // held until the client gives up
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!this.upstream) return res.destroy();
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        fetch(`${this.upstream}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' }, body })
          .then(async (r) => res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await r.arrayBuffer())))
          .catch(() => res.destroy());
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => (server ? server.close(() => r()) : r()));
  }

  /** Switches the mode; held connections are dropped when leaving `slow`. */
  async set(mode: ProxyMode): Promise<void> {
    const was = this.mode;
    this.mode = mode;
    if (mode === 'down') return this.close();
    if (was === 'slow') for (const s of this.sockets) s.destroy();
    if (!this.server) await this.listen();
  }

  stop(): Promise<void> {
    return this.close();
  }
}

/**
 * A second production console on the demo stack's cluster (its KUBECONFIG) with its own telemetry
 * variables and no controller. Its output goes to a file, so a console that dies mid-test leaves
 * its reason behind.
 */
export async function startExtraConsole(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const kubeconfig = process.env.KUBECONFIG;
  // fail, never skip: `npm test` exports the demo stack's variables before Playwright runs
  if (!kubeconfig || !fs.existsSync(kubeconfig)) {
    throw new Error(`KUBECONFIG of the demo stack is not set or missing (${kubeconfig ?? 'unset'}): run through \`npm test\`, or eval the demo's \`export\` lines first`);
  }
  if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) throw new Error(`no production build in ${process.cwd()}: run \`npx next build\` first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The worker's NODE_OPTIONS carry Playwright's own loaders: not for the console.
  const { NODE_OPTIONS: _loaders, ...inherited } = process.env;
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-e2e-console-')), 'console.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: process.cwd(),
    env: { ...inherited, NODE_ENV: 'production', KUBECONFIG: kubeconfig, GRAYLANE_DEMO: '1', GRAYLANE_CONTROLLER: 'off', ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const tail = () => fs.readFileSync(logFile, 'utf8').slice(-2000);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the extra console exited with ${child.exitCode}: ${tail()}`);
    if (await fetch(`${url}/api/healthz`).then((r) => r.ok, () => false)) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the extra console did not answer within 90 s: ${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
