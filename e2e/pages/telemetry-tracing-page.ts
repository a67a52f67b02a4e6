import type { Locator, Page } from '@playwright/test';
import { ProjectPage } from './project-page';

/** Tracing (/projects/{ns}/tracing) and a trace's detail page. */
export class TelemetryTracingPage extends ProjectPage {
  readonly service: Locator;
  readonly version: Locator;
  readonly range: Locator;
  readonly limit: Locator;
  readonly search: Locator;
  readonly scatter: Locator;
  readonly list: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly spans: Locator;

  constructor(page: Page, ns: string) {
    super(page, ns);
    this.service = page.getByTestId('tracing-service');
    this.version = page.getByTestId('tracing-version');
    this.range = page.getByTestId('tracing-range');
    this.limit = page.getByTestId('tracing-limit');
    this.search = page.getByTestId('tracing-refresh');
    this.scatter = page.getByTestId('trace-scatter');
    this.list = page.getByTestId('trace-list');
    this.rows = page.getByTestId('trace-row');
    this.detail = page.getByTestId('trace-detail');
    this.spans = page.getByTestId('span-row');
  }

  async open(service?: string): Promise<void> {
    await this.goto(service ? `tracing?service=${encodeURIComponent(service)}` : 'tracing');
  }

  /** A span row of the open trace, by service (namespace suffix stripped). */
  spansOf(service: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-service="${service}"]`);
  }
}
