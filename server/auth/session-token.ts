import 'server-only';
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { now } from './clock';
import { sessionSecret } from './config';

/** The session cookie's name. */
export const SESSION_COOKIE = 'graylane_session';
/** Absolute session lifetime: a working day; no sliding renewal, so a stolen cookie dies by evening. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** What a session cookie carries (encrypted and authenticated: the browser can neither read nor forge it). */
export interface SessionClaims {
  username: string;
  /** the account's sessionEpoch at login; a different one in the Secret means "revoked" */
  epoch: string;
  /** seconds since the epoch */
  expiresAt: number;
}

let cached: { secret: string; key: Uint8Array } | undefined;

/** A 256-bit key derived from the configured secret (HKDF), so any secret length gives a proper AES key. https://www.rfc-editor.org/rfc/rfc5869 */
function key(): Uint8Array {
  const secret = sessionSecret();
  if (cached?.secret !== secret) cached = { secret, key: new Uint8Array(hkdfSync('sha256', secret, 'graylane', 'graylane-session-cookie-v1', 32)) };
  return cached.key;
}

/** Seals a session as a JWE (dir + A256GCM). https://www.rfc-editor.org/rfc/rfc7516 */
export async function sealSession(username: string, epoch: string): Promise<{ token: string; claims: SessionClaims }> {
  const iat = Math.floor(now() / 1000);
  const claims: SessionClaims = { username, epoch, expiresAt: iat + SESSION_TTL_SECONDS };
  const token = await new EncryptJWT({ ep: epoch })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setSubject(username)
    .setIssuedAt(iat)
    .setExpirationTime(claims.expiresAt)
    .encrypt(key());
  return { token, claims };
}

/** Opens a session token; undefined when it is forged, corrupted, sealed with another key or expired. */
export async function openSession(token: string): Promise<SessionClaims | undefined> {
  try {
    const { payload } = await jwtDecrypt(token, key(), { currentDate: new Date(now()), keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    if (typeof payload.sub !== 'string' || typeof payload.ep !== 'string' || typeof payload.exp !== 'number') return undefined;
    return { username: payload.sub, epoch: payload.ep, expiresAt: payload.exp };
  } catch {
    return undefined;
  }
}

/** The session token from a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Whether the browser reached us over https (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

/** The Set-Cookie value for a session (or, with no token, one that deletes it). https://httpwg.org/specs/rfc6265.html#sane-set-cookie */
export function sessionCookie(request: Request, token?: string): string {
  const attrs = [`${SESSION_COOKIE}=${token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${token ? SESSION_TTL_SECONDS : 0}`];
  if (isHttps(request)) attrs.push('Secure');
  return attrs.join('; ');
}
