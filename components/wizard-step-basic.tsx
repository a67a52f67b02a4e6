'use client';

import type { WizardErrors, WizardState } from '@/lib/ui/release-wizard';
import { strategyLabel } from '@/lib/ui/release-format';
import { TextField } from './form-field';

/** Step 1: the job's name (a DNS-1123 label, as Kubernetes requires for the object). */
export function WizardStepBasic({ state, errors, onChange }: { state: WizardState; errors: WizardErrors; onChange: (patch: Partial<WizardState>) => void }) {
  return (
    <div className="flex flex-col gap-4" data-testid="wizard-basic">
      <TextField
        label="Name"
        required
        value={state.name}
        onChange={(e) => onChange({ name: e.target.value })}
        placeholder="canary-release"
        maxLength={63}
        autoComplete="off"
        spellCheck={false}
        hint="Lower-case letters, digits and hyphens; starts and ends with a letter or digit; at most 63 characters."
        error={errors.name}
        errorTestId="wizard-error-name"
        data-testid="wizard-name"
        data-autofocus
      />
      <p className="rounded-[4px] bg-surface-2 px-3 py-2 text-[12px] text-muted">
        Release mode: <b className="text-ink" data-testid="wizard-strategy">{strategyLabel(state.strategy)}</b>
      </p>
    </div>
  );
}
