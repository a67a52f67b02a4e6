import { describe, expect, it } from 'vitest';
import { within } from './within';

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
