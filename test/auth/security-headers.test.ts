/**
 * Security headers: the policy next.config.js declares, and (when a production build with that
 * policy exists) the headers a real `next start` puts on a page, an API answer and a 404.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Header {
  key: string;
  value: string;
}
interface NextConfigModule {
  default: { headers(): Promise<{ source: string; headers: Header[] }[]> };
  securityHeaders: Header[];
}
// next.config.js is plain JS without types: loaded by path.
const loadConfig = () => import(/* @vite-ignore */ path.join(ROOT, 'next.config.js')) as Promise<NextConfigModule>;

function expectSecure(get: (name: string) => string | null | undefined): void {
  const csp = get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(get('x-content-type-options')).toBe('nosniff');
  expect(get('x-frame-options')).toBe('DENY');
  expect(get('referrer-policy')).toBe('same-origin');
}

describe('next.config.js headers()', () => {
  it('puts the security headers on every path', async () => {
    const { default: nextConfig, securityHeaders } = await loadConfig();
    const rules = await nextConfig.headers();
    expect(rules).toEqual([{ source: '/:path*', headers: securityHeaders }]);
    const map = new Map(securityHeaders.map((h) => [h.key.toLowerCase(), h.value]));
    expectSecure((n) => map.get(n));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Whether .next holds a production build made with the current headers (an older build would test old code). */
function buildHasHeaders(): boolean {
  const manifest = path.join(ROOT, '.next', 'routes-manifest.json');
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !existsSync(manifest)) return false;
  return readFileSync(manifest, 'utf8').includes('Content-Security-Policy');
}

let server: ChildProcess | undefined;
afterAll(() => {
  if (server?.pid) process.kill(server.pid, 'SIGTERM');
});

describe.runIf(buildHasHeaders())('a `next start` response', () => {
  it('carries the headers on a page, an API answer and a 404, and no session cookie to strangers', async () => {
    const port = await freePort();
    server = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', GRAYLANE_DEMO: '1', GRAYLANE_CONTROLLER: 'off', KUBECONFIG: path.join(ROOT, 'does-not-exist') },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/api/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('next start did not answer');
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const url of ['/login', '/api/healthz', '/api/session', '/no-such-page']) {
      const res = await fetch(`${base}${url}`, { redirect: 'manual' });
      expectSecure((n) => res.headers.get(n));
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  }, 60_000);
});
