/**
 * `npm run docs`: regenerates docs/walkthrough.md, the presenter's guide to the Bookinfo canary
 * walkthrough (issue 10). Starts a fresh demo stack of its own (after `next build` when .next is
 * missing), runs e2e/walkthrough.spec.ts against it with the screenshots going to
 * docs/walkthrough/ (old ones removed first), then writes the guide from the screenshots and the
 * figures the spec measured. Stops the stack on exit. Flags: --console-port N --prometheus-port N
 * (default: free ports), --keep-stack (leave it running for a look, printing its URL).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Facts, Shot } from '../e2e/pages/walkthrough-shots';

const { values: args } = parseArgs({
  options: {
    'console-port': { type: 'string' },
    'prometheus-port': { type: 'string' },
    'keep-stack': { type: 'boolean', default: false },
  },
});

const root = path.resolve(import.meta.dirname, '..');
const shotsDir = path.join(root, 'docs', 'walkthrough');
const guide = path.join(root, 'docs', 'walkthrough.md');

/** A port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts scripts/demo.ts in its own process group and resolves with its `export` variables once it prints `ready`. */
function startStack(consolePort: number, prometheusPort: number, dataDir: string): Promise<{ proc: ChildProcess; env: Record<string, string>; log: string }> {
  const log = path.join(dataDir, 'demo.log');
  const out = fs.openSync(log, 'w');
  const proc = spawn(
    'npx',
    ['tsx', 'scripts/demo.ts', '--console-port', String(consolePort), '--api-port', '0', '--ingress-port', '0', '--telemetry-port', '0', '--prometheus-port', String(prometheusPort), '--data-dir', dataDir, '--no-build', '--traffic', '20'],
    { cwd: root, detached: true, stdio: ['ignore', out, out] },
  );
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const timer = setInterval(() => {
      const text = fs.readFileSync(log, 'utf8');
      if (/\bready\b/.test(text)) {
        clearInterval(timer);
        const env: Record<string, string> = {};
        for (const m of text.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
        resolve({ proc, env, log });
      } else if (proc.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`the demo stack did not start (see ${log}):\n${text}`));
      }
    }, 500);
  });
}

/** Stops the stack: SIGTERM to its process group, SIGKILL if it lingers. */
async function stopStack(proc: ChildProcess): Promise<void> {
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
}

/** The guide's sections: the tutorial's seven steps, what to do and what the audience sees. */
const STEPS: { title: string; intro: string }[] = [
  {
    title: 'Deploy Bookinfo',
    intro:
      'Log in as `project-regular`, open `demo-project`, go to **Application Workloads > Applications** and click **Deploy Sample Application**, then **Create**. ' +
      'Bookinfo\'s four components (productpage, details, reviews, ratings) appear with their routes. Open the productpage: the reviews of Reviewer1 and Reviewer2 have no stars, because only reviews v1 runs.',
  },
  {
    title: 'Create the canary release job',
    intro:
      'Open **Grayscale Release**, and under **Canary Release** click **Create Job**. Name it `canary-release`, pick application `bookinfo` and service `reviews`, ' +
      'set the new version to `v2` with image `kubesphere/examples-bookinfo-reviews-v2:1.13.0`, drag the traffic slider to 30% for v2 (70% stays on v1), check the preview and click **Create**. ' +
      'The job appears under **Release Jobs**; the controller starts reviews-v2, waits for its pod, then routes 30% of the traffic to it.',
  },
  {
    title: 'See the split on the productpage',
    intro: 'Refresh the productpage a few times: about one load in three shows black stars (reviews v2), the others none (v1).',
  },
  {
    title: 'Traffic Monitoring',
    intro:
      'Open **Traffic Monitoring** and pick `bookinfo`. The demo stack generates traffic, so the graph shows reviews v1 and v2 side by side with the request rate on every edge. ' +
      'Click a reviews node: the side panel shows its success rate, traffic and duration.',
  },
  {
    title: 'Tracing',
    intro: 'Open **Tracing** and pick `productpage`: each request is a trace. Open one: its spans, and in the reviews span the version and the pod that served it.',
  },
  {
    title: 'Take Over',
    intro: 'Back on the job (**Grayscale Release > Release Jobs > canary-release**), click **Take Over** on the v2 card and confirm: v2 receives 100% of the traffic, and every productpage load shows black stars.',
  },
  {
    title: 'Job Offline',
    intro:
      'Click **Job Offline** and confirm: the job keeps v2, routes everything to it, removes v1\'s Deployment and its pods, and completes. **Services** lists reviews with v2 only, and the productpage keeps working.',
  },
];

