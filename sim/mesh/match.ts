/**
 * HTTP match conditions of a VirtualService route, evaluated as Envoy does: all conditions of one
 * match entry must hold; regexes are RE2 and must match the whole value; the URI is matched
 * without its query string.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
import type { HTTPMatchRequest, StringMatch } from './istio-types';

/** The request as routing sees it; header names lower case. */
export interface RouteRequest {
  /** the Host/:authority header as sent */
  authority: string;
  method: string;
  /** path without the query string */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  port?: number;
}

/** Who sends the request: a sidecar (`gateway` undefined = `mesh`) or a gateway `ns/name`. */
export interface RouteCaller {
  namespace: string;
  labels: Record<string, string>;
  gateway?: string;
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles an RE2 pattern to a JS RegExp anchored on both ends (Envoy's `safe_regex` is a full
 * match); invalid patterns never match. @see https://github.com/google/re2/wiki/Syntax
 */
export function fullMatchRegex(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      // RE2's named groups `(?P<name>...)` are spelled `(?<name>...)` in JS.
      re = new RegExp(`^(?:${pattern.replace(/\(\?P</g, '(?<')})$`, 'u');
    } catch {
      re = null;
    }
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/**
 * Whether `value` satisfies a StringMatch. An empty StringMatch (`{}`) only requires presence.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export function matchString(m: StringMatch, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return ignoreCase ? value.toLowerCase() === m.exact.toLowerCase() : value === m.exact;
  if (m.prefix !== undefined) return ignoreCase ? value.toLowerCase().startsWith(m.prefix.toLowerCase()) : value.startsWith(m.prefix);
  if (m.regex !== undefined) return fullMatchRegex(m.regex)?.test(value) ?? false;
  return true;
}

/**
 * Whether one HTTPMatchRequest entry matches the request from this caller.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export function matchRequest(m: HTTPMatchRequest, req: RouteRequest, caller: RouteCaller): boolean {
  if (m.uri && !matchString(m.uri, req.path, m.ignoreUriCase === true)) return false;
  if (m.method && !matchString(m.method, req.method)) return false;
  if (m.authority && !matchString(m.authority, req.authority)) return false;
  if (m.scheme && !matchString(m.scheme, 'http')) return false;
  if (m.port !== undefined && req.port !== undefined && m.port !== req.port) return false;
  if (m.headers) {
    for (const [name, cond] of Object.entries(m.headers)) if (!matchString(cond, req.headers[name.toLowerCase()])) return false;
  }
  if (m.withoutHeaders) {
    for (const [name, cond] of Object.entries(m.withoutHeaders)) if (matchString(cond, req.headers[name.toLowerCase()])) return false;
  }
  if (m.queryParams) {
    for (const [name, cond] of Object.entries(m.queryParams)) if (!matchString(cond, req.query.get(name) ?? undefined)) return false;
  }
  if (m.sourceLabels) {
    for (const [k, v] of Object.entries(m.sourceLabels)) if (caller.labels[k] !== v) return false;
  }
  if (m.sourceNamespace && m.sourceNamespace !== caller.namespace) return false;
  if (m.gateways && m.gateways.length > 0 && !m.gateways.includes(caller.gateway ?? 'mesh')) {
    // match-level gateway names may be short (same namespace as the VirtualService); callers
    // pass them already qualified, so compare by name as a fallback
    const short = caller.gateway?.split('/')[1];
    if (!short || !m.gateways.includes(short)) return false;
  }
  return true;
}

/**
 * Whether an http route applies: no match list, or ANY entry matches.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function matchAny(matches: HTTPMatchRequest[] | undefined, req: RouteRequest, caller: RouteCaller): boolean {
  if (!matches || matches.length === 0) return true;
  for (const m of matches) if (matchRequest(m, req, caller)) return true;
  return false;
}
