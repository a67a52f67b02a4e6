/**
 * Contract of the reliability suite (issue 8). `test/reliability/main.ts` runs the scenarios in
 * groups, each group in its own process with its own stack (embedded cluster in-process, Prometheus,
 * the production console `next start`, and the controller as its own process), the groups at the
 * same time, and prints a table of figures; `--soak` runs them longer. Scenario modules live in
 * `test/reliability/scenarios/` and only depend on this file (and lifecycle.ts).
 */
import type { LoadHandle } from '../support/load';

/** Explicit test hooks of the embedded cluster; off unless the stack enables them. */
export interface ClusterControls {
  /** Kubernetes API refuses connections for `ms` (listener closed, reopened on the same port). */
  apiOutage(ms: number): Promise<void>;
  /** Every Kubernetes API response is delayed by `ms` (0 turns it off). */
  setApiLatency(ms: number): void;
  /** Drops the watch history so the next resumed watch gets 410 Expired. */
  expireWatchHistory(): void;
  /** Deletes pods matching a label selector in a namespace (their Deployment recreates them). */
  killPods(namespace: string, labelSelector: string): Promise<number>;
  /** The trace backend (Jaeger query API) resets connections while `down`; metrics keep flowing. */
  setTracesDown(down: boolean): void;
}

/** An object change the Kubernetes API committed (seen in-process, so nothing is missed or late). */
export interface CommittedWrite {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** resource key, e.g. `apps/deployments`, `namespaces` */
  resource: string;
  namespace?: string;
  name: string;
}

/** A signed-in HTTP client of the console's REST API (session cookie + Origin header kept). */
export interface ApiSession {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Steady load against the ingress (the shared generator of test/support/load.ts); `stop()` returns its counts. */
export type { LoadFigures, LoadHandle } from '../support/load';

export interface Stack {
  kubeconfig: string;
  apiUrl: string;
  ingressUrl: string;
  telemetryUrl: string;
  consoleUrl: string;
  /** unset when Prometheus is not installed */
  prometheusUrl?: string;
  /** namespace with Bookinfo deployed (v1 of every service), in the mesh */
  namespace: string;
  controls: ClusterControls;
  login(username: 'admin' | 'project-regular' | 'project-viewer'): Promise<ApiSession>;
  /** steady load on `/productpage` through the ingress at `rps` requests per second */
  startLoad(rps: number): LoadHandle;
  /** the controller process: SIGKILL it / start it again (resolves when it reports ready) */
  killController(): Promise<void>;
  startController(): Promise<void>;
  /** Prometheus process: stop / start again on the same port (no-op when not installed) */
  stopPrometheus(): Promise<void>;
  startPrometheus(): Promise<void>;
  /**
   * Records every change the cluster commits from now on; `take()` returns (and clears) what was
   * recorded, `stop()` ends the recording.
   */
  recordWrites(): { take(): CommittedWrite[]; stop(): void };
}

export interface ScenarioOptions {
  soak: boolean;
  /** soak mode: how long to keep repeating, in ms */
  soakMs: number;
  log(message: string): void;
}

export interface ScenarioResult {
  /** printed in the final table, e.g. { 'requests sent': 12000, 'non-2xx': 0, 'jobs completed': 60 } */
  figures: Record<string, string | number>;
  /** empty when the scenario passed; each entry says what went wrong */
  failures: string[];
}

export interface Scenario {
  /** kebab-case, e.g. `lifecycle-under-load` */
  id: string;
  title: string;
  run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult>;
}
