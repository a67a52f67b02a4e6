import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClientError, apiFetch, describeApiError, fieldError, isApiClientError, retryWhileClusterDown, shouldRetry, toApiClientError, CLUSTER_DOWN_RETRIES } from './api-client';

function fakeFetch(status: number, body: string, statusText = ''): typeof fetch {
  return (async () => new Response(body === '' && (status === 204 || status === 304) ? null : body, { status, statusText })) as typeof fetch;
}

async function caught(p: Promise<unknown>): Promise<ApiClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiClientError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('toApiClientError', () => {
  it('reads the error envelope with fields', () => {
    const err = toApiClientError(422, { error: { code: 'invalid', message: 'bad version', fields: [{ field: 'candidate.version', message: 'too long' }] } });
    expect(err).toBeInstanceOf(ApiClientError);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(422);
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('bad version');
    expect(err.fields).toEqual([{ field: 'candidate.version', message: 'too long' }]);
    expect(fieldError(err, 'candidate.version')).toBe('too long');
    expect(fieldError(err, 'name')).toBeUndefined();
  });

  it('drops malformed fields and accepts a field map', () => {
    const err = toApiClientError(400, { error: { code: 'x', message: 'm', fields: [{ field: 'a', message: 'one' }, { field: 'b' }, 'junk'] } });
    expect(err.fields).toEqual([{ field: 'a', message: 'one' }]);
    expect(toApiClientError(400, { error: { code: 'x', message: 'm', fields: { ns: 'bad', n: 3 } } }).fields).toEqual([{ field: 'ns', message: 'bad' }]);
  });

  it('falls back for bodies that are not the envelope', () => {
    expect(toApiClientError(502, undefined, 'Bad Gateway')).toMatchObject({ status: 502, code: 'http_error', message: 'Request failed: 502 Bad Gateway' });
    expect(toApiClientError(500, { message: 'x' })).toMatchObject({ code: 'http_error', message: 'Request failed with status 500' });
    expect(toApiClientError(404, { error: {} }).fields).toBeUndefined();
  });
});

describe('apiFetch', () => {
  it('returns the parsed body on success', async () => {
    await expect(apiFetch('/api/x', { fetch: fakeFetch(200, '{"a":1}') })).resolves.toEqual({ a: 1 });
  });

  it('resolves undefined for 204', async () => {
    await expect(apiFetch('/api/x', { fetch: fakeFetch(204, '') })).resolves.toBeUndefined();
  });

  it('sends JSON bodies with method and content type', async () => {
    let seen: RequestInit | undefined;
    const f = (async (_url: string, init?: RequestInit) => {
      seen = init;
      return new Response('{}', { status: 201 });
    }) as typeof fetch;
    await apiFetch('/api/x', { method: 'POST', body: { v: 2 }, fetch: f });
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe('{"v":2}');
    expect((seen?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('turns error responses into ApiClientError with status', async () => {
    const err = await caught(apiFetch('/api/x', { fetch: fakeFetch(409, '{"error":{"code":"conflict","message":"changed"}}') }));
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'changed' });
  });

  it('handles non-JSON error bodies', async () => {
    const err = await caught(apiFetch('/api/x', { fetch: fakeFetch(502, '<html>bad gateway</html>', 'Bad Gateway') }));
    expect(err).toMatchObject({ status: 502, code: 'http_error' });
  });

  it('rejects a non-JSON success body', async () => {
    const err = await caught(apiFetch('/api/x', { fetch: fakeFetch(200, 'hello') }));
    expect(err.code).toBe('invalid_response');
  });

  it('validates with a schema', async () => {
    const schema = z.object({ status: z.literal('ok') });
    await expect(apiFetch('/api/x', { schema, fetch: fakeFetch(200, '{"status":"ok"}') })).resolves.toEqual({ status: 'ok' });
    const err = await caught(apiFetch('/api/x', { schema, fetch: fakeFetch(200, '{"status":"down"}') }));
    expect(err.code).toBe('invalid_response');
  });

  it('maps transport failures to network_error with status 0', async () => {
    const f = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const err = await caught(apiFetch('/api/x', { fetch: f }));
    expect(err).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('times out instead of hanging', async () => {
    const f = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const err = await caught(apiFetch('/api/x', { fetch: f, timeoutMs: 20 }));
    expect(err).toMatchObject({ status: 0, code: 'timeout' });
  });

  it('rethrows a caller abort untouched', async () => {
    const f = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const outer = new AbortController();
    const p = apiFetch('/api/x', { fetch: f, signal: outer.signal });
    outer.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('shouldRetry', () => {
  it('retries 5xx and transport errors, not 4xx', () => {
    expect(shouldRetry(0, new ApiClientError({ status: 503, code: 'x', message: '' }))).toBe(true);
    expect(shouldRetry(0, new ApiClientError({ status: 0, code: 'network_error', message: '' }))).toBe(true);
    expect(shouldRetry(0, new ApiClientError({ status: 404, code: 'x', message: '' }))).toBe(false);
    expect(shouldRetry(2, new ApiClientError({ status: 503, code: 'x', message: '' }))).toBe(false);
    expect(shouldRetry(0, new Error('boom'))).toBe(true);
  });

  it('keeps retrying while the cluster is down (the banner pauses the retries), up to a bound', () => {
    const down = new ApiClientError({ status: 503, code: 'cluster_unreachable', message: 'connection refused' });
    expect(shouldRetry(2, down)).toBe(true);
    expect(shouldRetry(CLUSTER_DOWN_RETRIES - 1, down)).toBe(true);
    expect(shouldRetry(CLUSTER_DOWN_RETRIES, down)).toBe(false);
  });
});

describe('retryWhileClusterDown', () => {
  it('retries only an unreachable cluster', () => {
    expect(retryWhileClusterDown(0, new ApiClientError({ status: 503, code: 'cluster_unreachable', message: '' }))).toBe(true);
    expect(retryWhileClusterDown(0, new ApiClientError({ status: 503, code: 'metrics_unavailable', message: '' }))).toBe(false);
    expect(retryWhileClusterDown(0, new ApiClientError({ status: 500, code: 'internal', message: '' }))).toBe(false);
    expect(retryWhileClusterDown(0, new ApiClientError({ status: 422, code: 'invalid', message: '' }))).toBe(false);
  });
});

describe('describeApiError', () => {
  it('explains by status', () => {
    expect(describeApiError(new ApiClientError({ status: 403, code: 'forbidden', message: 'needs releases:create' })).title).toBe('Permission denied');
    expect(describeApiError(new ApiClientError({ status: 404, code: 'not_found', message: '' })).title).toBe('Not found');
    expect(describeApiError(new ApiClientError({ status: 409, code: 'conflict', message: '' })).detail).toMatch(/Reload/);
    expect(describeApiError(new ApiClientError({ status: 0, code: 'timeout', message: 'slow' })).title).toBe('Taking too long');
    expect(describeApiError(new Error('plain')).detail).toBe('plain');
    expect(isApiClientError(new Error('x'))).toBe(false);
  });
});
