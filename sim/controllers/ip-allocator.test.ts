import { describe, expect, it } from 'vitest';
import { IpAllocator } from './ip-allocator';

describe('IpAllocator', () => {
  it('hands out unique addresses from 10.244.0.0/16, skipping reserved ones', () => {
    const a = new IpAllocator();
    a.reserve('10.244.0.3');
    expect(a.allocate()).toBe('10.244.0.2');
    expect(a.allocate()).toBe('10.244.0.4');
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(a.allocate());
    expect(seen.size).toBe(300);
    expect([...seen].every((ip) => /^10\.244\.\d+\.\d+$/.test(ip))).toBe(true);
  });

  it('does not immediately reuse a released address', () => {
    const a = new IpAllocator();
    const first = a.allocate();
    a.release(first);
    expect(a.allocate()).not.toBe(first);
  });
});
