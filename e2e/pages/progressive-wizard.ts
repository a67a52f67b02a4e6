import { expect, type Locator, type Page } from '@playwright/test';
import { GrayscalePage } from './grayscale-page';

/** The Create Job wizard's "Progressive schedule" on the Canary strategy step (issue 11). */
export class ProgressiveWizard extends GrayscalePage {
  readonly editor: Locator;
  readonly toggle: Locator;
  readonly steps: Locator;
  readonly preview: Locator;

  constructor(page: Page, ns: string) {
    super(page, ns);
    this.editor = page.getByTestId('wizard-progressive');
    this.toggle = page.getByTestId('wizard-progressive-toggle');
    this.steps = page.getByTestId('wizard-progressive-step');
    this.preview = page.getByTestId('wizard-progressive-preview');
  }

  /** Steps 1-3 (name, bookinfo service, suggested version), ending on the strategy step. */
  async start(name: string, service: string): Promise<void> {
    await this.open();
    await this.createJob('canary').click();
    await this.page.getByTestId('wizard-name').fill(name);
    await this.next.click();
    await this.page.getByTestId('wizard-app').selectOption('bookinfo');
    await this.serviceCard(service).click();
    await this.next.click();
    await expect(this.page.getByTestId('wizard-version-input')).not.toHaveValue('');
    await this.next.click();
    await expect(this.page.getByTestId('wizard-strategy-canary')).toBeVisible();
  }

  preset(name: 'standard' | 'careful' | 'manual'): Locator {
    return this.page.getByTestId(`wizard-progressive-preset-${name}`);
  }

  weight(i: number): Locator {
    return this.page.getByTestId(`wizard-progressive-weight-${i}`);
  }

  pause(i: number): Locator {
    return this.page.getByTestId(`wizard-progressive-pause-${i}`);
  }

  remove(i: number): Locator {
    return this.page.getByTestId(`wizard-progressive-remove-${i}`);
  }

  field(name: 'error-margin' | 'slow-margin' | 'interval' | 'min-sample' | 'max-duration'): Locator {
    return this.page.getByTestId(`wizard-progressive-${name}`);
  }

  /** Opens the "Analysis cadence" disclosure (interval, minimum sample, max duration). */
  async openCadence(): Promise<void> {
    const details = this.editor.locator('details');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  }
}
