/**
 * Prometheus HTTP API results (`vector`, `matrix`, `scalar`) parsed into plain numbers.
 * Sample values arrive as strings (`"1.5"`, `"NaN"`, `"+Inf"`); non-finite ones become null so
 * that nothing downstream shows NaN.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats
 */

export type Labels = Record<string, string>;

export interface InstantSample {
  metric: Labels;
  /** unix seconds */
  t: number;
  /** null for NaN and ±Inf */
  v: number | null;
}

export interface RangeSeries {
  metric: Labels;
  points: { t: number; v: number | null }[];
}

/** A sample value as a finite number, else null. @see https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats */
export function sampleValue(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

function asPair(p: unknown): [number, number | null] {
  if (!Array.isArray(p) || p.length < 2) throw new Error('malformed sample');
  return [Number(p[0]), sampleValue(p[1])];
}

function labelsOf(m: unknown): Labels {
  return m && typeof m === 'object' ? (m as Labels) : {};
}

/** An instant-query `data` object as samples (`vector`, or a `scalar` as one unlabelled sample). @see https://prometheus.io/docs/prometheus/latest/querying/api/#instant-vectors */
export function parseVector(data: unknown): InstantSample[] {
  const d = data as { resultType?: string; result?: unknown };
  if (d?.resultType === 'scalar') {
    const [t, v] = asPair(d.result);
    return [{ metric: {}, t, v }];
  }
  if (d?.resultType !== 'vector' || !Array.isArray(d.result)) throw new Error(`expected a vector result, got ${d?.resultType}`);
  return d.result.map((r: { metric?: unknown; value?: unknown }) => {
    const [t, v] = asPair(r.value);
    return { metric: labelsOf(r.metric), t, v };
  });
}

/** A range-query `data` object as series. @see https://prometheus.io/docs/prometheus/latest/querying/api/#range-vectors */
export function parseMatrix(data: unknown): RangeSeries[] {
  const d = data as { resultType?: string; result?: unknown };
  if (d?.resultType !== 'matrix' || !Array.isArray(d.result)) throw new Error(`expected a matrix result, got ${d?.resultType}`);
  return d.result.map((r: { metric?: unknown; values?: unknown }) => ({
    metric: labelsOf(r.metric),
    points: (Array.isArray(r.values) ? r.values : []).map((p) => {
      const [t, v] = asPair(p);
      return { t, v };
    }),
  }));
}
