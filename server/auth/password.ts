import 'server-only';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 32 MiB of memory per hash. https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** A stored password: `scrypt$N$r$p$<base64 key>` plus its own random salt. */
export interface PasswordHash {
  passwordHash: string;
  salt: string;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Hashes a password with a fresh 16-byte salt. https://nodejs.org/api/crypto.html#cryptoscryptpassword-salt-keylen-options-callback */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return { passwordHash: `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${key.toString('base64')}`, salt: salt.toString('base64') };
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const parts = stored.passwordHash.split('$');
  if (parts.length !== 5 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  // Refuse absurd parameters from a tampered Secret rather than burn CPU or memory on them.
  if (![N, r, p].every(Number.isInteger) || N < 2 ** 14 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(parts[4], 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), { N, r, p });
  return timingSafeEqual(key, expected);
}

let dummy: Promise<PasswordHash> | undefined;

/** A hash to verify against when the account does not exist, so timing does not tell which names exist. */
export function dummyHash(): Promise<PasswordHash> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  return dummy;
}
