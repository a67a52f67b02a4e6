'use client';

import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export const INPUT_CLASS =
  'h-8 w-full rounded-[4px] border border-line bg-white px-3 text-[12px] text-ink placeholder:text-subtle hover:border-subtle focus:border-info aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:bg-surface-2';

/** The message under an invalid field, linked to it with aria-describedby. */
export function FieldErrorText({ id, message, testId }: { id: string; message?: string; testId?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-[12px] text-danger" data-testid={testId}>
      {message}
    </p>
  );
}

/** A labelled text input with hint and error, wired for assistive tech. */
export function TextField({
  label,
  hint,
  error,
  errorTestId,
  required,
  ...input
}: { label: ReactNode; hint?: ReactNode; error?: string; errorTestId?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const described = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-[12px] font-semibold text-ink">
        {label}
        {required ? <span className="ml-0.5 text-danger" aria-hidden="true">*</span> : null}
      </label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} aria-required={required || undefined} className={INPUT_CLASS} {...input} />
      {hint ? (
        <p id={hintId} className="mt-1 text-[12px] text-muted">
          {hint}
        </p>
      ) : null}
      <FieldErrorText id={errId} message={error} testId={errorTestId} />
    </div>
  );
}
