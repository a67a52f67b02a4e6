/**
 * Parses Go/protobuf duration strings ("7s", "0.5s", "100ms", "1m30s", "250us") into
 * milliseconds; Istio's VirtualService fields and Jaeger's `minDuration` both use this syntax.
 * @see https://pkg.go.dev/time#ParseDuration
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds of a Go duration, or undefined when it does not parse. @see https://pkg.go.dev/time#ParseDuration */
export function parseGoDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let s = text.trim();
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (!s) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = PART.lastIndex;
  }
  return sign * total;
}
