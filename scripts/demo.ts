/**
 * Demo launcher: embedded cluster + real Prometheus + the console (next start), wired together.
 * Prints the URLs and logins, then a line containing `ready`. Ctrl-C stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../sim/cluster';
import { startPrometheus, prometheusBinary, type PrometheusHandle } from './lib/prometheus';

const { values: args } = parseArgs({
  options: {
    'console-port': { type: 'string', default: '3000' },
    'api-port': { type: 'string', default: '6443' },
    'ingress-port': { type: 'string', default: '8080' },
    'telemetry-port': { type: 'string', default: '9411' },
    'prometheus-port': { type: 'string', default: '9090' },
    kubeconfig: { type: 'string' },
    'data-dir': { type: 'string' },
    traffic: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(args['data-dir'] ?? path.join(root, '.data', 'demo'));
fs.mkdirSync(dataDir, { recursive: true });
const kubeconfig = path.resolve(args.kubeconfig ?? path.join(dataDir, 'kubeconfig'));
const DEMO_NAMESPACE = 'demo-project';

async function waitFor(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process for ${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const cluster = await startCluster({
    apiPort: Number(args['api-port']),
    ingressPort: Number(args['ingress-port']),
    telemetryPort: Number(args['telemetry-port']),
    kubeconfig,
    dataDir: path.join(dataDir, 'cluster'),
    traffic: Number(args.traffic),
  });
  if (!cluster.store.get('namespaces', undefined, DEMO_NAMESPACE)) {
    cluster.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DEMO_NAMESPACE, labels: { 'istio-injection': 'enabled' } } });
  }

  let prometheus: PrometheusHandle | undefined;
  if (cluster.telemetryUrl && prometheusBinary()) {
    prometheus = await startPrometheus({
      port: Number(args['prometheus-port']),
      targets: [new URL(cluster.telemetryUrl).host],
      dataDir: path.join(dataDir, 'prometheus'),
    });
  } else {
    console.log('prometheus not found: metrics panels will say so (install: sudo apt-get install --no-install-recommends prometheus)');
  }

  if (!args['no-build'] && !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('building the console (next build)...');
    const b = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('next build failed');
  }

  const consolePort = Number(args['console-port']);
  const env = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    GRAYLANE_DEMO: '1',
    GRAYLANE_JAEGER_URL: cluster.telemetryUrl ?? '',
    GRAYLANE_PROMETHEUS_URL: prometheus?.url ?? '',
    GRAYLANE_INGRESS_URL: cluster.ingressUrl ?? '',
  };
  const consoleProc = spawn('npx', ['next', 'start', '-p', String(consolePort), '-H', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  await waitFor(`${consoleUrl}/api/healthz`, 60_000, consoleProc);

  const stop = async () => {
    consoleProc.kill('SIGTERM');
    await prometheus?.stop();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log(`Console:      ${consoleUrl}`);
  console.log(`Kubernetes:   ${cluster.apiUrl}   (kubeconfig: ${kubeconfig})`);
  if (cluster.ingressUrl) console.log(`Bookinfo:     ${cluster.ingressUrl}/productpage (after deploying the sample app)`);
  if (cluster.telemetryUrl) console.log(`Telemetry:    ${cluster.telemetryUrl}/metrics  (Jaeger API: ${cluster.telemetryUrl}/api/services)`);
  if (prometheus) console.log(`Prometheus:   ${prometheus.url}`);
  console.log(`Project:      ${DEMO_NAMESPACE}`);
  const demoPassword = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
  console.log(`Logins:       admin (platform admin), project-regular (operator of ${DEMO_NAMESPACE}), project-viewer (viewer of ${DEMO_NAMESPACE}); password ${demoPassword} (demo only)`);
  console.log(`export KUBECONFIG=${kubeconfig}`);
  console.log(`export GRAYLANE_INGRESS_URL=${cluster.ingressUrl ?? ''}`);
  console.log(`export GRAYLANE_PROMETHEUS_URL=${prometheus?.url ?? ''}`);
  console.log(`export GRAYLANE_JAEGER_URL=${cluster.telemetryUrl ?? ''}`);
  console.log('Graylane demo is ready');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
