/**
 * Layout of the versioned-application graph (Kiali's "versioned app" graph, see
 * https://kiali.io/docs/features/topology/): an ingress node, service boxes grouping their version
 * nodes, and edges with traffic labels. Positions come from dagre's layered layout
 * (https://github.com/dagrejs/dagre/wiki), never hand-placed coordinates.
 */
import dagre from '@dagrejs/dagre';
import type { TopologyEdge, TopologyNode, TopologyView } from '@/lib/api/telemetry-types';
import { compareVersions, trafficLabelLines } from './telemetry-format';

export type EdgeLabelMode = 'full' | 'rate' | 'none';

export interface LayoutLeaf {
  id: string;
  node: TopologyNode;
  width: number;
  height: number;
  /** the service box this node sits in, if any */
  group?: string;
}

export interface LayoutGroup {
  id: string;
  node: TopologyNode;
  children: string[];
}

export interface LayoutEdgeInput {
  id: string;
  edge: TopologyEdge;
  /** endpoints as laid out: an edge to a service box is laid out to its first version */
  layoutSource: string;
  layoutTarget: string;
  /** the edge's real endpoint is a service box (drawn to the box border) */
  sourceIsGroup: boolean;
  targetIsGroup: boolean;
  label: string[];
}

export interface LayoutInput {
  leaves: LayoutLeaf[];
  groups: LayoutGroup[];
  edges: LayoutEdgeInput[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends LayoutEdgeInput {
  points: { x: number; y: number }[];
  labelAt: { x: number; y: number } | null;
}

export interface GraphLayout {
  width: number;
  height: number;
  /** boxes by id, top-left based */
  leaves: (LayoutLeaf & Box)[];
  groups: (LayoutGroup & Box)[];
  edges: PlacedEdge[];
}

const CHAR_W = 6.6;
const LABEL_LINE_H = 13;
const GROUP_PAD = 12;
const GROUP_HEADER = 22;
/** x of a service box's title from the box's left edge (after its health dot), see topology-graph.tsx */
export const TITLE_INSET = 20;
/** width per character of a bold 12 px title, a little over the widest lower-case average */
export const TITLE_CHAR_W = 7.4;

/** Box size of a node, wide enough for its label and a one-line figure under it. */
export function nodeSize(node: TopologyNode): { width: number; height: number } {
  const text = node.kind === 'version' ? (node.version ?? node.label) : node.label;
  const width = Math.max(node.kind === 'version' ? 64 : 96, Math.min(220, Math.ceil(text.length * CHAR_W) + 44));
  return { width, height: node.kind === 'version' ? 40 : 44 };
}

/** The text of an edge label in the chosen mode. */
export function edgeLabel(edge: TopologyEdge, mode: EdgeLabelMode): string[] {
  if (mode === 'none') return [];
  const lines = trafficLabelLines(edge.traffic, edge.share);
  return mode === 'rate' ? lines.slice(0, 1) : lines;
}

/**
 * Turns the topology view into layout input: service nodes that have version nodes become boxes,
 * everything else a leaf; edges whose endpoints are missing are dropped, and edges to or from a box
 * are laid out against its first version (dagre cannot route edges to compound nodes).
 */
export function buildLayoutInput(view: Pick<TopologyView, 'nodes' | 'edges'>, mode: EdgeLabelMode = 'full'): LayoutInput {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const children = new Map<string, TopologyNode[]>();
  for (const n of view.nodes) {
    if (n.kind === 'version' && n.parent && byId.get(n.parent)?.kind === 'service') {
      const list = children.get(n.parent) ?? [];
      list.push(n);
      children.set(n.parent, list);
    }
  }
  const groups: LayoutGroup[] = [];
  const firstChild = new Map<string, string>();
  for (const [id, list] of children) {
    list.sort((a, b) => compareVersions(a.version ?? a.label, b.version ?? b.label));
    groups.push({ id, node: byId.get(id)!, children: list.map((c) => c.id) });
    firstChild.set(id, list[0].id);
  }
  groups.sort((a, b) => a.id.localeCompare(b.id));

  const leaves: LayoutLeaf[] = view.nodes
    .filter((n) => !children.has(n.id))
    .map((n) => ({ id: n.id, node: n, ...nodeSize(n), group: n.kind === 'version' && n.parent && children.has(n.parent) ? n.parent : undefined }));

  const edges: LayoutEdgeInput[] = [];
  for (const e of view.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const layoutSource = firstChild.get(e.source) ?? e.source;
    const layoutTarget = firstChild.get(e.target) ?? e.target;
    edges.push({
      id: e.id,
      edge: e,
      layoutSource,
      layoutTarget,
      sourceIsGroup: firstChild.has(e.source),
      targetIsGroup: firstChild.has(e.target),
      label: edgeLabel(e, mode),
    });
  }
  return { leaves, groups, edges };
}

function labelSize(lines: string[]): { width: number; height: number } {
  if (lines.length === 0) return { width: 0, height: 0 };
  return { width: Math.ceil(Math.max(...lines.map((l) => l.length)) * 5.9) + 10, height: lines.length * LABEL_LINE_H + 6 };
}

/** Runs dagre (left to right, like Kiali and KubeSphere) and returns top-left boxes and edge polylines. */
export function layoutTopology(input: LayoutInput): GraphLayout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 80, edgesep: 14, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const grp of input.groups) g.setNode(grp.id, { width: 0, height: 0, paddingTop: GROUP_HEADER, paddingLeft: GROUP_PAD, paddingRight: GROUP_PAD, paddingBottom: GROUP_PAD });
  for (const leaf of input.leaves) {
    g.setNode(leaf.id, { width: leaf.width, height: leaf.height });
    if (leaf.group) g.setParent(leaf.id, leaf.group);
  }
  for (const e of input.edges) {
    if (e.layoutSource === e.layoutTarget) continue; // a self call: drawn as a loop, not laid out
    const size = labelSize(e.label);
    g.setEdge(e.layoutSource, e.layoutTarget, { ...size, labelpos: 'c', minlen: 1, weight: 1 }, e.id);
  }
  dagre.layout(g);

