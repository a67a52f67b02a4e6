/** The route wrapper's auth contract without a cluster: cross-site refusals come first, 401 before the body is read, public routes stay open. */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '@/app/api/_lib/handler';
import { setAuthEnforced } from '@/server/auth/enforcement';
import { useTestSessionSecret } from '../support/session';

useTestSessionSecret();
afterEach(() => setAuthEnforced());

const body = z.object({ name: z.string().min(1) });
const guarded = route({ body, permission: { verb: 'create', resource: 'releases', namespace: 'p' } }, async () => ({ ok: true }));
const open = route({ body, permission: 'public' }, async ({ body }) => ({ hello: body.name }));
const post = (json: string, headers: Record<string, string> = {}) => new Request('http://console/api/x', { method: 'POST', body: json, headers: { 'content-type': 'application/json', ...headers } });

describe('route() authorization', () => {
  it('answers 401 without a session, before validating the body', async () => {
    setAuthEnforced(true);
    const res = await guarded(post('{"name":""}'));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('lets anyone call a public route, but never cross-site', async () => {
    setAuthEnforced(true);
    expect((await open(post('{"name":"x"}'))).status).toBe(200);
    const cross = await open(post('{"name":"x"}', { origin: 'https://evil.example' }));
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.message).toContain('cross-site');
  });

  it('with enforcement off, a caller without a session acts as the open demo principal', async () => {
    setAuthEnforced(false);
    expect((await guarded(post('{"name":"x"}'))).status).toBe(200);
  });
});
