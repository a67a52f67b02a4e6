import type { ChangeMarker } from '@/lib/ui/release-metrics';
import { formatClock } from '@/lib/ui/telemetry-format';

/** The charts' markers as text, so changes can be read (and found by keyboard or screen reader) without hovering. */
export function MarkerList({ markers }: { markers: ChangeMarker[] }) {
  if (markers.length === 0) {
    return <p className="text-[12px] text-muted" data-testid="release-marker-list-empty">No changes to the job in this window.</p>;
  }
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[12px] text-ink-2" data-testid="release-marker-list" aria-label="Changes in this window">
      <li className="text-muted" aria-hidden="true">
        Dashed lines mark changes to the job:
      </li>
      {markers.map((m, i) => (
        <li key={`${m.t}-${i}`} title={m.title} className="inline-flex items-center gap-1.5" data-testid="release-marker-item" data-action={m.action}>
          <span className="inline-block h-3 w-0 border-l border-dashed border-muted" aria-hidden="true" />
          <span className="font-mono text-muted">{formatClock(m.t)}</span>
          <span className="font-semibold">{m.label}</span>
        </li>
      ))}
    </ul>
  );
}
