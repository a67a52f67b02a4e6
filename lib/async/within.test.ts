import { describe, expect, it } from 'vitest';
import { prefetched, within } from './within';

const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('within', () => {
  it('gives the result of work that settles in time', async () => {
    expect(await within(200, after(5, 'job'))).toBe('job');
  });
  it('gives undefined for work that is late, without waiting for it', async () => {
    const t = Date.now();
    expect(await within(20, after(500, 'job'))).toBeUndefined();
    expect(Date.now() - t).toBeLessThan(400);
  });
  it('passes on a failure that comes in time', async () => {
    await expect(within(200, Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});

describe('prefetched', () => {
  it('gives the result as plain JSON, as the API would have sent it', async () => {
    const at = new Date('2026-11-27T18:00:00Z');
    expect(await prefetched(200, after(5, { at, gone: undefined, n: 1 }))).toEqual({ at: '2026-11-27T18:00:00.000Z', n: 1 });
  });
  it('gives undefined for work that is late or fails', async () => {
    expect(await prefetched(20, after(500, 'job'))).toBeUndefined();
    expect(await prefetched(200, Promise.reject(new Error('refused')))).toBeUndefined();
  });
});