  const box = (id: string, fallback: { width: number; height: number }): Box => {
    const n = g.node(id) as { x?: number; y?: number; width?: number; height?: number } | undefined;
    const width = n?.width ?? fallback.width;
    const height = n?.height ?? fallback.height;
    return { x: (n?.x ?? 0) - width / 2, y: (n?.y ?? 0) - height / 2, width, height };
  };

  const leaves = input.leaves.map((l) => ({ ...l, ...box(l.id, l) }));
  const groups = input.groups.map((grp) => {
    // Recompute the box from the children so it always encloses them with room for its title.
    const kids = leaves.filter((l) => l.group === grp.id);
    const minX = Math.min(...kids.map((k) => k.x)) - GROUP_PAD;
    const minY = Math.min(...kids.map((k) => k.y)) - GROUP_HEADER - 6;
    const maxX = Math.max(...kids.map((k) => k.x + k.width)) + GROUP_PAD;
    const maxY = Math.max(...kids.map((k) => k.y + k.height)) + GROUP_PAD;
    // the title starts after the health dot (TITLE_INSET) and is bold, so it runs wider than CHAR_W
    const titleWidth = TITLE_INSET + Math.ceil(grp.node.label.length * TITLE_CHAR_W) + GROUP_PAD;
    const width = Math.max(maxX - minX, titleWidth);
    return { ...grp, x: minX - (width - (maxX - minX)) / 2, y: minY, width, height: maxY - minY };
  });
  const boxes = new Map<string, Box>([...leaves, ...groups].map((b) => [b.id, b]));

  const edges: PlacedEdge[] = input.edges.map((e) => {
    const src = boxes.get(e.sourceIsGroup ? e.edge.source : e.layoutSource)!;
    const dst = boxes.get(e.targetIsGroup ? e.edge.target : e.layoutTarget)!;
    if (e.layoutSource === e.layoutTarget) {
      const x = src.x + src.width;
      const y = src.y + src.height / 2;
      return { ...e, points: [{ x, y: y - 8 }, { x: x + 30, y: y - 20 }, { x: x + 30, y: y + 20 }, { x, y: y + 8 }], labelAt: e.label.length ? { x: x + 34, y } : null };
    }
    const laid = g.edge({ v: e.layoutSource, w: e.layoutTarget, name: e.id }) as { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
    const inner = (laid?.points ?? []).slice(1, -1);
    const first = inner[0] ?? { x: dst.x, y: dst.y + dst.height / 2 };
    const last = inner[inner.length - 1] ?? { x: src.x + src.width, y: src.y + src.height / 2 };
    const points = [borderPoint(src, first), ...inner, borderPoint(dst, last)];
    const labelAt = e.label.length && laid?.x !== undefined && laid.y !== undefined ? { x: laid.x, y: laid.y } : null;
    return { ...e, points, labelAt };
  });

  const all = [...leaves, ...groups];
  const width = Math.max(200, ...all.map((b) => b.x + b.width), ...edges.flatMap((e) => e.points.map((p) => p.x))) + 24;
  const height = Math.max(120, ...all.map((b) => b.y + b.height), ...edges.flatMap((e) => e.points.map((p) => p.y))) + 24;
  return { width, height, leaves, groups, edges };
}

/** Where the segment from the centre of `b` towards `toward` crosses the border of `b`. */
export function borderPoint(b: Box, toward: { x: number; y: number }): { x: number; y: number } {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx === 0 ? Infinity : b.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: cx + dx * s, y: cy + dy * s };
}

/** A smooth SVG path through the points (quadratic segments between midpoints). */
export function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length <= 2) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    const end = i === points.length - 2 ? points[i + 1] : mid;
    d += ` Q${r(points[i].x)},${r(points[i].y)} ${r(end.x)},${r(end.y)}`;
  }
  return d;
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The zoom that fits a `content` box in a `viewport`, with a margin, between `min` and `max`. */
export function fitScale(content: { width: number; height: number }, viewport: { width: number; height: number }, min = 0.2, max = 1): number {
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return 1;
  return Math.max(min, Math.min(max, (viewport.width - 16) / content.width, (viewport.height - 16) / content.height));
}

/** Zooms by `factor` around a point of the viewport, keeping that point still. */
export function zoomAt(view: { scale: number; tx: number; ty: number }, factor: number, at: { x: number; y: number }, limits = { min: 0.2, max: 3 }) {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale * factor));
  const k = scale / view.scale;
  return { scale, tx: at.x - (at.x - view.tx) * k, ty: at.y - (at.y - view.ty) * k };
}
