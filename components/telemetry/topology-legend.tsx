import type { Health } from '@/lib/api/telemetry-types';
import { HEALTH_STYLE } from '@/lib/ui/telemetry-format';

const SHOWN: Health[] = ['healthy', 'degraded', 'failing', 'idle'];

/** What the colours, boxes and edge labels of the graph mean (Kiali's health thresholds). */
export function TopologyLegend() {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 text-[12px] text-ink-2" data-testid="topology-legend">
      {SHOWN.map((h) => {
        const st = HEALTH_STYLE[h];
        return (
          <span key={h} className="inline-flex items-center gap-1.5" data-testid={`legend-${h}`}>
            <svg width="22" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="21" y2="5" stroke={st.color} strokeWidth="2.5" strokeDasharray={st.dashed ? '4 3' : undefined} />
            </svg>
            {st.label}
          </span>
        );
      })}
      <span className="inline-flex items-center gap-1.5">
        <span className="h-3 w-5 rounded-[2px] border border-line bg-white" aria-hidden="true" /> Service box with its versions
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="h-3 w-5 rounded-[2px] bg-ink" aria-hidden="true" /> Ingress
      </span>
      <span className="text-muted" title="Degraded: any 5xx, or 4xx at 10% or more. Failing: 5xx at 10% or more, or 4xx at 20% or more.">
        Edge: req/s · share of the caller&apos;s traffic / error rate · p95 latency
      </span>
    </div>
  );
}
