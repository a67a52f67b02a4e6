import type { TopologyNode } from '@/lib/api/telemetry-types';
import { formatPercent, formatRate, healthStyle } from '@/lib/ui/telemetry-format';
import type { Box, LayoutLeaf } from '@/lib/ui/telemetry-layout';

function title(node: TopologyNode): string {
  if (node.kind === 'version') return node.version ?? node.label;
  return node.label;
}

function describe(node: TopologyNode): string {
  const what = node.kind === 'version' ? `${node.service ?? ''} version ${node.version ?? node.label}` : node.kind === 'ingress' ? `Ingress ${node.label}` : `${node.kind === 'unknown' ? 'Unknown source' : 'Service'} ${node.label}`;
  const t = node.traffic;
  return `${what}: ${healthStyle(node.health).label}, ${formatRate(t.requestRate)}, success ${formatPercent(t.successRate)}`;
}

/** One leaf of the graph (ingress, a version, a service without versions), a focusable button. */
export function TopologyNodeShape({ leaf, selected, onSelect, onActivate }: { leaf: LayoutLeaf & Box; selected: boolean; onSelect: (id: string) => void; onActivate: (id: string) => void }) {
  const { node, x, y, width, height } = leaf;
  const st = healthStyle(node.health);
  const ingress = node.kind === 'ingress';
  const fill = ingress ? '#242e42' : selected ? '#e6f3fa' : '#ffffff';
  const text = ingress ? '#ffffff' : '#242e42';
  const sub = ingress ? '#abb4be' : '#79879c';
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={describe(node)}
      aria-pressed={selected}
      className="group cursor-pointer outline-none"
      onClick={(e) => {
        e.stopPropagation();
        onSelect(leaf.id);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          onActivate(leaf.id);
        }
      }}
      data-testid="topology-node"
      data-node-id={node.id}
      data-kind={node.kind}
      data-health={node.health}
      data-service={node.service ?? (node.kind === 'service' ? node.label : '')}
      data-version={node.version ?? ''}
    >
      <rect x={x - 3} y={y - 3} width={width + 6} height={height + 6} rx={7} fill="none" stroke="#329dce" strokeWidth={2} className="opacity-0 group-focus-visible:opacity-100" />
      <rect x={x} y={y} width={width} height={height} rx={4} fill={fill} stroke={selected ? '#329dce' : st.color} strokeWidth={selected ? 2 : 1.5} strokeDasharray={st.dashed ? '4 3' : undefined} />
      <rect x={x} y={y + 4} width={3} height={height - 8} rx={1.5} fill={st.color} />
      <text x={x + width / 2 + 1} y={y + 17} fontSize={12} fontWeight={600} textAnchor="middle" fill={text}>
        {title(node)}
      </text>
      <text x={x + width / 2 + 1} y={y + 31} fontSize={10} textAnchor="middle" fill={sub}>
        {formatRate(node.traffic.requestRate)}
      </text>
    </g>
  );
}
