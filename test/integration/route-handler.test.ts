/** The route wrapper's contract without a cluster: validation -> 400 with fields, AppError -> its status, anything else -> a bare 500. */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { route } from '@/app/api/_lib/handler';
import { AppError } from '@/lib/api/errors';
import { projectParams } from '@/lib/api/schemas';

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
// The wrapper's parsing and error contract, not authorization (test/auth covers that): public routes.
const permission = 'public' as const;

const body = z.object({ name: z.string().min(1), spec: z.object({ weight: z.number().int().min(0).max(100) }) });
const handler = route({ params: projectParams, body, permission, status: 201 }, async ({ params, body }) => ({ ns: params.ns, ...body }));

function post(json: string): Request {
  return new Request('http://console/api/projects/p/things', { method: 'POST', body: json, headers: { 'content-type': 'application/json' } });
}

describe('route()', () => {
  it('passes parsed params and body to the server function and uses the success status', async () => {
    const res = await handler(post('{"name":"a","spec":{"weight":30}}'), ctx({ ns: 'p' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ns: 'p', name: 'a', spec: { weight: 30 } });
  });

  it('answers 400 naming every bad body field by its path', async () => {
    const res = await handler(post('{"name":"","spec":{"weight":130}}'), ctx({ ns: 'p' }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('bad_request');
    expect(error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'spec.weight']);
  });

  it('answers 400 for a body that is not JSON, and checks params before the body', async () => {
    const bad = await handler(post('{nope'), ctx({ ns: 'p' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual([{ field: 'body', message: 'not valid JSON' }]);
    const badNs = await handler(post('{nope'), ctx({ ns: '-x-' }));
    expect((await badNs.json()).error.fields[0].field).toBe('ns');
  });

  it('maps an AppError to its status and code', async () => {
    const h = route({ permission }, async () => {
      throw new AppError('invalid', 'weight out of range', { fields: [{ field: 'spec.weight', message: 'max 100' }] });
    });
    const res = await h(new Request('http://console/api/x'));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'invalid', message: 'weight out of range', fields: [{ field: 'spec.weight', message: 'max 100' }] } });
  });

  it('hides unexpected errors: no stack, no message, just a 500', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = route({ permission }, async () => {
      throw new Error('token=s3cr3t at /home/user/.kube/config');
    });
    const res = await h(new Request('http://console/api/x'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('.kube');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal server error; the console log has the details' } });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
