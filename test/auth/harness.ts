/**
 * The auth tests' embedded cluster and helpers: one cluster per test file, the process-wide kube
 * clients pointed at it, the test session secret set, enforcement switched on, and every console
 * line captured so tests can prove no password or token is ever logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { startCluster } from '@/sim/cluster';
import { createKubeClients, setKubeClients, type KubeClients } from '@/server/kube/client';
import { setAuthEnforced } from '@/server/auth/enforcement';
import { clearAuthCache } from '@/server/auth/principal-cache';
import { resetLoginLimits } from '@/server/auth/login';
import { setAuthClock } from '@/server/auth/clock';
import { useTestSessionSecret } from '../support/session';

type Cluster = Awaited<ReturnType<typeof startCluster>>;

export interface AuthHarness {
  cluster: Cluster;
  clients: KubeClients;
  /** every line written to console.log/info/warn/error since start */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts the cluster and switches enforcement on for this test file. */
export async function startAuthHarness(): Promise<AuthHarness> {
  useTestSessionSecret();
  delete process.env.GRAYLANE_DEMO;
  delete process.env.GRAYLANE_DEMO_PASSWORD;
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-auth-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ apiPort: 0, ingressPort: 0, telemetryPort: 0, kubeconfig, podReadyDelayMs: 100 });
  const clients = createKubeClients({ kubeconfigPath: kubeconfig });
  setKubeClients(clients);
  setAuthEnforced(true);
  clearAuthCache();
  resetLoginLimits();
  const logs: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    }),
  );
  return {
    cluster,
    clients,
    logs,
    async stop() {
      for (const s of spies) s.mockRestore();
      setAuthEnforced();
      setAuthClock();
      setKubeClients(undefined);
      await cluster.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler like Next does: a Request with the cookie and headers, and the path params. */
export async function callRoute(
  handler: Handler,
  method: string,
  url: string,
  opts: { params?: Record<string, string>; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  if (opts.body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(`http://console${url}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return handler(request, { params: Promise.resolve(opts.params ?? {}) });
}

/** The `name=value` of a Set-Cookie header (what a browser would send back). */
export function cookieFrom(res: Response): string | undefined {
  return res.headers.get('set-cookie')?.split(';')[0];
}
