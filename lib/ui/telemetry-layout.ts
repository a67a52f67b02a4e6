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
  /**
   * endpoints as laid out: the top-level boxes (a version's service box, else the node itself);
   * dagre places services, the versions are stacked inside their box by `layoutTopology`
   */
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
  /** the room dagre kept for the label (at least its size), so a refresh's new figures can reuse it */
  slot: { width: number; height: number };
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
export function edgeLabel(edge: TopologyEdge, mode: EdgeLabelMode, latencyPending = false): string[] {
  if (mode === 'none') return [];
  const lines = trafficLabelLines(edge.traffic, edge.share, latencyPending);
  return mode === 'rate' ? lines.slice(0, 1) : lines;
}

/**
 * Turns the topology view into layout input: service nodes that have version nodes become boxes,
 * everything else a leaf; edges whose endpoints are missing are dropped, and edges to or from a box
 * are laid out against its first version (dagre cannot route edges to compound nodes).
 */
export function buildLayoutInput(view: Pick<TopologyView, 'nodes' | 'edges' | 'latencyOmitted'>, mode: EdgeLabelMode = 'full'): LayoutInput {
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
  const groupOf = new Map<string, string>();
  for (const [id, list] of children) {
    list.sort((a, b) => compareVersions(a.version ?? a.label, b.version ?? b.label));
    groups.push({ id, node: byId.get(id)!, children: list.map((c) => c.id) });
    for (const c of list) groupOf.set(c.id, id);
  }
  groups.sort((a, b) => a.id.localeCompare(b.id));

  const leaves: LayoutLeaf[] = view.nodes.filter((n) => !children.has(n.id)).map((n) => ({ id: n.id, node: n, ...nodeSize(n), group: groupOf.get(n.id) }));

  const edges: LayoutEdgeInput[] = [];
  for (const e of view.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    edges.push({
      id: e.id,
      edge: e,
      layoutSource: groupOf.get(e.source) ?? e.source,
      layoutTarget: groupOf.get(e.target) ?? e.target,
      sourceIsGroup: children.has(e.source),
      targetIsGroup: children.has(e.target),
      label: edgeLabel(e, mode, view.latencyOmitted === true),
    });
  }
  return { leaves, groups, edges };
}

/** Size of an edge's label plate (drawn by topology-graph.tsx with the same numbers). */
export function edgeLabelSize(lines: string[]): { width: number; height: number } {
  if (lines.length === 0) return { width: 0, height: 0 };
  return { width: Math.ceil(Math.max(...lines.map(labelChars)) * 5.9) + 10, height: lines.length * LABEL_LINE_H + 6 };
}

/**
 * Room kept for a label's p95 value: its usual widest ("999 ms"), so a label keeps its slot when
 * its latency arrives after the graph ("p95 …" first) or changes on a refresh, and the layout is
 * reused (reuseLayout) instead of re-run.
 */
const P95_ROOM = 'p95 999 ms'.length;

/** A label line's width in characters, with the p95 room. */
function labelChars(line: string): number {
  const at = line.lastIndexOf('p95 ');
  return at < 0 ? line.length : at + Math.max(line.length - at, P95_ROOM);
}

/** Label slots are rounded up to this many pixels of width. */
const SLOT_STEP = 16;

/** Vertical gap between the version nodes stacked in a service box. */
const VERSION_GAP = 10;

/**
 * Size of a service box and its versions' offsets inside it: versions stacked top to bottom under
 * the title, centred; wide enough for the bold title after the health dot.
 */
function groupFrame(grp: LayoutGroup, kids: LayoutLeaf[]): { width: number; height: number; offsets: Map<string, { dx: number; dy: number }> } {
  const titleWidth = TITLE_INSET + Math.ceil(grp.node.label.length * TITLE_CHAR_W) + GROUP_PAD;
  const inner = Math.max(0, ...kids.map((k) => k.width));
  const width = Math.max(inner + 2 * GROUP_PAD, titleWidth);
  const offsets = new Map<string, { dx: number; dy: number }>();
  let y = GROUP_HEADER + 6;
  for (const k of kids) {
    offsets.set(k.id, { dx: (width - k.width) / 2, dy: y });
    y += k.height + VERSION_GAP;
  }
  return { width, height: y - VERSION_GAP + GROUP_PAD, offsets };
}

/**
 * Runs dagre (left to right, like Kiali and KubeSphere) on the service-level graph and returns
 * top-left boxes and edge polylines. Service boxes are plain dagre nodes sized to hold their
 * versions, which are then stacked inside: dagre's compound-graph mode (nested nodes) costs
 * seconds at 100 services and minutes at 1,000, the flat graph a fraction of that. Every edge is
 * still laid out by dagre (one multigraph edge per version edge, so each gets its own label
 * slot), only its two ends are moved from the service box to the version node it connects.
 */
