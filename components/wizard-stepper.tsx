import { Icon } from './icon';

/** The wizard's progress: done steps ticked, the current one marked with aria-current="step". */
export function WizardStepper({ steps, current }: { steps: readonly { id: string; label: string }[]; current: number }) {
  return (
    <ol className="mb-4 flex flex-wrap items-center gap-x-1 gap-y-2 border-b border-line-soft pb-3" data-testid="wizard-steps">
      {steps.map((s, i) => {
        const done = i < current;
        const active = i === current;
        return (
          <li key={s.id} aria-current={active ? 'step' : undefined} className="flex items-center gap-1.5 text-[12px]" data-testid={`wizard-step-${s.id}`}>
            <span
              className={`flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold ${
                done ? 'bg-primary-strong text-white' : active ? 'bg-ink text-white' : 'bg-page text-muted'
              }`}
              aria-hidden="true"
            >
              {done ? <Icon name="check" size={11} strokeWidth={2} /> : i + 1}
            </span>
            <span className={active ? 'font-semibold text-ink' : `hidden sm:inline ${done ? 'text-ink-2' : 'text-muted'}`}>
              {s.label}
              {done ? <span className="sr-only"> (done)</span> : null}
            </span>
            {i < steps.length - 1 ? <span className="mx-1 hidden h-px w-4 bg-line sm:block" aria-hidden="true" /> : null}
          </li>
        );
      })}
    </ol>
  );
}
