/**
 * What e2e/console-pages.spec.ts judges on every page it visits (issue 10): axe-core's serious and
 * critical WCAG 2.1 A/AA violations, horizontal overflow, and the Cumulative Layout Shift since the
 * document was loaded. Each is a plain function of the page as it is now, so one visit can run all
 * three.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The serious and critical violations on the page as it is now, one line each (rule, impact, first nodes); logs the page's figures. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const t0 = Date.now();
  // legacy mode: one axe.run in the page; the default also opens a blank page per check to merge
  // frame results, and the console has no iframes to merge.
  // Charts are excluded: recharts draws them as SVG inside a labelled role="img" whose inner text
  // axe does not judge, yet walking it took half of each check's time on the job detail.
  const result = await new AxeBuilder({ page }).withTags(WCAG).exclude('.recharts-wrapper').setLegacyMode(true).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = result.violations.filter((v) => !serious.includes(v));
  console.log(`axe ${where} (${Date.now() - t0} ms): ${result.passes.length} rules pass, ${serious.length} serious/critical, ${other.length} minor/moderate${other.length ? ` (${other.map((v) => v.id).join(', ')})` : ''}`);
  return serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} -> ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${(n.any[0]?.message ?? n.failureSummary ?? '').slice(0, 160)}`)
        .join(' | ')}`,
  );
}

/** Installs a buffered layout-shift observer before any page script runs; every document load starts at 0. */
export async function observeLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (e.hadRecentInput) continue;
        w.__cls += e.value;
        const node = e.sources?.[0]?.node;
        const what = node instanceof Element ? `${node.tagName.toLowerCase()}${node.getAttribute('data-testid') ? `[${node.getAttribute('data-testid')}]` : ''}.${String(node.className).slice(0, 50)}` : (node?.nodeName ?? '?');
        w.__shifts.push(`${e.value.toFixed(4)} ${what}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shift summed since the document loaded (observeLayoutShift must have been installed), with each shift's size and node. */
export function layoutShift(page: Page): Promise<{ cls: number; shifts: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    return { cls: w.__cls, shifts: w.__shifts };
  });
}

/** Horizontal overflow of the document, naming the widest element, or null when it fits. */
export function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    if (el.scrollWidth <= el.clientWidth) return null;
    // name the widest culprit so the failure says where to look
    let widest = '';
    let max = el.clientWidth;
    for (const n of document.querySelectorAll<HTMLElement>('body *')) {
      const r = n.getBoundingClientRect();
      if (r.right > max + 1) {
        max = r.right;
        widest = `${n.tagName.toLowerCase()}[${n.getAttribute('data-testid') ?? ''}].${String(n.className).slice(0, 60)}`;
      }
    }
    return `scrollWidth ${el.scrollWidth} > ${el.clientWidth} (${widest})`;
  });
}
