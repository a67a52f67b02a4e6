import { describe, expect, it } from 'vitest';
import { borderPoint, buildLayoutInput, edgeLabelSize, edgePath, fitScale, layoutTopology, reuseLayout, TITLE_CHAR_W, TITLE_INSET, zoomAt } from './telemetry-layout';
import type { Box } from './telemetry-layout';
import { bookinfoTopology, syntheticTopology } from './telemetry-test-fixtures';

describe('buildLayoutInput', () => {
  it('groups versions in service boxes and keeps the other nodes as leaves', () => {
    const input = buildLayoutInput(bookinfoTopology());
    expect(input.groups.map((g) => [g.id, g.children])).toEqual([
      ['svc:details', ['ver:details:v1']],
      ['svc:productpage', ['ver:productpage:v1']],
      ['svc:ratings', ['ver:ratings:v1']],
      ['svc:reviews', ['ver:reviews:v1', 'ver:reviews:v2']],
    ]);
    expect(input.leaves.find((l) => l.id === 'ingress')?.group).toBeUndefined();
    expect(input.leaves.find((l) => l.id === 'ver:reviews:v2')?.group).toBe('svc:reviews');
    expect(input.leaves.some((l) => l.id === 'svc:reviews')).toBe(false);
  });

  it('lays edges out between top-level boxes: a version edge between its services, a box edge to the box', () => {
    const input = buildLayoutInput(bookinfoTopology());
    expect(input.edges.find((x) => x.id === 'ingress->ver:productpage:v1')).toMatchObject({ layoutSource: 'ingress', layoutTarget: 'svc:productpage', targetIsGroup: false, sourceIsGroup: false });
    expect(input.edges.find((x) => x.id === 'ver:productpage:v1->svc:reviews')).toMatchObject({ layoutSource: 'svc:productpage', layoutTarget: 'svc:reviews', targetIsGroup: true });
    expect(input.edges.find((x) => x.id === 'ver:reviews:v2->ver:ratings:v1')).toMatchObject({ layoutSource: 'svc:reviews', layoutTarget: 'svc:ratings', targetIsGroup: false, sourceIsGroup: false });
  });

  it('drops edges whose endpoints are missing and labels by mode', () => {
    const view = bookinfoTopology();
    view.edges.push({ ...view.edges[0], id: 'dangling', target: 'nope' });
    const full = buildLayoutInput(view, 'full');
    expect(full.edges.some((e) => e.id === 'dangling')).toBe(false);
    expect(full.edges[0].label).toEqual(['10 req/s · 100%', 'err 0% · p95 20 ms']);
    expect(buildLayoutInput(view, 'rate').edges[0].label).toEqual(['10 req/s · 100%']);
    expect(buildLayoutInput(view, 'none').edges[0].label).toEqual([]);
  });
});

