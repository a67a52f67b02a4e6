'use client';

import { useId } from 'react';
import type { ProgressiveDraft, ProgressiveErrors } from '@/lib/api/release-progressive-draft';
import type { VersionSummary } from '@/lib/api/types';
import type { ConditionGroup, WizardErrors, WizardState } from '@/lib/ui/release-wizard';
import { ProgressiveEditor } from './analysis/progressive-editor';
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

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <>
      <span className="text-muted">{label}</span>
      <span className={`break-all ${mono ? 'font-mono text-[11px]' : ''}`}>{value}</span>
    </>
  );
}

/**
 * A blue-green version card: the version, its workload, replicas and images, whether it receives
 * the traffic now (before the job, the running version does) and what choosing it means.
 */
function VersionChoice(props: {
  name: string;
  checked: boolean;
  onSelect: () => void;
  version: string;
  role: 'current' | 'new';
  servingNow: boolean;
  replicas?: string;
  workload?: string;
  images: Record<string, string>;
  after: string;
  testId: string;
}) {
  const images = Object.entries(props.images);
  const blue = props.role === 'current';
  return (
    <label
      className={`flex cursor-pointer flex-col gap-2 rounded-[4px] border p-3 text-[12px] has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-info ${props.checked ? 'border-primary bg-primary-soft' : 'border-line hover:border-primary'}`}
      data-testid={props.testId}
      data-serving-now={props.servingNow}
    >
      <span className="flex items-center gap-2">
        <input type="radio" name={props.name} checked={props.checked} onChange={props.onSelect} className="accent-primary" />
        <span className={`h-3 w-3 rounded-sm ${blue ? 'bg-info' : 'bg-primary'}`} aria-hidden="true" />
        <span className="font-mono text-[14px] font-semibold">{props.version || '—'}</span>
        <span className="text-muted">{blue ? 'current (blue)' : 'new (green)'}</span>
      </span>
      <span
        className={`self-start rounded-full px-2 text-[11px] font-semibold ${props.servingNow ? 'bg-info/15 text-[#1d6f96]' : 'bg-line-soft text-ink-2'}`}
        data-testid="wizard-bluegreen-now"
      >
        {props.servingNow ? 'Receives all traffic now' : 'No traffic now'}
      </span>
      {/* phrasing content only: this sits inside the <label> */}
      <span className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {props.workload ? <Row label="Workload" value={props.workload} /> : null}
        {props.replicas ? <Row label="Replicas" value={props.replicas} /> : null}
        {images.map(([container, image]) => (
          <Row key={container} label={container} value={image} mono />
        ))}
      </span>
      <span className="text-muted">
        <b className="font-semibold text-ink-2">If chosen:</b> {props.after}
      </span>
    </label>
  );
}

/**
 * Step 4: how traffic reaches the new version, per strategy. `baseline` is the running version's
 * workload (from the services list), shown on the blue-green cards when known.
 */
export function WizardStepStrategy({
  state,
  errors,
  onChange,
  baseline,
  progressive = null,
  progressiveErrors = {},
  onProgressive,
}: {
  state: WizardState;
  errors: WizardErrors;
  onChange: (patch: Partial<WizardState>) => void;
  baseline?: VersionSummary;
  /** Canary only (issue 11): the step schedule, null when off */
  progressive?: ProgressiveDraft | null;
  progressiveErrors?: ProgressiveErrors;
  onProgressive?: (draft: ProgressiveDraft | null) => void;
}) {
  const name = useId();
  const mirrorId = useId();
  const base = state.baselineVersion;
  const cand = state.version;

  if (state.strategy === 'BlueGreen') {
    const candidateReplicas = Number(state.replicas);
    const candidateImages = { ...(baseline?.images ?? {}), ...Object.fromEntries(Object.entries(state.images).filter(([, i]) => i.trim() !== '')) };
    return (
      <fieldset className="flex flex-col gap-2" data-testid="wizard-strategy-bluegreen">
        <legend className="mb-1 text-[12px] font-semibold">Which version receives the traffic</legend>
        <p className="mb-1 text-[12px] text-muted">Both versions run at full replicas. All traffic goes to one of them; Take Over switches it in one step, and back.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          <VersionChoice
            name={name}
            checked={state.blueGreenTarget === 'baseline'}
            onSelect={() => onChange({ blueGreenTarget: 'baseline' })}
            version={base}
            role="current"
            servingNow
            replicas={baseline ? `${baseline.readyReplicas}/${baseline.replicas} ready` : undefined}
            workload={baseline?.deployment}
            images={baseline?.images ?? {}}
            after="Keeps 100% of the traffic; the new version waits, ready to take over."
            testId="wizard-bluegreen-baseline"
          />
          <VersionChoice
            name={name}
            checked={state.blueGreenTarget === 'candidate'}
            onSelect={() => onChange({ blueGreenTarget: 'candidate' })}
            version={cand}
            role="new"
            servingNow={false}
            replicas={Number.isFinite(candidateReplicas) ? `${candidateReplicas} to create` : undefined}
            images={candidateImages}
            after="Receives 100% of the traffic as soon as its pods are ready."
            testId="wizard-bluegreen-candidate"
          />
        </div>
        {baseline && Number.isFinite(candidateReplicas) && candidateReplicas < baseline.replicas ? (
          <p className="text-[12px] text-[#8a5a00]" data-testid="wizard-bluegreen-replicas-hint">
            {cand} gets {candidateReplicas} replica{candidateReplicas === 1 ? '' : 's'}, {base} runs {baseline.replicas}: switching all traffic to {cand} puts the whole load on fewer pods.
          </p>
        ) : null}
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
      {onProgressive ? <ProgressiveEditor draft={progressive} errors={progressiveErrors} onChange={onProgressive} candidate={cand} /> : null}
      {progressive ? (
        <p className="text-[12px] text-muted" data-testid="wizard-progressive-weight-note">
          {state.canaryMode === 'content' ? 'Requests that match no condition follow the schedule: ' : 'The schedule sets the share: '}
          {progressive.steps[0]?.weight || '?'}% at the first step, then each step in turn.
        </p>
      ) : (
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
      )}
    </div>
  );
}
