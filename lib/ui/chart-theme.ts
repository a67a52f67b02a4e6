/**
 * Colours and text styles shared by every recharts chart (issue 10: chart text meets WCAG AA,
 * 4.5:1, on the white cards and the light surfaces the charts sit on). recharts colours legend
 * and tooltip entries like their series by default, and the series colours are picked to tell
 * lines apart, not to be read as text (#329dce is 3.1:1 on white), so the text is set here and
 * only the line, dot and legend icon carry the series colour.
 */

/** Axis ticks, legend and secondary labels: the console's muted ink (#56657a, 5.9:1 on white). */
export const CHART_TEXT = '#56657a';
/** Labels that name something (marker labels, tooltip entries): the console's second ink (9.9:1 on white). */
export const CHART_INK = '#36435c';
/** Grid lines: decoration, not text. */
export const CHART_GRID = '#e3e9ef';
/** Axis lines: decoration, not text. */
export const CHART_AXIS_LINE = '#ccd3db';

/** recharts `tick` prop of an axis. */
export const CHART_TICK = { fontSize: 10, fill: CHART_TEXT } as const;

/** recharts `<Legend>` props: the series colour stays on the icon, the name is ink. */
export const CHART_LEGEND = { wrapperStyle: { fontSize: 11 }, iconSize: 10, labelStyle: { color: CHART_INK } } as const;

/** recharts `<Tooltip>` props: ink entries on a white box (the colour swatch is the line itself). */
export const CHART_TOOLTIP = {
  contentStyle: { fontSize: 12, borderColor: CHART_AXIS_LINE, borderRadius: 4, color: CHART_INK },
  labelStyle: { color: CHART_INK },
  itemStyle: { color: CHART_INK },
} as const;

/** WCAG 2.x contrast ratio of two #rrggbb colours (1 to 21). https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const m = /^#([0-9a-f]{6})$/i.exec(hex);
    if (!m) throw new Error(`colour: expected #rrggbb, got ${hex}`);
    const [r, g, bl] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
