/** scrypt password hashing: salted, slow, constant-time verify, tamper-proof. */
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/server/auth/password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('P@88w0rd');
    expect(h.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h.passwordHash).not.toContain('P@88w0rd');
    expect(await verifyPassword('P@88w0rd', h)).toBe(true);
    expect(await verifyPassword('P@88w0rD', h)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.passwordHash).not.toBe(b.passwordHash);
  });

  it('refuses malformed or weakened stored hashes', async () => {
    const h = await hashPassword('x');
    expect(await verifyPassword('x', { ...h, passwordHash: h.passwordHash.replace('32768', '2') })).toBe(false);
    expect(await verifyPassword('x', { ...h, passwordHash: 'plain' })).toBe(false);
    expect(await verifyPassword('x', { ...h, passwordHash: h.passwordHash.replace(/\$[^$]+$/, '$AAAA') })).toBe(false);
  });
});
