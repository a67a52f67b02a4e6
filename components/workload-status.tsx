import type { PodView, WorkloadStatus } from '@/lib/api/types';
import type { Tone } from '@/lib/ui/release-format';
import { StatusDot } from './status-badge';

const STATUS: Record<WorkloadStatus, { tone: Tone; label: string }> = {
  running: { tone: 'success', label: 'Running' },
  updating: { tone: 'warning', label: 'Updating' },
  failed: { tone: 'danger', label: 'Failed' },
};

/** "● Running" / "● Updating" / "● Failed" for a workload or application. */
export function WorkloadStatusDot({ status, testId }: { status: WorkloadStatus; testId?: string }) {
  const s = STATUS[status] ?? STATUS.updating;
  return <StatusDot tone={s.tone} label={s.label} testId={testId} />;
}

function podTone(p: PodView): { tone: string; label: string } {
  if (p.terminating) return { tone: 'bg-subtle', label: 'terminating' };
  if (p.ready) return { tone: 'bg-primary', label: 'ready' };
  if (p.phase === 'Failed') return { tone: 'bg-danger', label: 'failed' };
  return { tone: 'bg-warning', label: p.phase === 'Running' ? 'not ready' : p.phase.toLowerCase() };
}

/** One square per pod, coloured by readiness, with the pod name and state as its accessible name. */
export function PodDots({ pods, testId = 'pod-dots' }: { pods: PodView[]; testId?: string }) {
  if (pods.length === 0) return <span className="text-[12px] text-muted" data-testid={testId}>No pods</span>;
  return (
    <ul className="flex flex-wrap gap-1" data-testid={testId} aria-label={`${pods.length} pods`}>
      {pods.map((p) => {
        const t = podTone(p);
        return (
          <li key={p.name} title={`${p.name}: ${t.label}`} className={`h-3 w-3 rounded-[2px] ${t.tone}`} data-testid="pod-dot" data-ready={p.ready}>
            <span className="sr-only">
              {p.name}: {t.label}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
