/**
 * Cookie conditions compiled into one RE2 regex on the `cookie` request header.
 *
 * Istio has no cookie matcher, only header matchers, and the header is one string such as
 * `a=1; user=jason; b=2`. A condition therefore becomes "at the start or after `;`, the name, `=`,
 * a value that stops at `;` or the end". The value must not be able to run across `;` (a regex
 * `.*son` would otherwise match `user=x; other=jason`), so a user's value regex is confined:
 * `.` becomes `[^;]`, negated classes exclude `;`, and `\S`, `\W`, `\D` become classes without `;`.
 * Several conditions in one group (AND) on the same header need every order of appearance, so they
 * compile to an alternation of permutations; validation caps a group at MAX_COOKIES_PER_GROUP.
 */

import { escapeRegex } from './re2';
import type { CookieCondition } from './types';

export const MAX_COOKIES_PER_GROUP = 4;

const PREFIX = '(?:.*; *)?';
const SEPARATOR = ' *;(?:.*;)? *';
const SUFFIX = ' *(?:;.*)?';

/** Rewrites a value regex so no part of it can match `;` (the cookie separator). See https://github.com/google/re2/wiki/Syntax */
export function confineCookieValueRegex(pattern: string): string {
  let body = pattern;
  if (body.startsWith('^')) body = body.slice(1);
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      i++;
      if (!inClass && (next === 'S' || next === 'W' || next === 'D')) {
        out += `[^\\${next.toLowerCase()};]`;
      } else {
        out += c + next;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
      }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (body[i + 1] === '^') {
        // Negated class: add `;` to the excluded set (`[^]...` is refused by `re2Problem`).
        out += '^;';
        i++;
      }
      continue;
    }
    out += c === '.' ? '[^;]' : c;
  }
  return out;
}

function conditionRegex(condition: CookieCondition): string {
  const value =
    condition.value.exact !== undefined ? escapeRegex(condition.value.exact) : `(?:${confineCookieValueRegex(condition.value.regex ?? '')})`;
  return `${escapeRegex(condition.name)}=${value}`;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * The `cookie` header regex that holds when every condition holds (any cookie order).
 * Implements a `headers.cookie.regex` match: https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export function cookieHeaderRegex(conditions: readonly CookieCondition[]): string {
  if (conditions.length === 0) throw new Error('cookieHeaderRegex needs at least one condition');
  if (conditions.length > MAX_COOKIES_PER_GROUP) throw new Error(`at most ${MAX_COOKIES_PER_GROUP} cookie conditions per group`);
  const parts = conditions.map(conditionRegex);
  const orders = permutations(parts).map((order) => `${PREFIX}${order.join(SEPARATOR)}${SUFFIX}`);
  return orders.length === 1 ? `^${orders[0]}$` : `^(?:${orders.join('|')})$`;
}
