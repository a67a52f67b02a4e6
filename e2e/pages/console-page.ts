import { expect, type Locator, type Page } from '@playwright/test';

/** Parts every console page shares: the top bar, page heading and empty state. */
export class ConsolePage {
  readonly topBar: Locator;
  readonly title: Locator;
  readonly emptyState: Locator;
  readonly projectSwitcher: Locator;

  constructor(readonly page: Page) {
    this.topBar = page.getByTestId('top-bar');
    this.title = page.getByTestId('page-title');
    this.emptyState = page.getByTestId('empty-state');
    this.projectSwitcher = page.getByTestId('project-switcher');
  }

  async expectHeading(text: string): Promise<void> {
    await expect(this.title).toHaveText(text);
    await expect(this.page.getByRole('heading', { level: 1, name: text })).toBeVisible();
  }

  /** True when the page can be read without scrolling sideways. */
  async hasNoHorizontalScroll(): Promise<boolean> {
    return this.page.evaluate(() => {
      const el = document.scrollingElement ?? document.documentElement;
      return el.scrollWidth <= el.clientWidth;
    });
  }

  /** Full-page by default; pass `fullPage: false` for modal dialogs, which are fixed to the viewport. */
  async screenshot(name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage });
  }
}
