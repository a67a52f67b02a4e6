import { expect, test } from '@playwright/test';

// Issue 7: the headers the production console (`next start`, the demo stack) puts on a page, an API
// answer, the session endpoint and a 404, and that strangers get no session cookie.
test.use({ storageState: { cookies: [], origins: [] } });

test('every response carries CSP, nosniff and frame-ancestors none; strangers get no cookie', async ({ request }) => {
  for (const url of ['/login', '/api/healthz', '/api/session', '/no-such-page']) {
    const res = await request.get(url, { maxRedirects: 0 });
    const h = res.headers();
    const csp = h['content-security-policy'] ?? '';
    expect(csp, url).toContain("default-src 'self'");
    expect(csp, url).toContain("frame-ancestors 'none'");
    expect(csp, url).toContain("object-src 'none'");
    expect(csp, url).not.toContain('unsafe-eval');
    expect(h['x-content-type-options'], url).toBe('nosniff');
    expect(h['x-frame-options'], url).toBe('DENY');
    expect(h['referrer-policy'], url).toBe('same-origin');
    expect(h['set-cookie'], url).toBeUndefined();
  }
});

// Issue 8 (found by the fuzzing scenario): a malformed %-escape in a dynamic segment made Next's
// router answer a bare 500 before any handler ran; proxy.ts now refuses it as the API's 400.
test('a URL with a malformed %-escape is a 400 in the API error shape, not a 500', async ({ request }) => {
  for (const url of ['/api/projects/%FF/services', '/api/projects/demo-project/releases/%E0%A4%A', '/projects/%C0%AF/grayscale', '/%']) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: { field: string }[] } };
    expect(body.error.code, url).toBe('bad_request');
    expect(body.error.fields[0].field, url).toBe('path');
  }
  expect((await request.get('/api/healthz')).status()).toBe(200);
});
