import type { ProgressDecision } from '@/lib/api/release-progress';
import { decisionLabel } from '@/lib/api/release-progress-format';
import { formatClock } from '@/lib/ui/telemetry-format';

const WARN = new Set(['rollback', 'abort', 'hand-to-person']);

/** The controller's actions on the schedule, newest first, each with its reason. */
export function DecisionList({ decisions }: { decisions: readonly ProgressDecision[] }) {
  if (decisions.length === 0) return <p className="text-[12px] text-muted">No decisions yet.</p>;
  return (
    <ol className="flex flex-col gap-1.5 text-[12px]" data-testid="analysis-decisions">
      {[...decisions].reverse().map((d, i) => (
        <li key={`${d.at}-${i}`} className="grid grid-cols-[auto_auto_1fr] items-baseline gap-x-2" data-testid="analysis-decision" data-action={d.action}>
          <span className="font-mono text-muted">{formatClock(Date.parse(d.at) / 1000)}</span>
          <span className={`font-semibold ${WARN.has(d.action) ? 'text-danger' : 'text-ink'}`}>
            {decisionLabel(d.action)} <span className="font-normal text-muted">(step {d.stepIndex + 1})</span>
          </span>
          <span className="min-w-0 break-words text-ink-2">{d.reason}</span>
        </li>
      ))}
    </ol>
  );
}
