import { expect, type Locator, type Page } from '@playwright/test';
import { ProjectPage } from './project-page';

/** /projects/{ns}/grayscale/{name}: the job detail. */
export class ReleaseJobPage extends ProjectPage {
  readonly phase: Locator;
  readonly offlineButton: Locator;
  readonly offlineDialog: Locator;

  constructor(page: Page, ns: string, readonly name: string) {
    super(page, ns);
    this.phase = page.getByTestId('release-phase');
    this.offlineButton = page.getByTestId('release-offline');
    this.offlineDialog = page.getByTestId('release-offline-dialog');
  }

  /** Opens the job and waits for hydration (see hydrated()). */
  async open(): Promise<void> {
    await this.goto(`grayscale/${this.name}`);
    await this.hydrated();
  }

  /**
   * The server-rendered detail arrives with every control inside a disabled fieldset; keys and
   * clicks before hydration would be lost, and "is disabled" would be true for the wrong reason.
   */
  async hydrated(): Promise<void> {
    await expect(this.page.getByTestId('release-detail')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
  }

  versionCard(version: string): Locator {
    return this.page.locator(`[data-testid="release-version-card"][data-version="${version}"]`);
  }

  weight(version: string): Locator {
    return this.versionCard(version).getByTestId('release-version-weight');
  }

  replicas(version: string): Locator {
    return this.versionCard(version).getByTestId('release-version-replicas');
  }

  takeOver(version: string): Locator {
    return this.versionCard(version).getByTestId('release-version-takeover');
  }
}
