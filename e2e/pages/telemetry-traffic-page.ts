import { expect, type Locator, type Page } from '@playwright/test';
import { ProjectPage } from './project-page';

/** Traffic Monitoring (/projects/{ns}/traffic): toolbar, graph and the node side panel. */
export class TelemetryTrafficPage extends ProjectPage {
  readonly graph: Locator;
  readonly appPicker: Locator;
  readonly windowPicker: Locator;
  readonly refresh: Locator;
  readonly autoRefresh: Locator;
  readonly legend: Locator;
  readonly panel: Locator;

  constructor(page: Page, ns: string) {
    super(page, ns);
    this.graph = page.getByTestId('topology-graph');
    this.appPicker = page.getByTestId('traffic-app');
    this.windowPicker = page.getByTestId('traffic-window');
    this.refresh = page.getByTestId('traffic-refresh');
    this.autoRefresh = page.getByTestId('traffic-auto-refresh');
    this.legend = page.getByTestId('topology-legend');
    this.panel = page.getByTestId('node-panel');
  }

  async open(app?: string): Promise<void> {
    await this.goto(app ? `traffic?app=${encodeURIComponent(app)}` : 'traffic');
  }

  /** The box of a Service (a service with versions). */
  serviceBox(service: string): Locator {
    return this.graph.locator(`[data-testid="topology-service"][data-service="${service}"]`);
  }

  /** A version node of a Service. */
  versionNode(service: string, version: string): Locator {
    return this.graph.locator(`[data-testid="topology-node"][data-kind="version"][data-service="${service}"][data-version="${version}"]`);
  }

  ingressNode(): Locator {
    return this.graph.locator('[data-testid="topology-node"][data-kind="ingress"]');
  }

  edges(): Locator {
    return this.graph.getByTestId('topology-edge');
  }

  async expectPanelCharts(): Promise<void> {
    for (const kind of ['success', 'traffic', 'duration']) await expect(this.panel.getByTestId(`chart-${kind}`)).toBeVisible({ timeout: 20_000 });
  }
}
