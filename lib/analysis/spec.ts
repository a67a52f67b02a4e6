/**
 * The proposed `spec.steps` and `spec.analysis` of a Canary `GrayscaleRelease` (issue 11), as zod
 * schemas whose errors name the field, plus the wizard's presets. Part of lib/release/schema.ts's
 * specSchema and mirrored in the CRD (lib/release/crd.test.ts keeps them in step).
 */
import { z } from 'zod';

/** Envoy's default buckets of istio_request_duration_milliseconds (DESIGN.md "Telemetry"). @see https://istio.io/latest/docs/reference/config/metrics/ */
export const ISTIO_DURATION_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds of a duration such as `90s`, `5m`, `1h30m` (Go/Kubernetes style, whole units); null if malformed or zero. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === '') return null;
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms > 0 ? ms : null;
}

/** A positive duration string (`30s`, `5m`, `1h30m`). */
export const durationSchema = z.string().refine((s) => parseDuration(s) !== null, { message: 'must be a duration such as 30s, 5m or 1h30m' });

/** One step: route `weight` percent to the candidate, then wait `pause` (or for a Promote click). Weight 100 is the take over. */
export const stepSchema = z.strictObject({
  weight: z.number().int().min(1).max(100),
  pause: z.union([z.literal('manual'), durationSchema]).optional(),
});

/** The schedule: strictly increasing weights, the last one 100 (take over); every step before it pauses. */
export const stepsSchema = z
  .array(stepSchema)
  .min(1)
  .max(20)
  .superRefine((steps, ctx) => {
    steps.forEach((s, i) => {
      if (i > 0 && s.weight <= steps[i - 1].weight) ctx.addIssue({ code: 'custom', path: [i, 'weight'], message: `must be greater than the previous step's weight (${steps[i - 1].weight})` });
      if (i < steps.length - 1 && s.weight === 100) ctx.addIssue({ code: 'custom', path: [i, 'weight'], message: 'weight 100 is the take over and must be the last step' });
      if (i < steps.length - 1 && s.pause === undefined) ctx.addIssue({ code: 'custom', path: [i, 'pause'], message: 'is required on every step before the take over' });
    });
    const last = steps[steps.length - 1];
    if (last && last.weight !== 100) ctx.addIssue({ code: 'custom', path: [steps.length - 1, 'weight'], message: 'the last step must be weight 100 (take over)' });
  });

const marginPp = z.number().gt(0).max(100);

/** Error rate: no response (0) and 5xx, optionally 4xx, of all requests. */
export const errorRateMetricSchema = z.strictObject({
  type: z.literal('error-rate'),
  /** largest tolerated increase over the baseline, in percentage points */
  marginPp,
  include4xx: z.boolean().default(false),
});

/** Slow fraction: share of requests slower than `thresholdMs`, which must be a histogram bucket edge. */
export const slowFractionMetricSchema = z.strictObject({
  type: z.literal('slow-fraction'),
  thresholdMs: z.number().refine((v) => (ISTIO_DURATION_BUCKETS_MS as readonly number[]).includes(v), {
    message: `must be a bucket edge of istio_request_duration_milliseconds: ${ISTIO_DURATION_BUCKETS_MS.join(', ')}`,
  }),
  marginPp,
});

const placeholders = (q: string) => [...q.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g)].map((m) => m[1]);
const customQuery = z
  .string()
  .min(1)
  .max(2000)
  .refine((q) => q.includes('destination_canonical_revision'), { message: 'must aggregate by destination_canonical_revision (e.g. sum by (destination_canonical_revision) (...))' })
  .refine((q) => placeholders(q).includes('window'), { message: 'must count over the analysis window: use [{{window}}]' })
  .refine((q) => placeholders(q).every((p) => ['namespace', 'service', 'window'].includes(p)), { message: 'only {{namespace}}, {{service}} and {{window}} may be used' });

/**
 * A custom metric: a count of events and a count of the requests they belong to, per version.
 * With `lower-is-better` the events are bad ones (e.g. 429s); with `higher-is-better` good ones
 * (e.g. completed checkouts), and their shortfall is compared.
 */
export const customMetricSchema = z.strictObject({
  type: z.literal('custom'),
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label').max(40),
  eventsQuery: customQuery,
  totalQuery: customQuery,
  direction: z.enum(['lower-is-better', 'higher-is-better']),
  marginPp,
});

export const metricSchema = z.discriminatedUnion('type', [errorRateMetricSchema, slowFractionMetricSchema, customMetricSchema]);
export type MetricSpec = z.output<typeof metricSchema>;

/** Stable id of a metric (key of its counts and explanation). */
export function metricId(m: MetricSpec): string {
  if (m.type === 'error-rate') return 'error-rate';
  if (m.type === 'slow-fraction') return `slow-fraction-${m.thresholdMs}ms`;
  return `custom-${m.name}`;
}

