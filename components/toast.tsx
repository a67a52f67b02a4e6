'use client';

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Icon } from './icon';

export interface ToastInput {
  tone: 'success' | 'error' | 'info';
  title: string;
  detail?: string;
}

interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<(t: ToastInput) => void>(() => {});

/** Shows a toast: what happened (success) or what failed and why (error). */
export function useToast(): (t: ToastInput) => void {
  return useContext(ToastContext);
}

const TONE = {
  success: { ring: 'border-l-primary', icon: 'check', color: 'text-primary' },
  error: { ring: 'border-l-danger', icon: 'alert', color: 'text-danger' },
  info: { ring: 'border-l-info', icon: 'info', color: 'text-info' },
} as const;

/** Toasts in the top-right corner, announced politely (errors assertively); they fade after a while. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (t: ToastInput) => {
      const id = next.current++;
      setItems((list) => [...list.slice(-3), { ...t, id }]);
      setTimeout(() => dismiss(id), t.tone === 'error' ? 10_000 : 5_000);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed right-3 top-[68px] z-50 flex w-[min(360px,calc(100vw-24px))] flex-col gap-2" data-testid="toasts">
        {items.map((t) => {
          const tone = TONE[t.tone];
          return (
            <div
              key={t.id}
              role={t.tone === 'error' ? 'alert' : 'status'}
              className={`pointer-events-auto flex items-start gap-2.5 rounded-[4px] border border-line border-l-4 ${tone.ring} bg-white px-3 py-2.5 shadow-pop`}
              data-testid={`toast-${t.tone}`}
            >
              <Icon name={tone.icon} className={`mt-0.5 shrink-0 ${tone.color}`} />
              <div className="min-w-0 flex-1">
                <p className="text-[13px] font-semibold leading-5">{t.title}</p>
                {t.detail ? <p className="break-words text-[12px] text-muted">{t.detail}</p> : null}
              </div>
              <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss" className="shrink-0 rounded-[4px] p-0.5 text-muted hover:text-ink">
                <Icon name="close" size={12} />
              </button>
            </div>
          );
        })}
      </div>
    </ToastContext.Provider>
  );
}
