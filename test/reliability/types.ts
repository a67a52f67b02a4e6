/**
 * Contract of the reliability suite (issue 8). `test/reliability/main.ts` starts one stack (embedded
 * cluster in-process, Prometheus when available, the production console `next start`, and the
 * controller as its own process) and runs the scenarios one after another, printing a table of
 * figures; `--soak` runs them longer. Scenario modules live in `test/reliability/scenarios/` and only
 * depend on this file.
 */

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
}

/** A signed-in HTTP client of the console's REST API (session cookie + Origin header kept). */
export interface ApiSession {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Steady load against the ingress; `stop()` returns its counts. */
export interface LoadHandle {
  stop(): Promise<LoadFigures>;
  /** figures so far, without stopping */
  snapshot(): LoadFigures;
}
export interface LoadFigures {
  sent: number;
  ok: number;
  /** responses outside 2xx, and connection errors */
  non2xx: number;
  /** a few examples of failures: status code or error, with the time they happened */
  samples: string[];
}

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
