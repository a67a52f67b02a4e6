import { expect, type Locator, type Page } from '@playwright/test';
import { ProjectPage } from './project-page';

export type ReleaseModeId = 'blue-green' | 'canary' | 'mirror';

/** Grayscale Release: mode cards, the Create Job wizard and the Release Jobs tab. */
export class GrayscalePage extends ProjectPage {
  readonly wizard: Locator;
  readonly next: Locator;
  readonly create: Locator;
  readonly jobsTab: Locator;
  readonly jobCards: Locator;

  constructor(page: Page, ns: string) {
    super(page, ns);
    this.wizard = page.getByTestId('release-wizard');
    this.next = page.getByTestId('wizard-next');
    this.create = page.getByTestId('wizard-create');
    this.jobsTab = page.getByTestId('grayscale-tabs-jobs');
    this.jobCards = page.getByTestId('release-job-card');
  }

  async open(tab: 'modes' | 'jobs' = 'modes'): Promise<void> {
    await this.goto(tab === 'jobs' ? 'grayscale?tab=jobs' : 'grayscale');
  }

  createJob(mode: ReleaseModeId): Locator {
    return this.page.getByTestId(`release-mode-${mode}-create`);
  }

  jobCard(name: string): Locator {
    return this.page.locator(`[data-testid="release-job-card"][data-name="${name}"]`);
  }

  serviceCard(service: string): Locator {
    return this.page.getByTestId(`wizard-service-${service}`);
  }

  /** Moves the wizard's traffic slider with the keyboard (Home, then one ArrowRight per percent). */
  async setSlider(percent: number): Promise<void> {
    const slider = this.page.getByTestId('wizard-slider-input');
    await slider.focus();
    await this.page.keyboard.press('Home');
    for (let i = 0; i < percent; i++) await this.page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue(String(percent));
  }
}
