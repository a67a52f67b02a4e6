import type { ReactNode } from 'react';

/** A labelled native <select> in the console's look (native for keyboard and phone pickers). */
export function SelectField({ label, value, onChange, children, testId, disabled, className = '' }: { label: string; value: string; onChange: (value: string) => void; children: ReactNode; testId: string; disabled?: boolean; className?: string }) {
  return (
    <label className={`inline-flex min-w-0 items-center gap-1.5 text-[12px] text-muted ${className}`}>
      <span className="shrink-0">{label}</span>
      <select
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className="h-8 min-w-0 max-w-full rounded-[4px] border border-line bg-white px-2 text-[12px] font-semibold text-ink hover:border-subtle disabled:opacity-60"
        data-testid={testId}
      >
        {children}
      </select>
    </label>
  );
}
