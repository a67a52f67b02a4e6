import type { Tone } from '@/lib/ui/release-format';

const DOT: Record<Tone, string> = {
  success: 'bg-primary',
  info: 'bg-info',
  warning: 'bg-warning',
  danger: 'bg-danger',
  neutral: 'bg-subtle',
};

const PILL: Record<Tone, string> = {
  success: 'bg-primary-soft text-primary-hover',
  info: 'bg-info-soft text-info',
  warning: 'bg-warning-soft text-[#b7791f]',
  danger: 'bg-danger-soft text-danger',
  neutral: 'bg-page text-ink-2',
};

/** A status dot with its label, KubeSphere style ("● Running"). */
export function StatusDot({ tone, label, testId }: { tone: Tone; label: string; testId?: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap" data-testid={testId}>
      <span className={`h-2 w-2 shrink-0 rounded-full ${DOT[tone]}`} aria-hidden="true" />
      {label}
    </span>
  );
}

/** A pill badge for phases. */
export function StatusBadge({ tone, label, testId }: { tone: Tone; label: string; testId?: string }) {
  return (
    <span className={`inline-flex h-5 items-center gap-1.5 whitespace-nowrap rounded-full px-2 text-[12px] font-semibold ${PILL[tone]}`} data-testid={testId}>
      <span className={`h-1.5 w-1.5 rounded-full ${DOT[tone]}`} aria-hidden="true" />
      {label}
    </span>
  );
}
