import type { Locator, Page } from '@playwright/test';
import { ConsolePage } from './console-page';

/** `/projects`. */
export class ProjectsPage extends ConsolePage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.table = page.getByTestId('projects-table');
    this.rows = page.getByTestId('project-row');
  }

  async goto(): Promise<void> {
    await this.page.goto('/projects');
  }
}
