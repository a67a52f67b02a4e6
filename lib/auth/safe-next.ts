/**
 * Where to go after logging in: only a path on this console, never another site (an open
 * redirect would let a phishing link bounce through our login). Pure.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/projects'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return fallback;
  // Control characters (a smuggled newline or tab) make browsers parse URLs in surprising ways.
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return fallback;
  return next;
}
