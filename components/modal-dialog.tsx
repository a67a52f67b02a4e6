'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './icon';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A KubeSphere-style modal: focus moves in on open and is trapped inside, Esc closes (unless
 * `busy`), focus returns to whatever opened it. https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
 */
export function ModalDialog({
  title,
  description,
  onClose,
  children,
  footer,
  busy = false,
  width = 'max-w-[560px]',
  testId = 'modal-dialog',
}: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** while an action runs, Esc and the close button do nothing (the outcome must be seen) */
  busy?: boolean;
  width?: string;
  testId?: string;
}) {
  const titleId = useId();
  const descId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    closeRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = panel.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus]') ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    const prevOverflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        if (!busyRef.current) closeRef.current();
        return;
      }
      if (e.key !== 'Tab' || !el) return;
      const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.offsetParent !== null || n === document.activeElement);
      if (items.length === 0) {
        e.preventDefault();
        return;
      }
      const head = items[0];
      const tail = items[items.length - 1];
      if (e.shiftKey && (document.activeElement === head || !el.contains(document.activeElement))) {
        e.preventDefault();
        tail.focus();
      } else if (!e.shiftKey && (document.activeElement === tail || !el.contains(document.activeElement))) {
        e.preventDefault();
        head.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.body.style.overflow = prevOverflow;
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-ink/50 px-2 py-4 sm:px-4 sm:py-[6vh]" data-testid={`${testId}-backdrop`}>
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        className={`w-full ${width} rounded-[4px] bg-white shadow-pop focus:outline-none`}
        data-testid={testId}
      >
        <header className="flex items-start gap-3 rounded-t-[4px] border-b border-line-soft bg-surface-2 px-5 py-3.5">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-[14px] font-semibold leading-5">
              {title}
            </h2>
            {description ? (
              <p id={descId} className="mt-0.5 text-[12px] text-muted">
                {description}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            onClick={() => !busy && onClose()}
            disabled={busy}
            className="flex h-7 w-7 shrink-0 items-center justify-center rounded-[4px] text-muted hover:bg-page hover:text-ink"
            aria-label="Close"
            data-testid={`${testId}-close`}
          >
            <Icon name="close" size={14} />
          </button>
        </header>
        <div className="px-5 py-4">{children}</div>
        {footer ? <footer className="flex flex-wrap items-center justify-end gap-2 rounded-b-[4px] border-t border-line-soft bg-surface-2 px-5 py-3">{footer}</footer> : null}
      </div>
    </div>
  );
}
