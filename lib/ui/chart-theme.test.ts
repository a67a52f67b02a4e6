import { describe, expect, it } from 'vitest';
import { CHART_INK, CHART_LEGEND, CHART_TEXT, CHART_TICK, CHART_TOOLTIP, contrastRatio } from './chart-theme';

// the surfaces charts are drawn on: cards (white), the YAML/surface-2 tint and the page background
const BACKGROUNDS = ['#ffffff', '#f9fbfd', '#eff4f9'];

describe('chart theme (issue 10: chart text meets 4.5:1)', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // the old axis text: 3.6:1, the reason recharts was left out of the axe checks
    expect(contrastRatio('#79879c', '#ffffff')).toBeLessThan(4.5);
    expect(() => contrastRatio('grey', '#ffffff')).toThrow(/#rrggbb, got grey/);
  });

  it('every text colour of the charts reaches 4.5:1 on every chart background', () => {
    const texts = [CHART_TEXT, CHART_INK, CHART_TICK.fill, CHART_LEGEND.labelStyle.color, CHART_TOOLTIP.itemStyle.color, CHART_TOOLTIP.labelStyle.color, CHART_TOOLTIP.contentStyle.color];
    for (const text of texts) for (const bg of BACKGROUNDS) expect(contrastRatio(text, bg), `${text} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });
});
