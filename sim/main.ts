/**
 * CLI of the embedded cluster: `npm run sim -- [--api-port N] [--ingress-port N]
 * [--telemetry-port N] [--kubeconfig FILE] [--data-dir DIR] [--traffic RPS] [--bare]
 * [--pod-ready-delay MS]`. Prints the URLs, then a line containing `ready`.
 */
import { parseArgs } from 'node:util';
import { startCluster } from './cluster';

function port(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag}: not a port: ${v}`);
  return n;
}

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag}: not a non-negative number: ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-port': { type: 'string' },
      'ingress-port': { type: 'string' },
      'telemetry-port': { type: 'string' },
      kubeconfig: { type: 'string' },
      'data-dir': { type: 'string' },
      traffic: { type: 'string' },
      bare: { type: 'boolean', default: false },
      'pod-ready-delay': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run sim -- [--api-port N] [--ingress-port N] [--telemetry-port N] [--kubeconfig FILE] [--data-dir DIR] [--traffic RPS] [--bare] [--pod-ready-delay MS]');
    return;
  }
  const cluster = await startCluster({
    apiPort: port(values['api-port'], '--api-port'),
    ingressPort: port(values['ingress-port'], '--ingress-port'),
    telemetryPort: port(values['telemetry-port'], '--telemetry-port'),
    kubeconfig: values.kubeconfig,
    dataDir: values['data-dir'],
    traffic: num(values.traffic, '--traffic'),
    bare: values.bare,
    podReadyDelayMs: num(values['pod-ready-delay'], '--pod-ready-delay'),
    host: values.host,
  });
  console.log(`api: ${cluster.apiUrl}`);
  if (cluster.ingressUrl) console.log(`ingress: ${cluster.ingressUrl}`);
  if (cluster.telemetryUrl) console.log(`telemetry: ${cluster.telemetryUrl}`);
  if (values.kubeconfig) console.log(`kubeconfig: ${values.kubeconfig}`);
  console.log('embedded cluster ready');

  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`received ${sig}, stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    cluster.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`sim: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
