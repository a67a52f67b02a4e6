'use client';

import { useId, useRef, type ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: ReactNode;
}

/**
 * KubeSphere's underlined tabs as an ARIA tablist (arrow keys move between tabs).
 * https://www.w3.org/WAI/ARIA/apg/patterns/tabs/
 */
export function Tabs({ tabs, active, onChange, children, testId = 'tabs' }: { tabs: TabItem[]; active: string; onChange: (id: string) => void; children: ReactNode; testId?: string }) {
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (delta: number) => {
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + delta + tabs.length) % tabs.length];
    onChange(next.id);
    refs.current[next.id]?.focus();
  };
  return (
    <div data-testid={testId}>
      <div role="tablist" className="flex gap-1 overflow-x-auto border-b border-line-soft px-3" onKeyDown={(e) => {
        if (e.key === 'ArrowRight') move(1);
        if (e.key === 'ArrowLeft') move(-1);
      }}>
        {tabs.map((t) => {
          const selected = t.id === active;
          return (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${t.id}`}
              aria-selected={selected}
              aria-controls={`${base}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(t.id)}
              className={`-mb-px flex h-11 shrink-0 items-center gap-1.5 border-b-2 px-3 text-[13px] font-semibold ${selected ? 'border-primary text-ink' : 'border-transparent text-muted hover:text-ink'}`}
              data-testid={`${testId}-${t.id}`}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${active}`} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
