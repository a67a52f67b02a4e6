/**
 * Field rules shared by the zod schema and the CRD's OpenAPI schema (the CRD test checks that the
 * YAML uses these exact patterns and bounds, so the API server and the console agree).
 */

export const LIMITS = {
  nameMax: 63,
  candidateVersionMax: 16,
  labelValueMax: 63,
  replicasMin: 1,
  replicasMax: 100,
  weightMin: 0,
  weightMax: 100,
  mirrorMin: 1,
  mirrorMax: 100,
  imagesMax: 20,
  imageMax: 512,
  matchGroupsMax: 16,
  headersPerGroupMax: 16,
  headerNameMax: 128,
  matchValueMax: 1024,
  cookieNameMax: 128,
} as const;

/** Anchored patterns as strings, usable both in JavaScript and as OpenAPI (Go RE2) patterns. */
export const PATTERNS = {
  dns1123Label: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  dns1035Label: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
  labelValue: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$',
  candidateVersion: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  /**
   * An OCI image reference after docker/distribution's grammar: optional registry host[:port],
   * lower-case path components, optional tag, optional digest. No spaces or control characters.
   */
  image:
    '^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?' +
    '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*' +
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
  /** HTTP header field name (RFC 9110 token), lower-case because Envoy lower-cases header names. */
  headerName: "^[a-z0-9!#$%&'*+.^_`|~-]+$",
  /** Cookie name (RFC 6265 token; case-sensitive). */
  cookieName: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
  /** Cookie value octets (RFC 6265 cookie-octet: no spaces, quotes, commas, semicolons or backslashes). */
  cookieValue: '^[!#-+\\--:<-\\[\\]-~]+$',
  /** No ASCII control characters (header values cannot carry CR/LF). */
  printable: '^[^\\x00-\\x1f\\x7f]*$',
  uriPath: '^/[^\\x00-\\x20\\x7f]*$',
} as const;

/**
 * Headers a rule may not match on: hop-by-hop headers are consumed by the proxy before routing,
 * `host` is `:authority` in Envoy (use a `uri` or a host-specific VirtualService instead).
 */
export const FORBIDDEN_HEADERS = ['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'] as const;
