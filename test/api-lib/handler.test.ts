import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/api/errors';
import { actionBody } from '@/lib/api/schemas';
import { optionalBody } from '@/app/api/_lib/handler';

const req = (body?: string) => new Request('http://console.test/api/x', { method: 'POST', body });

describe('optionalBody (restore/offline {generation?})', () => {
  it('treats no body as no precondition', async () => {
    expect(await optionalBody(req(), actionBody)).toEqual({});
    expect(await optionalBody(req('  '), actionBody)).toEqual({});
    expect(await optionalBody(req('{}'), actionBody)).toEqual({});
  });

  it('passes the generation the caller saw', async () => {
    expect(await optionalBody(req('{"generation":7}'), actionBody)).toEqual({ generation: 7 });
  });

  it('refuses a bad one with a 400 naming the field', async () => {
    for (const [body, field] of [['{"generation":"7"}', 'generation'], ['{"generation":0}', 'generation'], ['[1,2', 'body'], ['[]', '']] as const) {
      const err = await optionalBody(req(body), actionBody).then(() => undefined, (e: unknown) => e);
      expect(isAppError(err) && err.status).toBe(400);
      if (isAppError(err) && field) expect(err.fields?.[0]?.field).toBe(field);
    }
  });
});
