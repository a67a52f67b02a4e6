import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('blocks after max failures until the window ends, then forgets', () => {
    const rl = new RateLimiter({ max: 3, windowMs: 1000 });
    rl.fail('a', 0);
    rl.fail('a', 100);
    expect(rl.retryAfterMs('a', 200)).toBe(0);
    rl.fail('a', 300);
    expect(rl.retryAfterMs('a', 400)).toBe(600);
    expect(rl.retryAfterMs('b', 400)).toBe(0);
    expect(rl.retryAfterMs('a', 1000)).toBe(0);
    rl.fail('a', 1000);
    expect(rl.retryAfterMs('a', 1001)).toBe(0);
  });

  it('reset clears a key, and memory stays bounded', () => {
    const rl = new RateLimiter({ max: 1, windowMs: 1000, maxKeys: 10 });
    rl.fail('x', 0);
    expect(rl.retryAfterMs('x', 1)).toBe(999);
    rl.reset('x');
    expect(rl.retryAfterMs('x', 1)).toBe(0);
    for (let i = 0; i < 100; i++) rl.fail(`k${i}`, 5);
    expect((rl as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(10);
  });
});
