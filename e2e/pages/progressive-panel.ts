import type { Locator, Page } from '@playwright/test';
import { ReleaseJobPage } from './release-job-page';

/** The job detail of a progressive job: its Analysis panel (issue 11). */
export class ProgressivePanel extends ReleaseJobPage {
  readonly panel: Locator;
  readonly verdict: Locator;
  readonly message: Locator;
  readonly decisions: Locator;
  readonly promql: Locator;
  readonly actionsReason: Locator;

  constructor(page: Page, ns: string, name: string) {
    super(page, ns, name);
    this.panel = page.getByTestId('analysis-panel');
    this.verdict = this.panel.getByTestId('analysis-verdict');
    this.message = this.panel.getByTestId('analysis-message');
    this.decisions = this.panel.getByTestId('analysis-decisions');
    this.promql = this.panel.getByTestId('analysis-promql');
    this.actionsReason = this.panel.getByTestId('analysis-actions-reason');
  }

  metric(id: string): Locator {
    return this.panel.locator(`[data-testid="analysis-metric"][data-metric="${id}"]`);
  }

  action(name: 'promote' | 'pause' | 'resume' | 'abort'): Locator {
    return this.panel.getByTestId('analysis-actions').getByTestId(`analysis-${name}`);
  }
}
