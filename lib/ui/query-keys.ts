/**
 * The one React Query key factory (DESIGN.md house rule 4). Keys go general -> specific, so
 * invalidating a prefix (`releases.all`) also invalidates everything below it
 * (`releases.list(ns)`, `releases.detail(ns, name)`).
 * See https://tanstack.com/query/v5/docs/framework/react/guides/query-keys
 */

export interface TopologyFilter {
  app?: string;
  window?: string;
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
