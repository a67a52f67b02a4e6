'use client';

import { useId } from 'react';
import { PROGRESSIVE_PRESETS, type PresetName } from '@/lib/analysis';
import { addStep, draftFromPreset, removeStep, SLOW_THRESHOLDS_MS, type ProgressiveDraft, type ProgressiveErrors, type StepDraft } from '@/lib/api/release-progressive-draft';
import { FieldErrorText, INPUT_CLASS } from '../form-field';

const PRESETS = Object.keys(PROGRESSIVE_PRESETS) as PresetName[];
const PRESET_TITLE: Record<PresetName, string> = { standard: 'Standard', careful: 'Careful', manual: 'Manual promotion' };

/** A labelled small input with its error, wired for assistive tech. */
function Field({ label, value, onChange, error, id, type = 'text', hint, testId, className = '', inputMode, placeholder }: { label: string; value: string; onChange: (v: string) => void; error?: string; id: string; type?: string; hint?: string; testId: string; className?: string; inputMode?: 'decimal' | 'numeric'; placeholder?: string }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className="mb-1 block text-[12px] font-semibold text-ink">
        {label}
      </label>
      <input id={id} type={type} inputMode={inputMode} placeholder={placeholder} className={INPUT_CLASS} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={described} data-testid={testId} />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-[11px] text-muted">
          {hint}
        </p>
      ) : null}
      <FieldErrorText id={`${id}-error`} message={error} testId={`${testId}-error`} />
    </div>
  );
}

/**
 * The wizard's "Progressive schedule" for a Canary (issue 11): off by default; on, a preset of
 * lib/analysis (standard, careful, manual) that can be edited step by step (weight, pause) with the
 * metric margins and the analysis cadence. Errors come from the same zod schema as the API's and
 * land on their field.
 */
