/**
 * The Create Job wizard's "Progressive schedule" (issue 11) as pure functions: a draft kept as
 * the user types it (numbers as text, so an empty or odd input is explained instead of becoming
 * 0), the presets of lib/analysis, the spec it becomes, and its errors from the very zod schema
 * the API and the CRD enforce (lib/analysis/spec.ts progressiveSchema), keyed by the field's
 * path under spec (`steps.0.weight`, `analysis.metrics.1.marginPp`) so each lands on its input.
 */
import { ISTIO_DURATION_BUCKETS_MS, PROGRESSIVE_PRESETS, progressiveSchema, type PresetName, type ProgressiveSpecInput } from '../analysis';

export type ProgressivePreset = PresetName | 'custom';

/** One step row as typed. */
export interface StepDraft {
  weight: string;
  /** a duration (`5m`) or `manual`; the last step (take over) has none */
  pause: string;
}

/** The schedule and gates as typed in the wizard. */
export interface ProgressiveDraft {
  preset: ProgressivePreset;
  steps: StepDraft[];
  interval: string;
  minSample: string;
  maxDuration: string;
  errorMarginPp: string;
  slowEnabled: boolean;
  slowThresholdMs: string;
  slowMarginPp: string;
}

/** The durations the bucket edges allow for the slow-fraction bound (ms), for the editor's select. */
export const SLOW_THRESHOLDS_MS: readonly number[] = ISTIO_DURATION_BUCKETS_MS.filter((b) => b >= 10 && b <= 10_000);

/** A preset as a draft. */
export function draftFromPreset(name: PresetName): ProgressiveDraft {
  const { steps, analysis } = PROGRESSIVE_PRESETS[name].spec;
  const err = analysis.metrics.find((m) => m.type === 'error-rate');
  const slow = analysis.metrics.find((m) => m.type === 'slow-fraction');
  return {
    preset: name,
    steps: steps.map((s) => ({ weight: String(s.weight), pause: 'pause' in s ? String(s.pause) : '' })),
    interval: analysis.interval,
    minSample: String(analysis.minSample),
    maxDuration: analysis.maxDuration,
    errorMarginPp: String(err?.marginPp ?? 0.5),
    slowEnabled: Boolean(slow),
    slowThresholdMs: String(slow?.thresholdMs ?? 250),
    slowMarginPp: String(slow?.marginPp ?? 1),
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s.trim()));

/** The `spec.steps` and `spec.analysis` a draft becomes (numbers parsed; a bad one stays NaN for the schema to name). */
export function draftToSpec(d: ProgressiveDraft): ProgressiveSpecInput {
  return {
    steps: d.steps.map((s, i) => {
      const last = i === d.steps.length - 1;
      const pause = s.pause.trim();
      return last && pause === '' ? { weight: num(s.weight) } : { weight: num(s.weight), pause };
    }),
    analysis: {
      interval: d.interval.trim(),
      alpha: 0.05,
      srmAlpha: 0.001,
      minSample: num(d.minSample),
      maxDuration: d.maxDuration.trim(),
      reporter: 'destination',
      metrics: [
        { type: 'error-rate', marginPp: num(d.errorMarginPp), include4xx: false },
        ...(d.slowEnabled ? [{ type: 'slow-fraction' as const, thresholdMs: num(d.slowThresholdMs), marginPp: num(d.slowMarginPp) }] : []),
      ],
    },
  };
}

/** Field id -> message (ids are paths under spec: `steps.0.pause`, `analysis.interval`, `analysis.metrics.0.marginPp`, `steps` for the list). */
export type ProgressiveErrors = Record<string, string>;

function sentence(message: string): string {
  const m = message.replace(/^Invalid input: expected number, received NaN$/, 'enter a number');
  return m[0].toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.');
}

/** The draft's errors from lib/analysis's progressiveSchema (empty when the server would accept it). */
export function validateDraft(d: ProgressiveDraft): ProgressiveErrors {
  const result = progressiveSchema.safeParse(draftToSpec(d));
  const errors: ProgressiveErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const id = issue.path.map(String).join('.') || 'steps';
    if (!errors[id]) errors[id] = sentence(issue.message);
  }
  return errors;
}

/** A server field (`spec.steps[1].weight`, `spec.analysis.metrics[0].marginPp`) as the draft field id showing it; null when it is not a progressive field. */
export function progressiveFieldFor(serverField: string): string | null {
  const f = serverField.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
  const m = /^spec\.((?:steps|analysis|paused)(?:\..*)?)$/.exec(f);
  return m ? m[1] : null;
}

/** A draft after a step was added before the take over (weight halfway to the next, same pause as the previous). */
export function addStep(d: ProgressiveDraft): ProgressiveDraft {
  const steps = [...d.steps];
  const lastIndex = steps.length - 1;
  const before = steps[lastIndex - 1];
  const prevWeight = before ? num(before.weight) : 0;
  const weight = Number.isFinite(prevWeight) ? Math.min(99, Math.max(prevWeight + 1, Math.round((prevWeight + 100) / 2))) : 50;
  steps.splice(lastIndex, 0, { weight: String(weight), pause: before?.pause || '5m' });
  return { ...d, preset: 'custom', steps };
}

/** A draft without step `i` (the take over stays). */
export function removeStep(d: ProgressiveDraft, i: number): ProgressiveDraft {
  if (i >= d.steps.length - 1 || d.steps.length <= 1) return d;
  return { ...d, preset: 'custom', steps: d.steps.filter((_, j) => j !== i) };
}
