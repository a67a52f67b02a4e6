'use client';

import type { ReactNode } from 'react';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { ModalDialog } from './modal-dialog';

/** "Are you sure?" with the action's pending state and, on failure, the error by status (409 offers Reload). */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger = false,
  pending,
  error,
  onConfirm,
  onClose,
  onReload,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
  onReload?: () => void;
  testId: string;
}) {
  return (
    <ModalDialog
      title={title}
      onClose={onClose}
      busy={pending}
      testId={testId}
      width="max-w-[480px]"
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            className={danger ? '!bg-danger hover:!bg-[#a81f1b]' : ''}
            onClick={onConfirm}
            disabled={pending}
            data-testid={`${testId}-confirm`}
            data-autofocus
          >
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="text-[12px] text-ink-2">{children}</div>
      {pending ? (
        <p className="mt-3 text-[12px] text-muted" role="status">
          {pendingLabel}
        </p>
      ) : null}
      {error ? (
        <div className="mt-3">
          <ApiErrorNotice error={error} onReload={onReload} testId={`${testId}-error`} />
        </div>
      ) : null}
    </ModalDialog>
  );
}
