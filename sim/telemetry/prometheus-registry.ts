/**
 * A tiny Prometheus client: counter and histogram families keyed by their label values, rendered
 * in text exposition format 0.0.4. Series keep their escaped label block from creation, so a
 * scrape costs O(series) string joins and nothing else.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** Envoy's default histogram buckets, which Istio's standard histograms use. */
export const ENVOY_DEFAULT_BUCKETS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
];

/** The content type Prometheus expects for text format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface CounterSeries {
  labels: string;
  value: number;
}

interface HistogramSeries {
  labels: string;
  /** non-cumulative counts per bucket; the last slot is the +Inf overflow */
  counts: Float64Array;
  sum: number;
  count: number;
}

export interface CounterFamily {
  type: 'counter';
  name: string;
  help: string;
  labelNames: readonly string[];
  series: Map<string, CounterSeries>;
}

export interface HistogramFamily {
  type: 'histogram';
  name: string;
  help: string;
  labelNames: readonly string[];
  buckets: readonly number[];
  /** `le` values rendered once */
  leLabels: readonly string[];
  series: Map<string, HistogramSeries>;
}

export type MetricFamily = CounterFamily | HistogramFamily;

/**
 * Escapes a label value: backslash, double quote and line feed.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information
 */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/**
 * Escapes HELP text: backslash and line feed only (quotes stay).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information
 */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Renders a sample value as Go's strconv would accept it (`+Inf`, `-Inf`, `NaN`). @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelBlock(names: readonly string[], values: readonly string[]): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${names[i]}="${escapeLabelValue(values[i] ?? '')}"`;
  }
  return out;
}

// NUL cannot appear in a sensible label value, so it separates key parts unambiguously enough.
const KEY_SEPARATOR = '\u0000';

/** A counter family. @see https://prometheus.io/docs/concepts/metric_types/#counter */
export function createCounter(name: string, help: string, labelNames: readonly string[]): CounterFamily {
  return { type: 'counter', name, help, labelNames, series: new Map() };
}

/** A histogram family. @see https://prometheus.io/docs/concepts/metric_types/#histogram */
export function createHistogram(
  name: string,
  help: string,
  labelNames: readonly string[],
  buckets: readonly number[] = ENVOY_DEFAULT_BUCKETS,
): HistogramFamily {
  return { type: 'histogram', name, help, labelNames, buckets, leLabels: buckets.map(formatSampleValue), series: new Map() };
}

/** The series key of label values; compute once when recording into several families. @see https://prometheus.io/docs/concepts/data_model/ */
export function seriesKey(labelValues: readonly string[]): string {
  return labelValues.join(KEY_SEPARATOR);
}

/** Adds `by` to the series with these label values (in `labelNames` order). @see https://prometheus.io/docs/concepts/metric_types/#counter */
export function incCounter(family: CounterFamily, labelValues: readonly string[], by = 1, key = seriesKey(labelValues)): void {
  let s = family.series.get(key);
  if (!s) {
    s = { labels: labelBlock(family.labelNames, labelValues), value: 0 };
    family.series.set(key, s);
  }
  s.value += by;
}

/** Records one observation into the series with these label values. @see https://prometheus.io/docs/concepts/metric_types/#histogram */
export function observeHistogram(family: HistogramFamily, labelValues: readonly string[], value: number, key = seriesKey(labelValues)): void {
  let s = family.series.get(key);
  if (!s) {
    s = { labels: labelBlock(family.labelNames, labelValues), counts: new Float64Array(family.buckets.length + 1), sum: 0, count: 0 };
    family.series.set(key, s);
  }
  const b = family.buckets;
  let i = 0;
  while (i < b.length && value > b[i]!) i++;
  s.counts[i]! += 1;
  s.sum += value;
  s.count += 1;
}

function renderCounter(f: CounterFamily, out: string[]): void {
  for (const s of f.series.values()) out.push(`${f.name}{${s.labels}} ${formatSampleValue(s.value)}\n`);
}

function renderHistogram(f: HistogramFamily, out: string[]): void {
  for (const s of f.series.values()) {
    const sep = s.labels ? ',' : '';
    let cumulative = 0;
    for (let i = 0; i < f.buckets.length; i++) {
      cumulative += s.counts[i]!;
      out.push(`${f.name}_bucket{${s.labels}${sep}le="${f.leLabels[i]}"} ${cumulative}\n`);
    }
    out.push(`${f.name}_bucket{${s.labels}${sep}le="+Inf"} ${s.count}\n`);
    out.push(`${f.name}_sum{${s.labels}} ${formatSampleValue(s.sum)}\n`);
    out.push(`${f.name}_count{${s.labels}} ${s.count}\n`);
  }
}

/**
 * Renders families in text format 0.0.4 with HELP and TYPE lines; families without series are
 * still announced so a scrape shows what exists.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details
 */
export function renderFamilies(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`);
    if (f.type === 'counter') renderCounter(f, out);
    else renderHistogram(f, out);
  }
  return out.join('');
}
