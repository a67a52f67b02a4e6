'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { draftToSpec, progressiveFieldFor, validateDraft, type ProgressiveDraft, type ProgressiveErrors } from '@/lib/api/release-progressive-draft';
import type { CreateReleaseRequest, Strategy } from '@/lib/api/release-types';
import type { ServiceView } from '@/lib/api/types';
import { isApiClientError, retryWhileClusterDown } from '@/lib/ui/api-client';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { strategyLabel } from '@/lib/ui/release-format';
import {
  WIZARD_STEPS,
  buildCreateRequest,
  candidateImage,
  initialWizardState,
  mapServerFields,
  suggestNextVersion,
  validateStep,
  type WizardErrors,
  type WizardState,
} from '@/lib/ui/release-wizard';
import { ProgressivePreview } from './analysis/progressive-preview';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { ModalDialog } from './modal-dialog';
import { useToast } from './toast';
import { WizardStepBasic } from './wizard-step-basic';
import { WizardStepPreview } from './wizard-step-preview';
import { WizardStepService } from './wizard-step-service';
import { WizardStepStrategy } from './wizard-step-strategy';
import { WizardStepVersion } from './wizard-step-version';
import { WizardStepper } from './wizard-stepper';

/** The Create Job wizard: a step-by-step modal; each step validates before Next, the server's field errors land next to their fields. */
export function ReleaseWizard({ ns, strategy, onClose, onCreated }: { ns: string; strategy: Strategy; onClose: () => void; onCreated: (name: string) => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<WizardState>(() => initialWizardState(strategy));
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<WizardErrors>({});
  // issue 11: the Canary's optional step schedule, kept apart from the lib/ui wizard state
  const [progressive, setProgressive] = useState<ProgressiveDraft | null>(null);
  const [progErrors, setProgErrors] = useState<ProgressiveErrors>({});
  const touched = useRef({ version: false, images: false });
  const [prefilledFor, setPrefilledFor] = useState('');
  const stepId = WIZARD_STEPS[step].id;
  const body = useRef<HTMLDivElement>(null);

  const services = useQuery({ queryKey: queryKeys.services.list(ns), queryFn: () => consoleApi.services(ns) });
  const baselineImages = useMemo(() => services.data?.items.find((s) => s.name === state.service)?.versions[0]?.images ?? {}, [services.data, state.service]);
  const defaults = useQuery({
    queryKey: queryKeys.releases.defaults(ns, state.service),
    queryFn: () => consoleApi.defaults(ns, state.service),
    enabled: state.service !== '',
    retry: retryWhileClusterDown,
    staleTime: 30_000,
  });

  const update = (patch: Partial<WizardState>) => {
    setState((s) => ({ ...s, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      delete next.form;
      return next;
    });
  };

  // The server's prefill wins over the local guess, unless the user already typed.
  useEffect(() => {
    const d = defaults.data;
    if (!d || prefilledFor === state.service) return;
    setPrefilledFor(state.service);
    setState((s) => ({
      ...s,
      baselineVersion: d.baseline?.version || s.baselineVersion,
      version: touched.current.version ? s.version : (d.candidate?.version ?? s.version),
      replicas: touched.current.version || d.candidate?.replicas === undefined ? s.replicas : String(d.candidate.replicas),
      images: touched.current.images || !d.candidate?.images ? s.images : { ...s.images, ...d.candidate.images },
    }));
  }, [defaults.data, prefilledFor, state.service]);

  const selectService = (svc: ServiceView) => {
    const v = svc.versions[0];
    const baselineVersion = v?.version ?? '';
    const version = suggestNextVersion(baselineVersion);
    touched.current = { version: false, images: false };
    setPrefilledFor('');
    update({
      service: svc.name,
      baselineVersion,
      version,
      replicas: String(Math.max(1, v?.replicas ?? 1)),
      images: Object.fromEntries(Object.entries(v?.images ?? {}).map(([c, img]) => [c, candidateImage(img, baselineVersion, version)])),
    });
  };

  const setVersion = (version: string) => {
    touched.current.version = true;
    setState((s) => ({
      ...s,
      version,
      // keep images in step with the version until the user edits an image
      images: touched.current.images ? s.images : Object.fromEntries(Object.keys(s.images).map((c) => [c, candidateImage(baselineImages[c] ?? s.images[c], s.baselineVersion, version || s.baselineVersion)])),
    }));
    setErrors((e) => ({ ...e, version: '' }));
  };

  const setImage = (container: string, image: string) => {
    touched.current.images = true;
    setState((s) => ({ ...s, images: { ...s.images, [container]: image } }));
    setErrors((e) => ({ ...e, [`images.${container}`]: '' }));
  };

  const request = useMemo((): CreateReleaseRequest => {
    const base = buildCreateRequest(state);
    if (state.strategy !== 'Canary' || !progressive) return base;
    const { steps, analysis } = draftToSpec(progressive);
    // the first step sets the weight; spec.traffic.candidateWeight is what the routes show before the controller starts
    const first = Number(steps[0]?.weight);
    return { ...base, spec: { ...base.spec, traffic: { ...base.spec.traffic, candidateWeight: Number.isInteger(first) && first >= 0 && first <= 100 ? first : 0 }, steps, analysis } as CreateReleaseRequest['spec'] };
  }, [state, progressive]);

  const create = useMutation({
    mutationFn: () => consoleApi.createRelease(ns, request),
    onSuccess: async (job) => {
      toast({ tone: 'success', title: `Release job ${job.name ?? request.name} created`, detail: `The controller is starting ${request.spec.service} ${request.spec.candidate.version}; traffic moves once its pods are ready.` });
      await Promise.all([client.invalidateQueries({ queryKey: queryKeys.releases.lists() }), client.invalidateQueries({ queryKey: queryKeys.services.list(ns) })]);
      onCreated(job.name ?? request.name);
    },
    onError: (error) => {
      if (isApiClientError(error) && error.fields && error.fields.length > 0) {
        // the schedule's fields land on the progressive editor of the strategy step
        const prog: ProgressiveErrors = {};
        const rest = error.fields.filter((f) => {
          const id = progressiveFieldFor(f.field);
          if (id === null) return true;
          prog[id] = prog[id] ? `${prog[id]}; ${f.message}` : f.message;
          return false;
        });
        setProgErrors(prog);
        const mapped = mapServerFields(rest);
        setErrors(mapped.errors);
        const target = rest.length === 0 ? 'strategy' : mapped.step;
        setStep(WIZARD_STEPS.findIndex((s) => s.id === target));
      }
    },
  });

  const goTo = (i: number) => {
    setStep(i);
    requestAnimationFrame(() => body.current?.querySelector<HTMLElement>('[data-autofocus], input:not([type=hidden]):not(.sr-only), select')?.focus());
  };

  const next = () => {
    const found = validateStep(stepId, state, { services: services.data?.items });
    const real = Object.fromEntries(Object.entries(found).filter(([, v]) => v));
    setErrors(real);
    const prog = stepId === 'strategy' && state.strategy === 'Canary' && progressive ? validateDraft(progressive) : {};
    setProgErrors(prog);
    if (Object.keys(real).length > 0 || Object.keys(prog).length > 0) {
      requestAnimationFrame(() => body.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    goTo(step + 1);
  };

  const last = step === WIZARD_STEPS.length - 1;

  return (
    <ModalDialog
      title={`Create ${strategyLabel(strategy)} Job`}
      description={WIZARD_STEPS[step].label}
      onClose={onClose}
      busy={create.isPending}
      width="max-w-[840px]"
      testId="release-wizard"
      footer={
        <>
          <span className="mr-auto text-[12px] text-muted" aria-live="polite">
            Step {step + 1} of {WIZARD_STEPS.length}
          </span>
          <Button onClick={onClose} disabled={create.isPending} data-testid="wizard-cancel">
            Cancel
          </Button>
          {step > 0 ? (
            <Button onClick={() => goTo(step - 1)} disabled={create.isPending} data-testid="wizard-previous">
              Previous
            </Button>
          ) : null}
          {last ? (
            <Button variant="primary" onClick={() => create.mutate()} disabled={create.isPending} data-testid="wizard-create">
              {create.isPending ? 'Creating…' : 'Create'}
            </Button>
          ) : (
            <Button variant="primary" onClick={next} data-testid="wizard-next">
              Next
            </Button>
          )}
        </>
      }
    >
      <WizardStepper steps={WIZARD_STEPS} current={step} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!last) next();
        }}
        noValidate
      >
        <div ref={body}>
          {stepId === 'basic' ? <WizardStepBasic state={state} errors={errors} onChange={update} /> : null}
          {stepId === 'service' ? <WizardStepService ns={ns} state={state} errors={errors} onChange={update} onSelectService={selectService} /> : null}
          {stepId === 'version' ? (
            <WizardStepVersion
              state={state}
              errors={errors}
              prefillNote={defaults.isError ? 'Prefilled from the running Deployment (the server gave no defaults).' : undefined}
              onVersion={setVersion}
              onChange={update}
              onImage={setImage}
            />
          ) : null}
          {stepId === 'strategy' ? (
            <WizardStepStrategy
              state={state}
              errors={errors}
              onChange={update}
              baseline={services.data?.items.find((s) => s.name === state.service)?.versions.find((v) => v.version === state.baselineVersion)}
              progressive={progressive}
              progressiveErrors={progErrors}
              onProgressive={
                state.strategy === 'Canary'
                  ? (draft) => {
                      setProgressive(draft);
                      // re-validated on Next; an edited field's stale message would mislead
                      setProgErrors({});
                    }
                  : undefined
              }
            />
          ) : null}
          {stepId === 'preview' ? (
            <>
              {request.spec.steps ? <ProgressivePreview spec={request.spec} /> : null}
              <WizardStepPreview ns={ns} request={request} />
            </>
          ) : null}
        </div>
        {/* lets Enter in a text field act as Next */}
        <button type="submit" className="hidden" tabIndex={-1} aria-hidden="true" />
      </form>
      {errors.form ? <p className="mt-3 text-[12px] text-danger" role="alert">{errors.form}</p> : null}
      {create.isPending ? (
        <p className="mt-3 text-[12px] text-muted" role="status" data-testid="wizard-pending">
          Creating release job {request.name}…
        </p>
      ) : null}
      {create.isError ? (
        <div className="mt-3">
          <ApiErrorNotice error={create.error} action={`Creating release job ${request.name}`} testId="wizard-create-error" />
        </div>
      ) : null}
    </ModalDialog>
  );
}
