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