describe('layoutTopology', () => {
  it('places the graph left to right with boxes enclosing their versions', () => {
    const layout = layoutTopology(buildLayoutInput(bookinfoTopology()));
    const at = (id: string) => layout.leaves.find((l) => l.id === id)!;
    expect(at('ingress').x).toBeLessThan(at('ver:productpage:v1').x);
    expect(at('ver:productpage:v1').x).toBeLessThan(at('ver:ratings:v1').x);
    for (const g of layout.groups) {
      for (const c of layout.leaves.filter((l) => l.group === g.id)) {
        expect(c.x).toBeGreaterThanOrEqual(g.x);
        expect(c.y).toBeGreaterThan(g.y);
        expect(c.x + c.width).toBeLessThanOrEqual(g.x + g.width);
        expect(c.y + c.height).toBeLessThanOrEqual(g.y + g.height);
      }
    }
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it('service boxes are wide enough for their bold title after the health dot', () => {
    // a one-version service whose name is longer than its version node (found in chromium at 50 services)
    const layout = layoutTopology(buildLayoutInput(bookinfoTopology()));
    for (const g of layout.groups) expect(g.width, g.id).toBeGreaterThanOrEqual(TITLE_INSET + g.node.label.length * TITLE_CHAR_W + 12);
  });

  it('lays out 50 services (every tenth with a canary) with no overlapping nodes, boxes or edge labels', () => {
    const view = syntheticTopology(50);
    // a v2 next to v1 in every tenth service, called like v1: two edges (and labels) per service pair
    for (let i = 0; i < 50; i += 10) {
      view.nodes.push({ ...view.nodes.find((n) => n.id === `ver:s${i}:v1`)!, id: `ver:s${i}:v2`, label: 'v2', version: 'v2' });
      const into = view.edges.find((e) => e.target === `ver:s${i}:v1`)!;
      view.edges.push({ ...into, id: `${into.source}->ver:s${i}:v2`, target: `ver:s${i}:v2` });
    }
    const layout = layoutTopology(buildLayoutInput(view));
    expect(layout.leaves).toHaveLength(56);
    expect(layout.groups).toHaveLength(50);
    const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
    const problems: string[] = [];
    const { leaves, groups } = layout;
    for (let i = 0; i < leaves.length; i++) for (let j = i + 1; j < leaves.length; j++) if (overlap(leaves[i], leaves[j])) problems.push(`${leaves[i].id} overlaps ${leaves[j].id}`);
    for (let i = 0; i < groups.length; i++) for (let j = i + 1; j < groups.length; j++) if (overlap(groups[i], groups[j])) problems.push(`box ${groups[i].id} overlaps ${groups[j].id}`);
    for (const l of leaves) {
      const g = groups.find((x) => x.id === l.group);
      if (l.group && !(g && inside(l, g))) problems.push(`${l.id} is outside its box`);
      for (const other of groups) if (other.id !== l.group && overlap(l, other)) problems.push(`${l.id} overlaps box ${other.id}`);
    }
    const labels = layout.edges.filter((e) => e.labelAt).map((e) => {
      const size = edgeLabelSize(e.label);
      return { id: e.id, x: e.labelAt!.x - size.width / 2, y: e.labelAt!.y - size.height / 2, ...size };
    });
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) if (overlap(labels[i], labels[j])) problems.push(`labels of ${labels[i].id} and ${labels[j].id} overlap`);
      for (const b of [...leaves, ...groups]) if (overlap(labels[i], b)) problems.push(`label of ${labels[i].id} covers ${b.id}`);
    }
    expect(problems).toEqual([]);
  });

  it('draws each edge from its real source node to its real target node', () => {
    const layout = layoutTopology(buildLayoutInput(bookinfoTopology()));
    const box = (id: string) => [...layout.leaves, ...layout.groups].find((b) => b.id === id)!;
    const onBorder = (p: { x: number; y: number }, b: Box) =>
      p.x >= b.x - 0.01 && p.x <= b.x + b.width + 0.01 && p.y >= b.y - 0.01 && p.y <= b.y + b.height + 0.01 &&
      (Math.abs(p.x - b.x) < 0.01 || Math.abs(p.x - b.x - b.width) < 0.01 || Math.abs(p.y - b.y) < 0.01 || Math.abs(p.y - b.y - b.height) < 0.01);
    for (const e of layout.edges) {
      expect(onBorder(e.points[0], box(e.edge.source)), `${e.id} starts on its source`).toBe(true);
      expect(onBorder(e.points[e.points.length - 1], box(e.edge.target)), `${e.id} ends on its target`).toBe(true);
    }
    // the two reviews versions are stacked inside the reviews box, v1 above v2
    expect(box('ver:reviews:v1').y).toBeLessThan(box('ver:reviews:v2').y);
  });

  it('hands parallel routes out in the order of the versions they reach, so they do not cross', () => {
    const layout = layoutTopology(buildLayoutInput(bookinfoTopology()));
    const into = (id: string) => layout.edges.find((e) => e.id === id)!;
    const v1 = into('ver:productpage:v1->ver:reviews:v1');
    const v2 = into('ver:productpage:v1->ver:reviews:v2');
    expect(v1.labelAt!.y).toBeLessThan(v2.labelAt!.y);
  });

  it('draws a call inside one service box as a loop beside the box', () => {
    const view = bookinfoTopology();
    view.edges.push({ ...view.edges[0], id: 'ver:reviews:v1->ver:reviews:v2', source: 'ver:reviews:v1', target: 'ver:reviews:v2' });
    const layout = layoutTopology(buildLayoutInput(view));
    const loop = layout.edges.find((e) => e.id === 'ver:reviews:v1->ver:reviews:v2')!;
    const reviews = layout.groups.find((g) => g.id === 'svc:reviews')!;
    expect(Math.max(...loop.points.map((p) => p.x))).toBeGreaterThan(reviews.x + reviews.width);
    expect(loop.labelAt!.x).toBeGreaterThan(reviews.x + reviews.width);
  });

  it('lays out 300 services in a flat graph (the compound layout took 4 s at 100 in chromium)', () => {
    const layout = layoutTopology(buildLayoutInput(syntheticTopology(300), 'rate'));
    expect(layout.leaves).toHaveLength(301);
    expect(layout.edges.every((e) => e.points.length >= 2 && e.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))).toBe(true);
  });
});

