/**
 * Starts the real Prometheus server (Debian package) scraping the embedded cluster's telemetry
 * port. Used by the demo launcher, integration tests and benchmarks.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PrometheusHandle {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function prometheusBinary(): string | undefined {
  const candidates = [process.env.GRAYLANE_PROMETHEUS_BIN, '/usr/bin/prometheus', '/usr/local/bin/prometheus', '/opt/homebrew/bin/prometheus'];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

/** Starts Prometheus scraping `targets` (host:port) every `scrapeIntervalS` and waits until it answers. */
export async function startPrometheus(opts: { port: number; targets: string[]; scrapeIntervalS?: number; dataDir?: string }): Promise<PrometheusHandle> {
  const bin = prometheusBinary();
  if (!bin) throw new Error('prometheus not found: install it with `sudo apt-get install --no-install-recommends prometheus`');
  const dir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-prom-'));
  fs.mkdirSync(dir, { recursive: true });
  const interval = `${opts.scrapeIntervalS ?? 2}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: graylane-sim',
    `    scrape_interval: ${interval}`,
    '    static_configs:',
    `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, config);
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawn(bin, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${opts.port}`,
    '--storage.tsdb.retention.time=2h',
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`prometheus did not become ready: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}
