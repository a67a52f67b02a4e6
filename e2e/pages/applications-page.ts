import type { Locator, Page } from '@playwright/test';
import { ProjectPage } from './project-page';

/** Application Workloads > Applications, its Deploy Sample dialog and the application detail. */
export class ApplicationsPage extends ProjectPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly deployButton: Locator;
  readonly deployDialog: Locator;
  readonly deployConfirm: Locator;

  constructor(page: Page, ns: string) {
    super(page, ns);
    this.table = page.getByTestId('applications-table');
    this.rows = page.getByTestId('application-row');
    this.deployButton = page.getByTestId('deploy-sample-button').first();
    this.deployDialog = page.getByTestId('deploy-sample-dialog');
    this.deployConfirm = page.getByTestId('deploy-sample-confirm');
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="application-row"][data-name="${name}"]`);
  }

  async open(): Promise<void> {
    await this.goto('applications');
  }

  async openDetail(app: string): Promise<void> {
    await this.goto(`applications/${app}`);
  }

  componentCard(service: string): Locator {
    return this.page.locator(`[data-testid="component-card"][data-name="${service}"]`);
  }
}
