'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { Icon } from '@/components/icon';
import { LoadingState } from '@/components/loading-state';
import { consoleApi } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import { queryString, rangeMicros, telemetryApi, telemetryRetry, TRACE_LIMITS, TRACE_RANGES } from '@/lib/ui/telemetry-api';
import { compareVersions } from '@/lib/ui/telemetry-format';
import { telemetryKeys } from '@/lib/ui/telemetry-query-keys';
import { FetchStatus } from './fetch-status';
import { SelectField } from './select-field';
import { TelemetryProblem } from './telemetry-problem';
import { TraceList } from './trace-list';

// recharts (~116 kB gz with its dependencies) loads after the page, not with it; a block of the
// scatter's height holds its place meanwhile
const TraceScatter = dynamic(() => import('./trace-scatter').then((m) => m.TraceScatter), {
  ssr: false,
  loading: () => <div className="h-[220px] w-full animate-pulse rounded-[4px] bg-surface-2" data-testid="trace-scatter-skeleton" aria-hidden="true" />,
});

export interface TracingFilters {
  service: string;
  version: string;
  range: string;
  limit: number;
}

/** Tracing: pick a service, version, range and limit; a scatter of durations and the trace list. */
export function TracingView({ ns, initial }: { ns: string; initial: TracingFilters }) {
  const router = useRouter();
  const pathname = usePathname();
  const [f, setF] = useState<TracingFilters>(initial);
  const services = useQuery({ queryKey: queryKeys.services.list(ns), queryFn: () => consoleApi.services(ns) });
  const names = (services.data?.items.map((s) => s.name) ?? []).sort();
  // Default to the entry point of the sample app, as the tutorial does, or the first service.
  const service = f.service || (names.includes('productpage') ? 'productpage' : (names[0] ?? ''));
  const versions = (services.data?.items.find((s) => s.name === service)?.versions.map((v) => v.version).filter(Boolean) ?? []).sort(compareVersions);

  const traces = useQuery({
    queryKey: telemetryKeys.traces(ns, { service, version: f.version || undefined, limit: f.limit, range: f.range }),
    queryFn: ({ signal }) => telemetryApi.traces(ns, { service, version: f.version || undefined, limit: f.limit, ...rangeMicros(f.range, Date.now()) }, signal),
    enabled: Boolean(service),
    placeholderData: keepPreviousData,
    retry: telemetryRetry,
  });

  useEffect(() => {
    const q = queryString({ service: f.service, version: f.version, range: f.range === '1h' ? undefined : f.range, limit: f.limit === 20 ? undefined : f.limit });
    router.replace(`${pathname}${q}`, { scroll: false });
  }, [f, pathname, router]);

  const set = (patch: Partial<TracingFilters>) => setF((old) => ({ ...old, ...patch }));
  const open = (traceId: string) => router.push(projectHref(ns, `tracing/${encodeURIComponent(traceId)}`));
  const list = traces.data ?? [];

  return (
    <div className="space-y-3">
      <Card bodyClassName="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5" testId="tracing-toolbar">
        <SelectField label="Service" value={service} onChange={(v) => set({ service: v, version: '' })} testId="tracing-service" disabled={names.length === 0}>
          {names.length === 0 ? <option value="">{services.isPending ? 'Loading…' : 'No services'}</option> : null}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
        <SelectField label="Version" value={f.version} onChange={(v) => set({ version: v })} testId="tracing-version">
          <option value="">All versions</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </SelectField>
        <SelectField label="Time range" value={f.range} onChange={(v) => set({ range: v })} testId="tracing-range">
          {TRACE_RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Limit" value={String(f.limit)} onChange={(v) => set({ limit: Number(v) })} testId="tracing-limit">
          {TRACE_LIMITS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </SelectField>
        <div className="ml-auto flex items-center gap-3">
          <FetchStatus fetching={traces.isFetching} updatedAt={traces.dataUpdatedAt} testId="tracing-status" />
          <Button onClick={() => traces.refetch()} disabled={!service || traces.isFetching} data-testid="tracing-refresh">
            <Icon name="refresh" size={14} /> Search
          </Button>
        </div>
      </Card>

      <Card title={service ? `Traces through ${service}${f.version ? ` ${f.version}` : ''}` : 'Traces'} bodyClassName="p-3" testId="traces">
        {services.isError ? (
          <TelemetryProblem error={services.error} action="Loading services" onRetry={() => services.refetch()} />
        ) : !service ? (
          services.isPending ? (
            <LoadingState label="Loading services…" slowAfterMs={10_000} />
          ) : (
            <EmptyState icon="tracing" title="No services to trace">
              Deploy an application in this project; its services appear here once they exist.
            </EmptyState>
          )
        ) : traces.isPending ? (
          <LoadingState label="Searching traces…" slowAfterMs={10_000} />
        ) : traces.isError && list.length === 0 ? (
          <TelemetryProblem error={traces.error} action="Searching traces" onRetry={() => traces.refetch()} testId="tracing-error" />
        ) : list.length === 0 ? (
          <EmptyState icon="tracing" title="No traces found">
            No request went through {service}
            {f.version ? ` ${f.version}` : ''} in the {TRACE_RANGES.find((r) => r.value === f.range)?.label.toLowerCase()}. Send traffic to the application or widen the time range.
          </EmptyState>
        ) : (
          <div className="space-y-3">
            {traces.isError ? <TelemetryProblem error={traces.error} action="Refreshing traces" onRetry={() => traces.refetch()} testId="tracing-error" /> : null}
            <TraceScatter traces={list} onOpen={open} />
            <p className="flex flex-wrap gap-x-4 text-[12px] text-muted">
              <span className="inline-flex items-center gap-1.5">
                <span className="h-2.5 w-2.5 rounded-full bg-info" aria-hidden="true" /> OK
              </span>
              <span className="inline-flex items-center gap-1.5">
                <span className="h-2.5 w-2.5 rounded-full bg-danger" aria-hidden="true" /> With errors
              </span>
              <span>
                {list.length} trace{list.length === 1 ? '' : 's'}, newest first · click a dot or a start time to open it
              </span>
            </p>
            <TraceList ns={ns} traces={[...list].sort((a, b) => b.startTime - a.startTime)} />
          </div>
        )}
      </Card>
    </div>
  );
}
