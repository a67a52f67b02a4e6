'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { Health } from '@/lib/api/telemetry-types';
import { formatRate, healthStyle } from '@/lib/ui/telemetry-format';
import { edgeLabelSize, edgePath, fitScale, TITLE_INSET, zoomAt, type GraphLayout } from '@/lib/ui/telemetry-layout';
import { markTopology, TOPOLOGY_MARKS } from '@/lib/ui/telemetry-perf';
import { TopologyNodeShape } from './topology-node';

interface View {
  scale: number;
  tx: number;
  ty: number;
}

const HEALTHS: Health[] = ['healthy', 'degraded', 'failing', 'idle', 'unknown'];
const PAN_STEP = 60;

/**
 * The versioned-app graph in SVG, inside its own scrolling-free box: wheel or +/- zooms, drag or
 * arrow keys pan, 0 fits. Nodes are focusable buttons; Enter opens their panel.
 */
export function TopologyGraph({ layout, selectedId, onSelect }: { layout: GraphLayout; selectedId: string | null; onSelect: (id: string) => void }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<View>({ scale: 1, tx: 0, ty: 0 });
  const drag = useRef<{ x: number; y: number; tx: number; ty: number; moved: boolean } | null>(null);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const fit = useCallback(() => {
    if (!size.width) return;
    // On a phone, fitting a wide graph makes it unreadable: keep labels legible and let users pan.
    const scale = fitScale(layout, size, size.width < 600 ? 0.6 : 0.2, 1.3);
    setView({ scale, tx: Math.max(8, (size.width - layout.width * scale) / 2), ty: Math.max(8, (size.height - layout.height * scale) / 2) });
  }, [layout, size]);

  // Refit when the graph's shape or the box changes, not on every refresh of the figures.
  const shape = useMemo(() => [...layout.leaves.map((l) => l.id), ...layout.edges.map((e) => e.id)].join('|'), [layout]);
  const fitted = useRef('');
  useEffect(() => {
    const key = `${shape}@${Math.round(size.width)}x${Math.round(size.height)}`;
    if (!size.width || fitted.current === key) return;
    fitted.current = key;
    fit();
  }, [shape, size, fit]);

  // "Graph rendered" for the render benchmark: this layout is committed at its fitted size and a
  // frame has been painted (rAF runs before the paint, the timeout after it).
  useEffect(() => {
    if (!size.width) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => markTopology(TOPOLOGY_MARKS.rendered, { nodes: layout.leaves.length + layout.groups.length, edges: layout.edges.length }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [layout, size.width]);

  // A non-passive wheel listener, so zooming the graph does not scroll the page.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * 0.0015);
      setView((v) => zoomAt(v, factor, { x: e.clientX - rect.left, y: e.clientY - rect.top }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const zoomBy = (factor: number) => setView((v) => zoomAt(v, factor, { x: size.width / 2, y: size.height / 2 }));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pan: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    if (e.key === '+' || e.key === '=') zoomBy(1.2);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / 1.2);
    else if (e.key === '0') fit();
    else if (pan[e.key]) {
      const [dx, dy] = pan[e.key];
      setView((v) => ({ ...v, tx: v.tx + dx, ty: v.ty + dy }));
    } else return;
    e.preventDefault();
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false };
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) e.currentTarget.setPointerCapture(e.pointerId);
    d.moved = true;
    setView((v) => ({ ...v, tx: d.tx + dx, ty: d.ty + dy }));
  };
  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (drag.current?.moved && e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    // Keep the flag until the click that follows a drag has been swallowed.
    setTimeout(() => (drag.current = null), 0);
  };
  // Keyboard users Tab to nodes the zoom has clipped: bring the focused node into view.
  const onFocusNode = (e: FocusEvent<SVGGElement>) => {
    const id = (e.target as Element).getAttribute?.('data-node-id');
    const b = id ? (layout.leaves.find((l) => l.id === id) ?? layout.groups.find((g) => g.id === id)) : undefined;
    if (!b || !size.width) return;
    setView((v) => {
      const left = b.x * v.scale + v.tx;
      const top = b.y * v.scale + v.ty;
      const inX = left >= 0 && left + b.width * v.scale <= size.width;
      const inY = top >= 0 && top + b.height * v.scale <= size.height;
      if (inX && inY) return v;
      return { ...v, tx: inX ? v.tx : size.width / 2 - (b.x + b.width / 2) * v.scale, ty: inY ? v.ty : size.height / 2 - (b.y + b.height / 2) * v.scale };
    });
  };
  const select = (id: string) => {
    if (drag.current?.moved) return;
    onSelect(id);
  };

  return (
    <div
      ref={boxRef}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-label="Traffic graph. Use plus and minus to zoom, arrow keys to pan, 0 to fit; Tab moves between services."
      role="group"
      className="relative h-[440px] w-full touch-none select-none overflow-hidden rounded-[4px] border border-line-soft bg-surface-2 md:h-[560px]"
      data-testid="topology-graph"
      data-scale={view.scale.toFixed(2)}
    >
      <svg width="100%" height="100%" className="block cursor-grab active:cursor-grabbing" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp} data-testid="topology-svg">
        <defs>
          {HEALTHS.map((h) => (
            <marker key={h} id={`arrow-${h}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={healthStyle(h).color} />
            </marker>
          ))}
        </defs>
        <g transform={`translate(${view.tx},${view.ty}) scale(${view.scale})`} onFocus={onFocusNode}>
          {layout.groups.map((g) => {
            const st = healthStyle(g.node.health);
            const selected = selectedId === g.id;
            return (
              <g
                key={g.id}
                role="button"
                tabIndex={0}
                aria-label={`Service ${g.node.label}: ${st.label}, ${formatRate(g.node.traffic.requestRate)}`}
                aria-pressed={selected}
                className="group cursor-pointer outline-none"
                onClick={() => select(g.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(g.id);
                  }
                }}
                data-testid="topology-service"
                data-node-id={g.id}
                data-service={g.node.service ?? g.node.label}
                data-health={g.node.health}
              >
                <rect x={g.x - 3} y={g.y - 3} width={g.width + 6} height={g.height + 6} rx={6} fill="none" stroke="#329dce" strokeWidth={2} className="opacity-0 group-focus-visible:opacity-100" />
                <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={4} fill={selected ? '#e6f3fa' : '#ffffff'} stroke={selected ? '#329dce' : '#ccd3db'} strokeWidth={selected ? 1.5 : 1} strokeDasharray={st.dashed ? '4 3' : undefined} />
                <circle cx={g.x + 11} cy={g.y + 12} r={4} fill={st.color} />
                <text x={g.x + TITLE_INSET} y={g.y + 16} fontSize={12} fontWeight={600} fill="#242e42">
                  {g.node.label}
                </text>
              </g>
            );
          })}
          {layout.edges.map((e) => {
            const st = healthStyle(e.edge.health);
            const rate = e.edge.traffic.requestRate;
            const width = rate > 0 ? Math.min(4, 1.2 + Math.log10(1 + rate)) : 1;
            return (
              <g key={e.id} data-testid="topology-edge" data-source={e.edge.source} data-target={e.edge.target} data-health={e.edge.health} pointerEvents="none">
                <path d={edgePath(e.points)} fill="none" stroke={st.color} strokeWidth={width} strokeDasharray={st.dashed ? '5 4' : undefined} markerEnd={`url(#arrow-${HEALTHS.includes(e.edge.health) ? e.edge.health : 'unknown'})`} opacity={0.9} />
                {e.labelAt && e.label.length ? <EdgeLabel lines={e.label} at={e.labelAt} color={st.color} /> : null}
              </g>
            );
          })}
          {layout.leaves.map((l) => (
            <TopologyNodeShape key={l.id} leaf={l} selected={selectedId === l.id} onSelect={select} onActivate={onSelect} />
          ))}
        </g>
      </svg>
      <div className="absolute right-2 top-2 flex overflow-hidden rounded-[4px] border border-line bg-white shadow-card" data-testid="topology-zoom">
        <ZoomButton label="Zoom in" onClick={() => zoomBy(1.25)} testId="topology-zoom-in">
          +
        </ZoomButton>
        <ZoomButton label="Zoom out" onClick={() => zoomBy(0.8)} testId="topology-zoom-out">
          −
        </ZoomButton>
        <ZoomButton label="Fit to view" onClick={fit} testId="topology-zoom-fit">
          Fit
        </ZoomButton>
      </div>
      <p className="pointer-events-none absolute bottom-1.5 left-2 hidden text-[11px] text-muted sm:block">Scroll to zoom · drag to pan · keys: + − arrows 0 · Enter opens a node</p>
    </div>
  );
}

function ZoomButton({ label, onClick, children, testId }: { label: string; onClick: () => void; children: string; testId: string }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} className="h-7 min-w-8 border-l border-line-soft px-2 text-[13px] font-semibold text-ink first:border-l-0 hover:bg-surface-2" data-testid={testId}>
      {children}
    </button>
  );
}

function EdgeLabel({ lines, at, color }: { lines: string[]; at: { x: number; y: number }; color: string }) {
  const { width, height } = edgeLabelSize(lines);
  return (
    <g transform={`translate(${at.x - width / 2},${at.y - height / 2})`} data-testid="topology-edge-label">
      <rect width={width} height={height} rx={3} fill="#ffffff" stroke={color} strokeOpacity={0.45} />
      {lines.map((line, i) => (
        <text key={i} x={width / 2} y={14 + i * 13} fontSize={10.5} textAnchor="middle" fill={i === 0 ? '#242e42' : '#79879c'}>
          {line}
        </text>
      ))}
    </g>
  );
}