/** Human name of a metric. */
export function metricLabel(m: MetricSpec): string {
  if (m.type === 'error-rate') return m.include4xx ? 'error rate (0, 4xx, 5xx)' : 'error rate (0, 5xx)';
  if (m.type === 'slow-fraction') return `slow fraction (> ${m.thresholdMs} ms)`;
  return m.direction === 'lower-is-better' ? m.name : `${m.name} (shortfall)`;
}

/** `spec.analysis`: the metrics gating every step and the test's parameters. */
export const analysisSchema = z
  .strictObject({
    /** how often the controller looks */
    interval: durationSchema.default('1m'),
    /** false-rollback budget of the whole job (split over metrics and analysed steps) */
    alpha: z.number().gt(0).max(0.2).default(0.05),
    /** level of the sample-ratio-mismatch test */
    srmAlpha: z.number().gt(0).max(0.05).default(0.001),
    /** requests each version must have received in a step before it may pass */
    minSample: z.number().int().min(50).max(10_000_000).default(500),
    /** a step still undecided after this long is handed to a person */
    maxDuration: durationSchema.default('30m'),
    reporter: z.enum(['destination', 'source']).default('destination'),
    metrics: z.array(metricSchema).min(1).max(10),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.metrics.forEach((m, i) => {
      const id = metricId(m);
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['metrics', i], message: `duplicates metric ${id}` });
      seen.add(id);
    });
    const interval = parseDuration(a.interval);
    const max = parseDuration(a.maxDuration);
    if (interval !== null && interval < 10_000) ctx.addIssue({ code: 'custom', path: ['interval'], message: 'must be at least 10s (two Prometheus scrapes)' });
    if (interval !== null && max !== null && max < interval) ctx.addIssue({ code: 'custom', path: ['maxDuration'], message: 'must be at least one interval' });
  });
export type AnalysisSpec = z.output<typeof analysisSchema>;
export type AnalysisSpecInput = z.input<typeof analysisSchema>;

/** `spec.steps` with `spec.analysis` (optional: without it steps advance on their pauses alone). */
export const progressiveSchema = z
  .strictObject({
    steps: stepsSchema,
    analysis: analysisSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const max = p.analysis ? parseDuration(p.analysis.maxDuration) : null;
    if (max === null) return;
    p.steps.forEach((s, i) => {
      const pause = s.pause && s.pause !== 'manual' ? parseDuration(s.pause) : null;
      if (pause !== null && pause > max) ctx.addIssue({ code: 'custom', path: ['steps', i, 'pause'], message: `must not exceed analysis.maxDuration (${p.analysis!.maxDuration})` });
    });
  });
export type ProgressiveSpec = z.output<typeof progressiveSchema>;
export type ProgressiveSpecInput = z.input<typeof progressiveSchema>;
export type Step = z.output<typeof stepSchema>;

/** Steps that are analysed (all but the take over); the false-rollback budget is split over them. */
export function analyzedStepCount(steps: readonly Step[]): number {
  return Math.max(1, steps.filter((s) => s.weight < 100).length);
}

/** The gates every preset shares: error rate within +0.5 pp, requests over 250 ms within +1 pp. */
function presetAnalysis(maxDuration: string) {
  return {
    interval: '1m',
    alpha: 0.05,
    srmAlpha: 0.001,
    minSample: 500,
    maxDuration,
    reporter: 'destination' as const,
    metrics: [
      { type: 'error-rate' as const, marginPp: 0.5, include4xx: false },
      { type: 'slow-fraction' as const, thresholdMs: 250, marginPp: 1 },
    ],
  };
}

/** The wizard's presets. `standard` is the issue's: 10% -> 50% -> 100%, 5 minutes each, errors within +0.5 pp, slow (> 250 ms) within +1 pp. */
export const PROGRESSIVE_PRESETS = {
  standard: {
    label: '10% → 50% → 100%, 5 minutes each',
    spec: {
      steps: [{ weight: 10, pause: '5m' }, { weight: 50, pause: '5m' }, { weight: 100 }],
      analysis: presetAnalysis('30m'),
    },
  },
  careful: {
    label: '1% → 10% → 50% → 100%, 10 minutes each',
    spec: {
      steps: [{ weight: 1, pause: '10m' }, { weight: 10, pause: '10m' }, { weight: 50, pause: '10m' }, { weight: 100 }],
      analysis: presetAnalysis('1h'),
    },
  },
  manual: {
    label: '10% → 50% → 100%, each promoted by hand (analysis can still roll back)',
    spec: {
      steps: [{ weight: 10, pause: 'manual' }, { weight: 50, pause: 'manual' }, { weight: 100 }],
      analysis: presetAnalysis('1h'),
    },
  },
} satisfies Record<string, { label: string; spec: ProgressiveSpecInput }>;
export type PresetName = keyof typeof PROGRESSIVE_PRESETS;
