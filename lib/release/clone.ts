/** Deep copy of JSON-shaped data. See https://developer.mozilla.org/en-US/docs/Web/API/Window/structuredClone */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Canonical JSON (object keys sorted) so equal objects serialise identically. See https://www.rfc-editor.org/rfc/rfc8785 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** 32-bit FNV-1a of a string as 8 hex digits: a cheap, stable fingerprint, not a security hash. See http://www.isthe.com/chongo/tech/comp/fnv/ */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A JSON merge patch that turns `before` into exactly `after`: keys `after` lacks become null
 * (deleted), nested objects are diffed the same way, anything else is replaced.
 * https://www.rfc-editor.org/rfc/rfc7386
 */
export function replacingMergePatch(before: unknown, after: unknown): unknown {
  if (!isPlainObject(before) || !isPlainObject(after)) return after;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!(key in after)) out[key] = null;
  for (const [key, value] of Object.entries(after)) out[key] = replacingMergePatch(before[key], value);
  return out;
}
