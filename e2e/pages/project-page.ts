import type { Locator, Page } from '@playwright/test';
import { ConsolePage } from './console-page';

export type ProjectNavId = 'overview' | 'applications' | 'services' | 'workloads' | 'grayscale' | 'traffic' | 'tracing' | 'members';

/** A page inside a project, with the left navigation column. */
export class ProjectPage extends ConsolePage {
  readonly nav: Locator;
  readonly navToggle: Locator;

  constructor(page: Page, readonly ns: string) {
    super(page);
    this.nav = page.getByTestId('project-nav');
    this.navToggle = page.getByTestId('project-nav-toggle');
  }

  navLink(id: ProjectNavId): Locator {
    return this.page.getByTestId(`project-nav-link-${id}`);
  }

  async goto(segment = ''): Promise<void> {
    await this.page.goto(`/projects/${this.ns}${segment ? `/${segment}` : ''}`);
  }
}
