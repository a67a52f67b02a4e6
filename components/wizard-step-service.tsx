'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import type { ServiceView } from '@/lib/api/types';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { replicasLabel } from '@/lib/ui/release-format';
import { serviceUnavailableReason, type WizardErrors, type WizardState } from '@/lib/ui/release-wizard';
import { ApiErrorNotice } from './api-error-notice';
import { FieldErrorText, INPUT_CLASS } from './form-field';
import { Icon } from './icon';
import { LoadingState } from './loading-state';

/** Step 2: the application, then one of its Services (unavailable ones disabled, with the reason). */
export function WizardStepService({
  ns,
  state,
  errors,
  onChange,
  onSelectService,
}: {
  ns: string;
  state: WizardState;
  errors: WizardErrors;
  onChange: (patch: Partial<WizardState>) => void;
  onSelectService: (service: ServiceView) => void;
}) {
  const appId = useId();
  const groupId = useId();
  const apps = useQuery({ queryKey: queryKeys.applications.list(ns), queryFn: () => consoleApi.applications(ns) });
  const services = useQuery({ queryKey: queryKeys.services.list(ns), queryFn: () => consoleApi.services(ns), refetchInterval: 3000 });
  const appNames = (apps.data?.items ?? []).map((a) => a.name);
  const appSelect = useRef<HTMLSelectElement>(null);
  const appsLoaded = apps.data !== undefined;
  // The wizard focuses a step's first field when the step opens; while the applications load that
  // field does not exist yet and the focus falls to the page (keyboard users would start over from
  // the top). Once the select appears it takes the focus, unless the user has moved it somewhere.
  useEffect(() => {
    if (appsLoaded && (document.activeElement === null || document.activeElement === document.body)) appSelect.current?.focus();
  }, [appsLoaded]);
  const inApp = (services.data?.items ?? []).filter((s) => s.app === state.app);

  if (apps.isPending) return <LoadingState label="Loading applications…" />;
  if (apps.isError) return <ApiErrorNotice error={apps.error} action="Loading applications" />;
  if (appNames.length === 0) {
    return <p className="text-[12px] text-muted" data-testid="wizard-no-apps">There are no applications in this project yet. Deploy one under Application Workloads &gt; Applications first.</p>;
  }

  return (
    <div className="flex flex-col gap-4" data-testid="wizard-service">
      <div>
        <label htmlFor={appId} className="mb-1 block text-[12px] font-semibold">
          Application<span className="ml-0.5 text-danger" aria-hidden="true">*</span>
        </label>
        <select
          ref={appSelect}
          id={appId}
          className={INPUT_CLASS}
          value={state.app}
          onChange={(e) => onChange({ app: e.target.value, service: '', baselineVersion: '' })}
          aria-invalid={errors.app ? true : undefined}
          aria-describedby={errors.app ? `${appId}-error` : undefined}
          data-testid="wizard-app"
          data-autofocus
        >
          <option value="">Choose an application</option>
          {appNames.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <FieldErrorText id={`${appId}-error`} message={errors.app} testId="wizard-error-app" />
      </div>
      {state.app ? (
        <fieldset aria-describedby={errors.service ? `${groupId}-error` : undefined}>
          <legend className="mb-1 text-[12px] font-semibold">
            Service to release<span className="ml-0.5 text-danger" aria-hidden="true">*</span>
          </legend>
          {services.isPending ? <LoadingState label="Loading services…" /> : null}
          {services.isError ? <ApiErrorNotice error={services.error} action="Loading services" /> : null}
          <div className="grid gap-2 sm:grid-cols-2" data-testid="wizard-service-cards">
            {inApp.map((s) => (
              <ServiceCard key={s.name} service={s} name={groupId} checked={state.service === s.name} onSelect={() => onSelectService(s)} />
            ))}
          </div>
          {services.data && inApp.length === 0 ? <p className="text-[12px] text-muted">This application has no Services.</p> : null}
          <FieldErrorText id={`${groupId}-error`} message={errors.service} testId="wizard-error-service" />
        </fieldset>
      ) : null}
    </div>
  );
}

function ServiceCard({ service, name, checked, onSelect }: { service: ServiceView; name: string; checked: boolean; onSelect: () => void }) {
  const reason = serviceUnavailableReason(service);
  const disabled = Boolean(reason);
  return (
    <label
      className={`relative flex gap-2.5 rounded-[4px] border p-3 text-[12px] ${
        disabled ? 'cursor-not-allowed border-line-soft bg-surface-2 text-muted' : checked ? 'cursor-pointer border-primary bg-primary-soft' : 'cursor-pointer border-line hover:border-primary'
      } has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-info`}
      data-testid={`wizard-service-${service.name}`}
      data-disabled={disabled}
    >
      <input type="radio" name={name} className="sr-only" checked={checked} disabled={disabled} onChange={onSelect} aria-describedby={`${name}-${service.name}-desc`} />
      <Icon name="services" size={20} strokeWidth={1.2} className={`mt-0.5 shrink-0 ${checked ? 'text-primary' : 'text-muted'}`} />
      <span className="min-w-0 flex-1">
        <span className={`block text-[13px] font-semibold ${disabled ? 'text-muted' : 'text-ink'}`}>{service.name}</span>
        <span id={`${name}-${service.name}-desc`} className="block">
          {service.versions.length > 0 ? (
            <span className="flex flex-wrap gap-1.5">
              {service.versions.map((v) => (
                <span key={v.deployment} className="rounded-[2px] bg-white px-1.5 font-mono text-[11px] text-ink-2 ring-1 ring-line-soft">
                  {v.version || 'unlabelled'} · {replicasLabel(v.readyReplicas, v.replicas)}
                </span>
              ))}
            </span>
          ) : null}
          {reason ? (
            <span className="mt-1 block text-[12px] text-[#b7791f]" data-testid="wizard-service-reason">
              {reason}
            </span>
          ) : null}
        </span>
      </span>
      {checked ? <Icon name="check" className="absolute right-2 top-2 text-primary" /> : null}
    </label>
  );
}
