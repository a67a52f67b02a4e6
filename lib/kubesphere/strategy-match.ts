/**
 * One Istio HTTPMatchRequest from a KubeSphere Strategy template -> one Graylane condition group.
 * Header and URI conditions carry over unchanged; the well-known cookie idiom
 * `^(.*?;)?(name=value)(;.*)?$` becomes a cookie condition; anything Graylane cannot express drops
 * the whole group (never just the condition: a group with fewer conditions would send MORE
 * requests to the candidate than the user asked for).
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */

import { FORBIDDEN_HEADERS, PATTERNS, re2Problem, type CookieCondition, type MatchGroup, type StringMatch } from '@/lib/release';
import type { KsHttpMatch } from './strategy-types';

export interface MatchConversion {
  /** undefined when the request match could not be imported (see warnings) */
  group?: MatchGroup;
  warnings: string[];
}

/** The cookie regex idiom of Istio's docs and KubeSphere's console, with a literal or simple value. */
const COOKIE_IDIOM = /^\^\(\.\*\?;\)\?\(([A-Za-z0-9!#$%&'*+.^_`|~-]+)=(.+)\)\(;\.\*\)\?\$$/;
const REGEX_META = /[\\^$.|?*+()[\]{}]/;

/** Fields of HTTPMatchRequest a condition group has no place for. */
const UNSUPPORTED_FIELDS = ['method', 'authority', 'scheme', 'queryParams', 'withoutHeaders', 'sourceLabels', 'sourceNamespace', 'port', 'gateways', 'statPrefix'];

function stringMatchKind(m: StringMatch | undefined): 'exact' | 'prefix' | 'regex' | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const set = (['exact', 'prefix', 'regex'] as const).filter((k) => typeof m[k] === 'string');
  return set.length === 1 ? set[0] : undefined;
}

/** `^(.*?;)?(user=jason)(;.*)?$` -> {name: user, value: {exact: jason}}; undefined for other regexes. */
export function cookieFromHeaderRegex(regex: string): CookieCondition | undefined {
  const m = COOKIE_IDIOM.exec(regex);
  if (!m) return undefined;
  const [, name, value] = m;
  if (!REGEX_META.test(value)) return new RegExp(PATTERNS.cookieValue).test(value) ? { name, value: { exact: value } } : undefined;
  if (value.includes(';') || re2Problem(value)) return undefined;
  return { name, value: { regex: value } };
}

/** Converts one request match; `where` names it in warnings (e.g. `http[0].match[1]`). */
export function convertMatch(match: KsHttpMatch, where: string): MatchConversion {
  const warnings: string[] = [];
  const drop = (why: string): MatchConversion => ({ warnings: [...warnings, `${where}: ${why}; this condition group was not imported`] });

  const unsupported = UNSUPPORTED_FIELDS.filter((f) => match[f] !== undefined);
  if (match.ignoreUriCase) unsupported.push('ignoreUriCase');
  if (unsupported.length > 0) return drop(`Graylane cannot match on ${unsupported.join(', ')}`);

  const group: MatchGroup = {};
  for (const [rawName, value] of Object.entries(match.headers ?? {})) {
    // Envoy lower-cases header names before matching, so this changes nothing.
    const name = rawName.toLowerCase();
    const kind = stringMatchKind(value);
    if (!kind) return drop(`header ${rawName} has no single exact/prefix/regex value (presence-only matches are not supported)`);
    if (name.startsWith(':') || (FORBIDDEN_HEADERS as readonly string[]).includes(name)) return drop(`header ${rawName} cannot be matched by Graylane`);
    if (kind === 'regex' && re2Problem(value.regex!)) return drop(`header ${rawName} regex is not RE2: ${re2Problem(value.regex!)}`);
    if (name === 'cookie' && kind === 'regex') {
      const cookie = cookieFromHeaderRegex(value.regex!);
      if (cookie) {
        group.cookies = [cookie];
        continue;
      }
      warnings.push(`${where}: cookie regex ${JSON.stringify(value.regex)} kept as a raw Cookie header match (not shown as a cookie condition)`);
    }
    group.headers = { ...group.headers, [name]: { [kind]: value[kind] } };
  }

  if (match.uri !== undefined) {
    const kind = stringMatchKind(match.uri);
    if (!kind) return drop('uri has no single exact/prefix/regex value');
    const text = match.uri[kind]!;
    // Istio compares against the path, which always starts with "/": such a condition never held.
    if (kind !== 'regex' && !text.startsWith('/')) return drop(`uri ${kind} ${JSON.stringify(text)} does not start with "/" and never matched`);
    if (kind === 'regex' && re2Problem(text)) return drop(`uri regex is not RE2: ${re2Problem(text)}`);
    group.uri = { [kind]: text };
  }

  if (!group.headers && !group.cookies && !group.uri) return drop('it has no header, cookie or uri condition (it would match every request)');
  return { group, warnings };
}