export function layoutTopology(input: LayoutInput): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 80, edgesep: 14, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const kidsOf = new Map<string, LayoutLeaf[]>(input.groups.map((grp) => [grp.id, []]));
  for (const leaf of input.leaves) if (leaf.group) kidsOf.get(leaf.group)?.push(leaf);
  const frames = new Map<string, ReturnType<typeof groupFrame>>();
  for (const grp of input.groups) {
    const order = new Map(grp.children.map((id, i) => [id, i]));
    const kids = kidsOf.get(grp.id)!.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const frame = groupFrame(grp, kids);
    frames.set(grp.id, frame);
    g.setNode(grp.id, { width: frame.width, height: frame.height });
  }
  for (const leaf of input.leaves) if (!leaf.group || !frames.has(leaf.group)) g.setNode(leaf.id, { width: leaf.width, height: leaf.height });
  // Parallel edges between two boxes (calls between versions) share their label slots: every slot
  // is as large as the largest label, so routes can be handed out again in the versions' order.
  const pairKey = (e: LayoutEdgeInput) => `${e.layoutSource}\u0000${e.layoutTarget}`;
  const pairs = new Map<string, LayoutEdgeInput[]>();
  const slots = new Map<string, { width: number; height: number }>();
  for (const e of input.edges) {
    if (e.layoutSource === e.layoutTarget) continue; // a call inside one box: drawn as a loop, not laid out
    const list = pairs.get(pairKey(e));
    if (list) list.push(e);
    else pairs.set(pairKey(e), [e]);
  }
  for (const list of pairs.values()) {
    const sizes = list.map((e) => edgeLabelSize(e.label));
    // rounded up, so a refresh whose figures are a digit longer still fits (see reuseLayout)
    const slot = { width: Math.ceil(Math.max(...sizes.map((x) => x.width)) / SLOT_STEP) * SLOT_STEP, height: Math.max(...sizes.map((x) => x.height)) };
    for (const e of list) {
      slots.set(e.id, slot);
      g.setEdge(e.layoutSource, e.layoutTarget, { ...slot, labelpos: 'c', minlen: 1, weight: 1 }, e.id);
    }
  }
  dagre.layout(g);

  const topLeft = (id: string): { x: number; y: number } => {
    const n = g.node(id) as { x?: number; y?: number; width: number; height: number } | undefined;
    return { x: (n?.x ?? 0) - (n?.width ?? 0) / 2, y: (n?.y ?? 0) - (n?.height ?? 0) / 2 };
  };
  const groups = input.groups.map((grp) => {
    const frame = frames.get(grp.id)!;
    return { ...grp, ...topLeft(grp.id), width: frame.width, height: frame.height };
  });
  const groupBox = new Map(groups.map((b) => [b.id, b]));
  const leaves = input.leaves.map((l) => {
    const grp = l.group ? groupBox.get(l.group) : undefined;
    const off = grp ? frames.get(grp.id)!.offsets.get(l.id) : undefined;
    const at = grp && off ? { x: grp.x + off.dx, y: grp.y + off.dy } : topLeft(l.id);
    return { ...l, ...at, width: l.width, height: l.height };
  });
  const boxes = new Map<string, Box>([...leaves, ...groups].map((b) => [b.id, b]));

  // dagre orders parallel routes without knowing which version inside a box each one reaches: give
  // the topmost route to the edge between the topmost versions, and so on, so they do not cross.
  type Route = { points?: { x: number; y: number }[]; x?: number; y?: number };
  const routeOf = new Map<string, Route | undefined>();
  const midY = (id: string) => {
    const b = boxes.get(id)!;
    return b.y + b.height / 2;
  };
  for (const list of pairs.values()) {
    const routes = list.map((e) => g.edge({ v: e.layoutSource, w: e.layoutTarget, name: e.id }) as Route | undefined);
    if (list.length > 1) {
      routes.sort((a, b) => (a?.y ?? 0) - (b?.y ?? 0));
      list.sort((a, b) => midY(a.edge.target) - midY(b.edge.target) || midY(a.edge.source) - midY(b.edge.source));
    }
    list.forEach((e, i) => routeOf.set(e.id, routes[i]));
  }

  const edges: PlacedEdge[] = input.edges.map((e) => {
    const src = boxes.get(e.edge.source)!;
    const dst = boxes.get(e.edge.target)!;
    if (e.layoutSource === e.layoutTarget) {
      // out of the source's right side, around the outside of the box, into the target's right side
      const outer = boxes.get(e.layoutSource)!;
      const x = outer.x + outer.width + 30;
      const y1 = src.y + src.height / 2;
      const y2 = dst.y + dst.height / 2;
      const bend = src === dst ? 12 : 0;
      const points = [{ x: src.x + src.width, y: y1 - (src === dst ? 8 : 0) }, { x, y: y1 - bend }, { x, y: y2 + bend }, { x: dst.x + dst.width, y: y2 + (src === dst ? 8 : 0) }];
      const size = edgeLabelSize(e.label);
      return { ...e, points, labelAt: e.label.length ? { x: x + 4 + size.width / 2, y: (y1 + y2) / 2 } : null, slot: size };
    }
    const laid = routeOf.get(e.id);
    const inner = (laid?.points ?? []).slice(1, -1);
    const first = inner[0] ?? { x: dst.x, y: dst.y + dst.height / 2 };
    const last = inner[inner.length - 1] ?? { x: src.x + src.width, y: src.y + src.height / 2 };
    // A version inside a box is left from the middle of its right side and entered in the middle
    // of its left side (edgePath starts and ends level), so no line crosses a sibling version.
    const srcBox = e.layoutSource !== e.edge.source ? groupBox.get(e.layoutSource) : undefined;
    const dstBox = e.layoutTarget !== e.edge.target ? groupBox.get(e.layoutTarget) : undefined;
    const head = srcBox && first.x > srcBox.x + srcBox.width ? { x: src.x + src.width, y: src.y + src.height / 2 } : borderPoint(src, first);
    const tail = dstBox && last.x < dstBox.x ? { x: dst.x, y: dst.y + dst.height / 2 } : borderPoint(dst, last);
    const points = [head, ...inner, tail];
    const labelAt = e.label.length && laid?.x !== undefined && laid.y !== undefined ? { x: laid.x, y: laid.y } : null;
    return { ...e, points, labelAt, slot: slots.get(e.id) ?? edgeLabelSize(e.label) };
  });

  const all = [...leaves, ...groups];
  let width = 200;
  let height = 120;
  for (const b of all) {
    width = Math.max(width, b.x + b.width);
    height = Math.max(height, b.y + b.height);
  }
  for (const e of edges) {
    for (const p of e.points) {
      width = Math.max(width, p.x);
      height = Math.max(height, p.y);
    }
  }
  return { width: width + 24, height: height + 24, leaves, groups, edges };
}

