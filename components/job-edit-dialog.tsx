'use client';

import { useId, useState } from 'react';
import type { ReleaseView } from '@/lib/api/release-types';
import { isApiClientError } from '@/lib/ui/api-client';
import { consoleApi } from '@/lib/ui/console-api';
import { buildEditPatch, editStateFromJob, validateEdit } from '@/lib/ui/release-edit';
import { mapServerFields, type WizardErrors, type WizardState } from '@/lib/ui/release-wizard';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { FieldErrorText, INPUT_CLASS } from './form-field';
import { ModalDialog } from './modal-dialog';
import { useReleaseAction } from './use-release-action';
import { WizardStepStrategy } from './wizard-step-strategy';

/**
 * Edit a running job: replicas of the new version and its traffic (weight, conditions, blue-green
 * target, mirror percentage) with the Create Job wizard's own strategy step and validation; the
 * server checks the resulting spec like a new job's and its field errors land on the fields. The
 * PATCH names the generation the form was based on, so a change by someone else is a 409 "reload".
 */
export function JobEditDialog({ ns, job, onClose, onReload }: { ns: string; job: ReleaseView; onClose: () => void; onReload: () => Promise<unknown> }) {
  const replicasId = useId();
  const [state, setState] = useState<WizardState>(() => editStateFromJob(job));
  const [errors, setErrors] = useState<WizardErrors>({});
  const save = useReleaseAction(
    ns,
    job.name,
    (patch: NonNullable<ReturnType<typeof buildEditPatch>>) => consoleApi.patchRelease(ns, job.name, patch),
    () => ({ doing: `Changing job ${job.name}`, done: `Job ${job.name} changed` }),
  );
  const update = (patch: Partial<WizardState>) => {
    setState((s) => ({ ...s, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) for (const id of Object.keys(next)) if (id === k || id.startsWith(`${k}.`)) delete next[id];
      return next;
    });
  };
  const patch = buildEditPatch(job, state);
  const submit = () => {
    const found = validateEdit(state);
    setErrors(found);
    if (Object.keys(found).length > 0 || !patch) return;
    save.mutate(patch, {
      onSuccess: onClose,
      onError: (error) => {
        if (isApiClientError(error) && error.fields?.length) setErrors(mapServerFields(error.fields).errors);
      },
    });
  };
  const fieldErrors = Object.keys(errors).length;

  return (
    <ModalDialog
      title={`Edit job ${job.name}`}
      description={`${job.service}: ${job.spec.baseline.version} → ${job.spec.candidate.version}. Changes are checked like a new job's and applied by the controller in a safe order.`}
      onClose={onClose}
      busy={save.isPending}
      width="max-w-[720px]"
      testId="job-edit-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending} data-testid="job-edit-cancel">
            Cancel
          </Button>
          <Button variant="primary" onClick={submit} disabled={save.isPending || !patch} data-testid="job-edit-save">
            {save.isPending ? 'Saving…' : patch ? 'Save' : 'No changes'}
          </Button>
        </>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <div>
          <label htmlFor={replicasId} className="mb-1 block text-[12px] font-semibold">
            Replicas of {job.spec.candidate.version}
          </label>
          <input
            id={replicasId}
            className={`${INPUT_CLASS} !w-[120px]`}
            inputMode="numeric"
            value={state.replicas}
            onChange={(e) => update({ replicas: e.target.value })}
            aria-invalid={errors.replicas ? true : undefined}
            aria-describedby={errors.replicas ? `${replicasId}-error` : undefined}
            data-testid="job-edit-replicas"
          />
          <FieldErrorText id={`${replicasId}-error`} message={errors.replicas} testId="job-edit-error-replicas" />
        </div>
        <WizardStepStrategy state={state} errors={errors} onChange={update} />
        {fieldErrors > 0 ? (
          <p className="text-[12px] text-danger" role="alert" data-testid="job-edit-errors">
            {fieldErrors === 1 ? 'One field needs' : `${fieldErrors} fields need`} attention before saving{errors.form ? `: ${errors.form}` : '.'}
          </p>
        ) : null}
        {save.isError && !(isApiClientError(save.error) && save.error.fields?.length) ? (
          <ApiErrorNotice error={save.error} action="Saving the job" onReload={async () => {
            save.reset();
            await onReload();
            onClose();
          }} testId="job-edit-error" />
        ) : null}
        <button type="submit" className="hidden" tabIndex={-1} aria-hidden="true" />
      </form>
    </ModalDialog>
  );
}
