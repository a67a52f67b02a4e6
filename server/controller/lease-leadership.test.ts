import { describe, expect, it } from 'vitest';
import { mayAcquire, microTime, nextRecord } from './lease-leadership';

describe('lease election rules (client-go semantics)', () => {
  const held = { holderIdentity: 'other', leaseDurationSeconds: 15 };

  it('takes a free or own Lease at once', () => {
    expect(mayAcquire({}, 'me', 1000, 1000)).toBe(true);
    expect(mayAcquire({ holderIdentity: '' }, 'me', 1000, 1000)).toBe(true);
    expect(mayAcquire({ ...held, holderIdentity: 'me' }, 'me', 1000, 1000)).toBe(true);
  });

  it("waits the holder's lease duration on the local clock since the record last changed", () => {
    expect(mayAcquire(held, 'me', 1000, 15_999)).toBe(false);
    expect(mayAcquire(held, 'me', 1000, 16_000)).toBe(true);
  });

  it('keeps acquireTime and transitions on renew, bumps transitions on a change of holder', () => {
    const first = nextRecord(undefined, 'a', 15, Date.UTC(2024, 0, 1));
    expect(first).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });
    const renewed = nextRecord(first, 'a', 15, Date.UTC(2024, 0, 1, 0, 0, 5));
    expect(renewed.acquireTime).toBe(first.acquireTime);
    expect(renewed.renewTime).not.toBe(first.renewTime);
    expect(renewed.leaseTransitions).toBe(0);
    expect(nextRecord(renewed, 'b', 15, Date.UTC(2024, 0, 1, 0, 1)).leaseTransitions).toBe(1);
  });

  it('writes MicroTime with microseconds', () => {
    expect(microTime(Date.UTC(2024, 0, 1, 0, 0, 0, 123))).toBe('2024-01-01T00:00:00.123000Z');
  });
});