/** Builds the markdown of the guide from the recorded shots and values. */
function renderGuide(facts: Facts, stack: string): string {
  const shots = facts.shots ?? [];
  const values = facts.values ?? {};
  const lines = [
    '# The Bookinfo canary walkthrough',
    '',
    'A presenter\'s guide to the KubeSphere tutorial "Managing Canary Release of Microservice App based on Istio", done in Graylane. ' +
      'It runs on a laptop with no cluster: `npm run demo` starts the embedded cluster, Prometheus and the console, and prints the console URL and the Bookinfo URL (`GRAYLANE_INGRESS_URL`). ' +
      'Log in as `project-regular`, password `P@88w0rd`.',
    '',
    `This file and its screenshots are generated by \`npm run docs\`, which replays the steps in chromium (e2e/walkthrough.spec.ts) on a fresh demo stack; ${stack}.`,
    '',
  ];
  STEPS.forEach((s, i) => {
    const step = i + 1;
    lines.push(`## ${step}. ${s.title}`, '', s.intro, '');
    if (step === 3 && values.blackStars) lines.push(`In the recorded run, ${values.blackStars} loads of the productpage showed black stars.`, '');
    if (step === 6 && values.blackStarsAfterTakeOver) lines.push(`In the recorded run, ${values.blackStarsAfterTakeOver} loads after the take-over showed black stars.`, '');
    for (const sh of shots.filter((x: Shot) => x.step === step)) {
      lines.push(`![${sh.caption.replace(/[`*[\]]/g, '')}](walkthrough/${sh.file}.png)`, '', sh.caption, '');
    }
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('building the console (next build)...');
    const b = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const consolePort = Number(args['console-port'] ?? (await freePort()));
  const prometheusPort = Number(args['prometheus-port'] ?? (await freePort()));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graylane-docs-'));
  console.log(`starting a fresh demo stack (console :${consolePort}, data ${dataDir})...`);
  const stack = await startStack(consolePort, prometheusPort, dataDir);
  const stop = () => (args['keep-stack'] ? Promise.resolve() : stopStack(stack.proc));
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    // The old screenshots go: the guide shows this run only.
    fs.rmSync(shotsDir, { recursive: true, force: true });
    fs.mkdirSync(shotsDir, { recursive: true });
    const baseUrl = `http://127.0.0.1:${consolePort}`;
    console.log('running the walkthrough (e2e/walkthrough.spec.ts)...');
    const run = spawnSync('npx', ['playwright', 'test', '--project=walkthrough', '--reporter=list'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...stack.env, GRAYLANE_E2E_BASE_URL: baseUrl, GRAYLANE_WALKTHROUGH_DIR: shotsDir },
    });
    const factsFile = path.join(shotsDir, 'facts.json');
    if (run.status !== 0) throw new Error(`the walkthrough failed (exit ${run.status}); docs/walkthrough.md left as it was, screenshots in docs/walkthrough/ are partial`);
    const facts = JSON.parse(fs.readFileSync(factsFile, 'utf8')) as Facts;
    fs.rmSync(factsFile);
    const chromium = /^\S+ [\d.]+/.exec(spawnSync(process.env.GRAYLANE_CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[0] ?? 'chromium';
    fs.writeFileSync(guide, renderGuide(facts, `last recorded ${new Date().toISOString().slice(0, 10)} with ${chromium} at 1280x800`));
    console.log(`wrote ${path.relative(root, guide)} with ${facts.shots?.length ?? 0} screenshots in ${path.relative(root, shotsDir)}/`);
    if (args['keep-stack']) console.log(`the demo stack keeps running: ${baseUrl} (stop it: kill -- -${stack.proc.pid})`);
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
