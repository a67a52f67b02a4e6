'use client';

import type { WizardErrors, WizardState } from '@/lib/ui/release-wizard';
import { TextField } from './form-field';

/** Step 3: the new version's label, replicas and per-container images (prefilled from the running version). */
export function WizardStepVersion({
  state,
  errors,
  prefillNote,
  onVersion,
  onChange,
  onImage,
}: {
  state: WizardState;
  errors: WizardErrors;
  prefillNote?: string;
  onVersion: (version: string) => void;
  onChange: (patch: Partial<WizardState>) => void;
  onImage: (container: string, image: string) => void;
}) {
  const containers = Object.keys(state.images);
  return (
    <div className="flex flex-col gap-4" data-testid="wizard-version">
      <p className="rounded-[4px] bg-surface-2 px-3 py-2 text-[12px] text-muted">
        Service <b className="text-ink">{state.service}</b>, running version <b className="text-ink" data-testid="wizard-baseline-version">{state.baselineVersion}</b>. The new version copies its Deployment with
        the version label and the images below replaced.
        {prefillNote ? <span className="block">{prefillNote}</span> : null}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Grayscale release version number"
          required
          value={state.version}
          onChange={(e) => onVersion(e.target.value)}
          placeholder="v2"
          maxLength={16}
          autoComplete="off"
          spellCheck={false}
          hint="Becomes the pods' version label, e.g. v2."
          error={errors.version}
          errorTestId="wizard-error-version"
          data-testid="wizard-version-input"
          data-autofocus
        />
        <TextField
          label="Replicas"
          required
          inputMode="numeric"
          value={state.replicas}
          onChange={(e) => onChange({ replicas: e.target.value })}
          hint="Pods of the new version (1-100)."
          error={errors.replicas}
          errorTestId="wizard-error-replicas"
          data-testid="wizard-replicas"
        />
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-[12px] font-semibold">Images</legend>
        {containers.length === 0 ? <p className="text-[12px] text-muted">The running version&apos;s containers are loading; leave this empty to keep its images.</p> : null}
        {containers.map((c) => (
          <TextField
            key={c}
            label={`Container ${c}`}
            value={state.images[c]}
            onChange={(e) => onImage(c, e.target.value)}
            spellCheck={false}
            autoComplete="off"
            error={errors[`images.${c}`]}
            errorTestId={`wizard-error-image-${c}`}
            data-testid={`wizard-image-${c}`}
          />
        ))}
      </fieldset>
    </div>
  );
}
