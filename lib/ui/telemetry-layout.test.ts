import { describe, expect, it } from 'vitest';
import { borderPoint, buildLayoutInput, edgePath, fitScale, layoutTopology, TITLE_CHAR_W, TITLE_INSET, zoomAt } from './telemetry-layout';
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

  it('lays edges to a service box out against its first version', () => {
    const e = buildLayoutInput(bookinfoTopology()).edges.find((x) => x.id === 'ingress->svc:productpage')!;
    expect(e).toMatchObject({ layoutSource: 'ingress', layoutTarget: 'ver:productpage:v1', targetIsGroup: true, sourceIsGroup: false });
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

  it('lays out 50 services without overlapping nodes', () => {
    const layout = layoutTopology(buildLayoutInput(syntheticTopology(50)));
    expect(layout.leaves).toHaveLength(51);
    const boxes = layout.leaves;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
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
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }])).toBe('M0,0 Q10,10 20,0');
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