export function ProgressiveEditor({ draft, errors, onChange, candidate }: { draft: ProgressiveDraft | null; errors: ProgressiveErrors; onChange: (d: ProgressiveDraft | null) => void; candidate: string }) {
  const id = useId();
  const enabled = draft !== null;
  const setStep = (i: number, patch: Partial<StepDraft>) => draft && onChange({ ...draft, preset: 'custom', steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const set = (patch: Partial<ProgressiveDraft>) => draft && onChange({ ...draft, preset: 'custom', ...patch });
  return (
    <fieldset className="rounded-[4px] border border-line-soft p-3" data-testid="wizard-progressive">
      <legend className="px-1 text-[12px] font-semibold">Progressive schedule (optional)</legend>
      <label className="flex cursor-pointer items-start gap-2 text-[12px]">
        <input type="checkbox" className="mt-0.5 accent-primary" checked={enabled} onChange={(e) => onChange(e.target.checked ? draftFromPreset('standard') : null)} data-testid="wizard-progressive-toggle" />
        <span>
          <span className="block font-semibold">Move traffic step by step, gated by analysis</span>
          <span className="block text-muted">
            Each step routes a share to {candidate || 'the new version'}; it is promoted only when every metric is shown within its margin of the running version, rolled back as soon as one is shown worse.
          </span>
        </span>
      </label>
      {draft ? (
        <div className="mt-3 flex flex-col gap-4">
          <div role="radiogroup" aria-label="Preset" className="grid gap-2 sm:grid-cols-3" data-testid="wizard-progressive-presets">
            {PRESETS.map((p) => (
              <label
                key={p}
                className={`flex cursor-pointer gap-2 rounded-[4px] border p-2.5 text-[12px] has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-info ${draft.preset === p ? 'border-primary bg-primary-soft' : 'border-line hover:border-primary'}`}
                data-testid={`wizard-progressive-preset-${p}`}
              >
                <input type="radio" name={`${id}-preset`} checked={draft.preset === p} onChange={() => onChange(draftFromPreset(p))} className="mt-0.5 accent-primary" />
                <span>
                  <span className="block font-semibold">{PRESET_TITLE[p]}</span>
                  <span className="block text-muted">{PROGRESSIVE_PRESETS[p].label}</span>
                </span>
              </label>
            ))}
          </div>
          {draft.preset === 'custom' ? <p className="-mt-2 text-[11px] text-muted" data-testid="wizard-progressive-custom">Edited: custom schedule.</p> : null}

          <div>
            <h3 className="mb-1 text-[12px] font-semibold">Steps</h3>
            <ol className="flex flex-col gap-2" data-testid="wizard-progressive-steps">
              {draft.steps.map((s, i) => {
                const last = i === draft.steps.length - 1;
                return (
                  <li key={i} className="grid grid-cols-[64px_minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-2" data-testid="wizard-progressive-step">
                    <span className="pt-7 text-[12px] font-semibold text-ink-2">Step {i + 1}</span>
                    {last ? (
                      <p className="col-span-2 pt-7 text-[12px] text-ink-2">Take over: 100% to {candidate || 'the new version'}, the job ends.</p>
                    ) : (
                      <>
                        <Field id={`${id}-w${i}`} label={`Step ${i + 1} weight (%)`} value={s.weight} inputMode="numeric" onChange={(weight) => setStep(i, { weight })} error={errors[`steps.${i}.weight`]} testId={`wizard-progressive-weight-${i}`} />
                        <Field id={`${id}-p${i}`} label={`Step ${i + 1} pause`} value={s.pause} placeholder="5m or manual" onChange={(pause) => setStep(i, { pause })} error={errors[`steps.${i}.pause`]} testId={`wizard-progressive-pause-${i}`} />
                      </>
                    )}
                    <span className="pt-6">
                      {!last && draft.steps.length > 2 ? (
                        <button type="button" className="h-8 rounded-[4px] px-2 text-[12px] text-danger hover:bg-danger-soft focus-visible:outline focus-visible:outline-2 focus-visible:outline-info" onClick={() => onChange(removeStep(draft, i))} aria-label={`Remove step ${i + 1}`} data-testid={`wizard-progressive-remove-${i}`}>
                          Remove
                        </button>
                      ) : null}
                    </span>
                  </li>
                );
              })}
            </ol>
            <FieldErrorText id={`${id}-steps-error`} message={errors.steps} testId="wizard-progressive-steps-error" />
            <button type="button" className="mt-2 h-8 rounded-[4px] border border-line px-3 text-[12px] hover:border-primary focus-visible:outline focus-visible:outline-2 focus-visible:outline-info" onClick={() => onChange(addStep(draft))} disabled={draft.steps.length >= 20} data-testid="wizard-progressive-add">
              + Add step
            </button>
            <p className="mt-1 text-[11px] text-muted">A pause is a duration (30s, 5m, 1h30m) or “manual” (waits for Promote). A step is promoted after its pause once the analysis passes.</p>
          </div>

          <div>
            <h3 className="mb-1 text-[12px] font-semibold">Gates (non-inferiority margins against the running version)</h3>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id={`${id}-err`} label="Error rate: at most + (pp)" value={draft.errorMarginPp} inputMode="decimal" onChange={(errorMarginPp) => set({ errorMarginPp })} error={errors['analysis.metrics.0.marginPp']} hint="5xx and no response" testId="wizard-progressive-error-margin" />
              <div className="min-w-0">
                <label className="mb-1 flex items-center gap-2 text-[12px] font-semibold text-ink">
                  <input type="checkbox" className="accent-primary" checked={draft.slowEnabled} onChange={(e) => set({ slowEnabled: e.target.checked })} data-testid="wizard-progressive-slow-toggle" />
                  Slow requests above
                </label>
                <select
                  className={INPUT_CLASS}
                  value={draft.slowThresholdMs}
                  onChange={(e) => set({ slowThresholdMs: e.target.value })}
                  disabled={!draft.slowEnabled}
                  aria-label="Slow request bound (ms, a histogram bucket edge)"
                  aria-invalid={errors['analysis.metrics.1.thresholdMs'] ? true : undefined}
                  aria-describedby={errors['analysis.metrics.1.thresholdMs'] ? `${id}-slow-error` : undefined}
                  data-testid="wizard-progressive-slow-threshold"
                >
                  {SLOW_THRESHOLDS_MS.map((ms) => (
                    <option key={ms} value={String(ms)}>
                      {ms} ms
                    </option>
                  ))}
                </select>
                <FieldErrorText id={`${id}-slow-error`} message={errors['analysis.metrics.1.thresholdMs']} />
              </div>
              {draft.slowEnabled ? (
                <Field id={`${id}-slow`} label="Slow fraction: at most + (pp)" value={draft.slowMarginPp} inputMode="decimal" onChange={(slowMarginPp) => set({ slowMarginPp })} error={errors['analysis.metrics.1.marginPp']} hint="exact count from the bucket edge" testId="wizard-progressive-slow-margin" />
              ) : null}
            </div>
          </div>

          <details className="rounded-[4px] border border-line-soft" open={Boolean(errors['analysis.interval'] || errors['analysis.minSample'] || errors['analysis.maxDuration'])}>
            <summary className="cursor-pointer px-3 py-2 text-[12px] font-semibold text-ink-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-info">Analysis cadence</summary>
            <div className="grid gap-3 border-t border-line-soft p-3 sm:grid-cols-3">
              <Field id={`${id}-int`} label="Look every" value={draft.interval} onChange={(interval) => set({ interval })} error={errors['analysis.interval']} hint="at least 10s" testId="wizard-progressive-interval" />
              <Field id={`${id}-min`} label="Minimum requests per version" value={draft.minSample} inputMode="numeric" onChange={(minSample) => set({ minSample })} error={errors['analysis.minSample']} hint="before a step may pass" testId="wizard-progressive-min-sample" />
              <Field id={`${id}-max`} label="Hand to a person after" value={draft.maxDuration} onChange={(maxDuration) => set({ maxDuration })} error={errors['analysis.maxDuration']} hint="per step, if undecided" testId="wizard-progressive-max-duration" />
            </div>
          </details>
        </div>
      ) : null}
    </fieldset>
  );
}