/**
 * The previous layout with the new figures when the graph kept its shape (same nodes, boxes and
 * edges, every node the same size, every new edge label fitting the room kept for it), else null.
 * The traffic page refreshes every 10 s: re-running dagre each time would block the main thread
 * for seconds at 1,000 services and move nodes under the user's pointer for nothing.
 */
export function reuseLayout(prev: GraphLayout | null, input: LayoutInput): GraphLayout | null {
  if (!prev || prev.leaves.length !== input.leaves.length || prev.groups.length !== input.groups.length || prev.edges.length !== input.edges.length) return null;
  const leaves = new Map(input.leaves.map((l) => [l.id, l]));
  const groups = new Map(input.groups.map((g) => [g.id, g]));
  const edges = new Map(input.edges.map((e) => [e.id, e]));
  const nextLeaves: GraphLayout['leaves'] = [];
  for (const old of prev.leaves) {
    const l = leaves.get(old.id);
    if (!l || l.group !== old.group || l.width !== old.width || l.height !== old.height) return null;
    nextLeaves.push({ ...old, node: l.node });
  }
  const nextGroups: GraphLayout['groups'] = [];
  for (const old of prev.groups) {
    const g = groups.get(old.id);
    if (!g || g.node.label !== old.node.label || g.children.join('|') !== old.children.join('|')) return null;
    nextGroups.push({ ...old, node: g.node });
  }
  const nextEdges: PlacedEdge[] = [];
  for (const old of prev.edges) {
    const e = edges.get(old.id);
    if (!e || e.layoutSource !== old.layoutSource || e.layoutTarget !== old.layoutTarget || e.label.length !== old.label.length) return null;
    const size = edgeLabelSize(e.label);
    if (size.width > old.slot.width || size.height > old.slot.height) return null;
    nextEdges.push({ ...old, edge: e.edge, label: e.label });
  }
  return { ...prev, leaves: nextLeaves, groups: nextGroups, edges: nextEdges };
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

/**
 * A smooth SVG path through every point (a Catmull-Rom spline as cubic Béziers), so an edge passes
 * through its label's point and the bends dagre routed around other nodes. It leaves its first
 * point and reaches its last one level (the graph runs left to right), as arrows into a node's
 * side should.
 * @see https://en.wikipedia.org/wiki/Centripetal_Catmull%E2%80%93Rom_spline
 */
export function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length <= 2) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[i + 2] ?? p2;
    const level = (p2.x - p1.x) / 3;
    const c1 = i === 0 ? { x: p1.x + level, y: p1.y } : { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = i === points.length - 2 ? { x: p2.x - level, y: p2.y } : { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C${r(c1.x)},${r(c1.y)} ${r(c2.x)},${r(c2.y)} ${r(p2.x)},${r(p2.y)}`;
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
