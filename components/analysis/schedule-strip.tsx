import type { Step } from '@/lib/analysis';

/** The step schedule as a row of chips: done steps ticked, the current one highlighted, the rest muted. */
export function ScheduleStrip({ steps, current, final, testId = 'analysis-schedule' }: { steps: readonly Step[]; current: number | null; final?: 'completed' | 'rolled-back' | null; testId?: string }) {
  return (
    <ol className="flex flex-wrap items-center gap-1.5 text-[12px]" data-testid={testId} aria-label="Step schedule">
      {steps.map((s, i) => {
        const done = final === 'completed' || (current !== null && i < current);
        const here = current === i && !final;
        const stopped = final === 'rolled-back' && current === i;
        const cls = stopped
          ? 'border-danger bg-danger-soft text-danger'
          : here
            ? 'border-primary bg-primary-soft font-semibold text-primary-hover'
            : done
              ? 'border-line bg-surface-2 text-ink-2'
              : 'border-line-soft text-muted';
        return (
          <li key={i} className="flex items-center gap-1.5" data-testid="analysis-schedule-step" data-state={stopped ? 'stopped' : here ? 'current' : done ? 'done' : 'todo'} aria-current={here ? 'step' : undefined}>
            {i > 0 ? <span className="text-subtle" aria-hidden="true">→</span> : null}
            <span className={`rounded-full border px-2 py-0.5 ${cls}`}>
              {done && !here ? '✓ ' : ''}
              {s.weight === 100 ? 'take over 100%' : `${s.weight}%`}
              {s.pause ? <span className="font-normal text-muted"> · {s.pause === 'manual' ? 'manual' : s.pause}</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
