/**
 * Starts and stops a private demo stack (scripts/demo.ts) for tools that need a fresh one:
 * `npm run docs` (the walkthrough guide) and bench/ui-bench.ts. Free ports unless given, a new
 * data directory each time (removed on stop), its own process group so stopping it takes every
 * child with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/** A running demo stack: the console URL, the `export` variables it printed, its process. */
export interface DemoStack {
  consoleUrl: string;
  env: Record<string, string>;
  proc: ChildProcess;
  dataDir: string;
  stop: () => Promise<void>;
}

export { freePort };

/** Runs `next build` in `root` when it has no production build yet. */
export function ensureBuild(root: string): void {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  console.log('building the console (next build)...');
  const b = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('next build failed');
}

/** Starts scripts/demo.ts from `root` and resolves once it prints `ready`. */
export async function startDemoStack(root: string, { consolePort, prometheusPort, traffic = 20 }: { consolePort?: number; prometheusPort?: number; traffic?: number } = {}): Promise<DemoStack> {
  const cport = consolePort ?? (await freePort());
  const pport = prometheusPort ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-stack-'));
  const log = path.join(dataDir, 'demo.log');
  const out = fs.openSync(log, 'w');
  const proc = spawn(
    'npx',
    ['tsx', 'scripts/demo.ts', '--console-port', String(cport), '--api-port', '0', '--ingress-port', '0', '--telemetry-port', '0', '--prometheus-port', String(pport), '--data-dir', dataDir, '--no-build', '--traffic', String(traffic)],
    { cwd: root, detached: true, stdio: ['ignore', out, out] },
  );
  const stop = async () => {
    if (proc.pid === undefined || proc.exitCode !== null) return;
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 20 && proc.exitCode === null; i++) await new Promise((r) => setTimeout(r, 250));
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    const text = fs.readFileSync(log, 'utf8');
    if (/\bready\b/.test(text)) {
      const env: Record<string, string> = {};
      for (const m of text.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
      return { consoleUrl: `http://127.0.0.1:${cport}`, env, proc, dataDir, stop };
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the demo stack did not start (see ${log}):\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
