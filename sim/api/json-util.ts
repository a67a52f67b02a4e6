/**
 * Small JSON helpers shared by the store and the HTTP layer: structural equality, depth/key
 * sanitising of untrusted input, and the JSON type guard.
 */
import { badRequest } from './errors';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural equality of two JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as JsonObject);
  const kb = Object.keys(b as JsonObject);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as JsonObject)[k], (b as JsonObject)[k])) return false;
  }
  return true;
}

/** Nesting limit for request bodies; real objects stay far below it and it keeps recursion safe. */
export const MAX_DEPTH = 100;

/**
 * Walks a freshly parsed body iteratively: rejects excessive nesting (so later recursive code
 * cannot overflow the stack) and drops `__proto__` keys so no merge code can pollute prototypes.
 */
export function sanitizeJson(value: unknown): unknown {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) throw badRequest(`the request body is nested too deeply (more than ${MAX_DEPTH} levels)`);
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) delete (v as JsonObject)['__proto__'];
    for (const k of Object.keys(v)) {
      const item = (v as JsonObject)[k];
      if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
    }
  }
  return value;
}
