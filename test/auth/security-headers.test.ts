/**
 * Security headers: the policy next.config.js declares on every path.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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

// The headers on real `next start` responses are asserted by e2e/security-headers.spec.ts, which runs
// against the production build the suite makes (vitest runs before that build exists).
