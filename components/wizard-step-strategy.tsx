'use client';

import { useId } from 'react';
import type { ConditionGroup, WizardErrors, WizardState } from '@/lib/ui/release-wizard';
import { FieldErrorText, INPUT_CLASS } from './form-field';
import { MatchGroupsEditor, newGroup } from './match-groups-editor';
import { TrafficSlider } from './traffic-slider';

function Choice({ name, checked, onSelect, title, text, testId }: { name: string; checked: boolean; onSelect: () => void; title: string; text: string; testId: string }) {
  return (
    <label
      className={`flex cursor-pointer gap-2.5 rounded-[4px] border p-3 text-[12px] has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-info ${checked ? 'border-primary bg-primary-soft' : 'border-line hover:border-primary'}`}
      data-testid={testId}
    >
      <input type="radio" name={name} checked={checked} onChange={onSelect} className="mt-0.5 accent-primary" />
      <span>
        <span className="block text-[13px] font-semibold">{title}</span>
        <span className="block text-muted">{text}</span>
      </span>
    </label>
  );
}

/** Step 4: how traffic reaches the new version, per strategy. */
export function WizardStepStrategy({ state, errors, onChange }: { state: WizardState; errors: WizardErrors; onChange: (patch: Partial<WizardState>) => void }) {
  const name = useId();
  const mirrorId = useId();
  const base = state.baselineVersion;
  const cand = state.version;

  if (state.strategy === 'BlueGreen') {
    return (
      <fieldset className="flex flex-col gap-2" data-testid="wizard-strategy-bluegreen">
        <legend className="mb-1 text-[12px] font-semibold">Which version receives the traffic</legend>
        <p className="mb-1 text-[12px] text-muted">Both versions run at full replicas. All traffic goes to one of them; Take Over switches it in one step.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          <Choice name={name} checked={state.blueGreenTarget === 'baseline'} onSelect={() => onChange({ blueGreenTarget: 'baseline' })} title={`${base} (current)`} text="Keeps 100% of the traffic; the new version waits." testId="wizard-bluegreen-baseline" />
          <Choice name={name} checked={state.blueGreenTarget === 'candidate'} onSelect={() => onChange({ blueGreenTarget: 'candidate' })} title={`${cand} (new)`} text="Receives 100% of the traffic once it is ready." testId="wizard-bluegreen-candidate" />
        </div>
      </fieldset>
    );
  }

  if (state.strategy === 'Mirror') {
    return (
      <div className="flex flex-col gap-3" data-testid="wizard-strategy-mirror">
        <p className="text-[12px] text-muted">
          {base} keeps answering every request. A copy of the chosen share of requests is sent to {cand}; its responses are discarded, so users never see them.
        </p>
        <label htmlFor={mirrorId} className="text-[12px] font-semibold">
          Requests mirrored to {cand}: <span data-testid="wizard-mirror-value">{state.mirrorPercent}%</span>
        </label>
        <div className="flex items-center gap-3">
          <input
            type="range"
            min={1}
            max={100}
            value={state.mirrorPercent}
            onChange={(e) => onChange({ mirrorPercent: Number(e.target.value) })}
            className="gl-range min-w-0 flex-1"
            style={{ background: `linear-gradient(to right, var(--color-primary) ${state.mirrorPercent}%, var(--color-line-soft) ${state.mirrorPercent}%)` }}
            aria-label="Mirrored percentage"
            aria-valuetext={`${state.mirrorPercent}% of requests copied to ${cand}`}
          />
          <input
            id={mirrorId}
            type="number"
            min={1}
            max={100}
            className={`${INPUT_CLASS} !w-[80px] shrink-0`}
            value={Number.isNaN(state.mirrorPercent) ? '' : state.mirrorPercent}
            onChange={(e) => onChange({ mirrorPercent: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            aria-invalid={errors.mirrorPercent ? true : undefined}
            aria-describedby={errors.mirrorPercent ? `${mirrorId}-error` : undefined}
            data-testid="wizard-mirror-percent"
          />
        </div>
        <FieldErrorText id={`${mirrorId}-error`} message={errors.mirrorPercent} testId="wizard-error-mirror" />
      </div>
    );
  }

  const setMode = (canaryMode: WizardState['canaryMode']) => {
    const patch: Partial<WizardState> = { canaryMode };
    if (canaryMode === 'content' && state.groups.length === 0) patch.groups = [newGroup()] as ConditionGroup[];
    onChange(patch);
  };
  return (
    <div className="flex flex-col gap-4" data-testid="wizard-strategy-canary">
      <fieldset>
        <legend className="mb-1 text-[12px] font-semibold">Forward traffic</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <Choice name={name} checked={state.canaryMode === 'weight'} onSelect={() => setMode('weight')} title="By traffic ratio" text="A percentage of all requests goes to the new version." testId="wizard-canary-weight" />
          <Choice name={name} checked={state.canaryMode === 'content'} onSelect={() => setMode('content')} title="By request content" text="Requests matching headers, cookies, URI, OS or browser go to the new version." testId="wizard-canary-content" />
        </div>
      </fieldset>
      {state.canaryMode === 'content' ? <MatchGroupsEditor groups={state.groups} errors={errors} onChange={(groups) => onChange({ groups })} /> : null}
      <div className="rounded-[4px] border border-line-soft p-3">
        <TrafficSlider
          baselineVersion={base}
          candidateVersion={cand}
          value={state.candidateWeight}
          onChange={(candidateWeight) => onChange({ candidateWeight })}
          label={state.canaryMode === 'content' ? 'Requests that match no condition: share sent to the new version' : 'Share of traffic sent to the new version'}
          testId="wizard-slider"
        />
        <FieldErrorText id="wizard-weight-error" message={errors.candidateWeight} testId="wizard-error-weight" />
      </div>
    </div>
  );
}