describe('reuseLayout', () => {
  it('the graph laid out before its latencies arrived ("p95 …") keeps its layout when they do', () => {
    const quick = { ...bookinfoTopology(), latencyOmitted: true as const };
    const input = buildLayoutInput(quick);
    expect(input.edges.every((e) => e.label.length < 2 || e.label[1]!.endsWith('p95 …'))).toBe(true);
    const first = layoutTopology(input);
    // the full answer: every edge with a p95 of up to "999 ms" fits the room kept for it
    const full = bookinfoTopology();
    full.edges = full.edges.map((e) => ({ ...e, traffic: { ...e.traffic, p95Ms: 999 } }));
    const again = reuseLayout(first, buildLayoutInput(full));
    expect(again).not.toBeNull();
    expect(again!.edges.find((e) => e.label.length > 1)!.label[1]).toMatch(/p95 999 ms$/);
    expect(again!.leaves.map((l) => [l.id, l.x, l.y])).toEqual(first.leaves.map((l) => [l.id, l.x, l.y]));
  });

  it('keeps positions across a refresh with new figures, and lays out again when the shape changes', () => {
    const first = layoutTopology(buildLayoutInput(bookinfoTopology()));
    const refreshed = bookinfoTopology();
    refreshed.edges[0] = { ...refreshed.edges[0], traffic: { ...refreshed.edges[0].traffic, requestRate: 12.5 } };
    const again = reuseLayout(first, buildLayoutInput(refreshed))!;
    expect(again).not.toBeNull();
    expect(again.leaves.map((l) => [l.id, l.x, l.y])).toEqual(first.leaves.map((l) => [l.id, l.x, l.y]));
    expect(again.edges[0].label[0]).toBe('12.5 req/s · 100%');
    expect(again.edges[0].points).toEqual(first.edges[0].points);

    const grown = bookinfoTopology();
    grown.nodes.push({ ...grown.nodes.find((n) => n.id === 'ver:reviews:v2')!, id: 'ver:reviews:v3', label: 'reviews v3', version: 'v3' });
    expect(reuseLayout(first, buildLayoutInput(grown))).toBeNull();
    expect(reuseLayout(first, buildLayoutInput(bookinfoTopology(), 'rate'))).toBeNull();
    const wide = bookinfoTopology();
    wide.edges[0] = { ...wide.edges[0], traffic: { ...wide.edges[0].traffic, requestRate: 12_345_678_901 } };
    expect(reuseLayout(first, buildLayoutInput(wide))).toBeNull();
  });
});

describe('geometry helpers', () => {
  it('finds where a line leaves a box', () => {
    const b = { x: 0, y: 0, width: 100, height: 40 };
    expect(borderPoint(b, { x: 200, y: 20 })).toEqual({ x: 100, y: 20 });
    expect(borderPoint(b, { x: 50, y: -100 })).toEqual({ x: 50, y: 0 });
  });
  it('draws smooth paths', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe('M0,0 L10,0');
    // through every point (the middle one is where the edge's label sits)
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }])).toBe('M0,0 C3.3,0 6.7,10 10,10 C13.3,10 16.7,0 20,0');
  });
  it('fits and zooms around a point', () => {
    expect(fitScale({ width: 2000, height: 500 }, { width: 1016, height: 600 })).toBeCloseTo(0.5);
    expect(fitScale({ width: 100, height: 100 }, { width: 1000, height: 600 })).toBe(1);
    expect(fitScale({ width: 100, height: 100 }, { width: 1000, height: 600 }, 0.2, 1.3)).toBe(1.3);
    const z = zoomAt({ scale: 1, tx: 0, ty: 0 }, 2, { x: 100, y: 50 });
    expect(z).toEqual({ scale: 2, tx: -100, ty: -50 });
    expect(zoomAt({ scale: 3, tx: 0, ty: 0 }, 2, { x: 0, y: 0 }).scale).toBe(3);
  });
});
