/**
 * The one React Query key factory (DESIGN.md house rule 4). Keys go general -> specific, so
 * invalidating a prefix (`releases.all`) also invalidates everything below it
 * (`releases.list(ns)`, `releases.detail(ns, name)`).
 * See https://tanstack.com/query/v5/docs/framework/react/guides/query-keys
 */

export interface TopologyFilter {
  app?: string;
  window?: string;
  /** 'skip': the graph without latencies (the traffic page's first paint) */
  latency?: string;
}

export interface MetricsFilter {
  service: string;
  window?: string;
  step?: string;
}

export interface TracesFilter {
  service?: string;
  version?: string;
  limit?: number;
  start?: number;
  end?: number;
}

export const queryKeys = {
  session: ['session'] as const,
  health: ['healthz'] as const,
  projects: {
    all: ['projects'] as const,
    list: () => ['projects', 'list'] as const,
    detail: (ns: string) => ['projects', 'detail', ns] as const,
  },
  applications: {
    all: ['applications'] as const,
    list: (ns: string) => ['applications', 'list', ns] as const,
    detail: (ns: string, app: string) => ['applications', 'detail', ns, app] as const,
  },
  services: {
    all: ['services'] as const,
    list: (ns: string) => ['services', 'list', ns] as const,
  },
  releases: {
    all: ['releases'] as const,
    lists: () => ['releases', 'list'] as const,
    list: (ns: string) => ['releases', 'list', ns] as const,
    details: () => ['releases', 'detail'] as const,
    detail: (ns: string, name: string) => ['releases', 'detail', ns, name] as const,
    preview: (ns: string, name: string) => ['releases', 'detail', ns, name, 'preview'] as const,
    /** the wizard's prefill for a new version of `service` (GET releases/defaults?service=) */
    defaults: (ns: string, service: string) => ['releases', 'defaults', ns, service] as const,
    /** the wizard's YAML preview of a job not created yet (POST releases/preview), keyed by its request */
    draftPreview: (ns: string, request: unknown) => ['releases', 'draft-preview', ns, request] as const,
  },
  topology: {
    all: ['topology'] as const,
    detail: (ns: string, filter: TopologyFilter = {}) => ['topology', ns, filter] as const,
  },
  metrics: {
    all: ['metrics'] as const,
    series: (ns: string, filter: MetricsFilter) => ['metrics', ns, filter] as const,
  },
  traces: {
    all: ['traces'] as const,
    list: (ns: string, filter: TracesFilter = {}) => ['traces', 'list', ns, filter] as const,
    detail: (ns: string, traceId: string) => ['traces', 'detail', ns, traceId] as const,
  },
};
