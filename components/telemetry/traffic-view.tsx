'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { Icon } from '@/components/icon';
import { LoadingState } from '@/components/loading-state';
import type { TimeWindow } from '@/lib/api/telemetry-types';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { queryString, telemetryApi, telemetryRetry } from '@/lib/ui/telemetry-api';
import { TIME_WINDOWS } from '@/lib/ui/telemetry-format';
import { needsQuickGraph, shownTopology } from '@/lib/ui/topology-shown';
import { buildLayoutInput, reuseLayout, type EdgeLabelMode, type GraphLayout, type LayoutInput } from '@/lib/ui/telemetry-layout';
import { layoutOffMainThread } from '@/lib/ui/telemetry-layout-client';
import { markTopology, recordLayout, TOPOLOGY_MARKS } from '@/lib/ui/telemetry-perf';
import { telemetryKeys } from '@/lib/ui/telemetry-query-keys';
import { FetchStatus } from './fetch-status';
import { NodePanel } from './node-panel';
import { SelectField } from './select-field';
import { TelemetryProblem } from './telemetry-problem';
import { TopologyGraph } from './topology-graph';
import { TopologyLegend } from './topology-legend';

export const AUTO_REFRESH_MS = 10_000;

/** Traffic Monitoring: app picker, window, refresh, the versioned-app graph and the node panel. */
export function TrafficView({ ns, initialApp, initialWindow }: { ns: string; initialApp: string; initialWindow: TimeWindow }) {
  const router = useRouter();
  const pathname = usePathname();
  const [app, setApp] = useState(initialApp);
  const [window, setWindow] = useState<TimeWindow>(initialWindow);
  const [auto, setAuto] = useState(true);
  const [labels, setLabels] = useState<EdgeLabelMode>('full');
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const apps = useQuery({ queryKey: queryKeys.applications.list(ns), queryFn: () => consoleApi.applications(ns) });
  // Two questions at once (lib/ui/topology-shown.ts): the full graph, refreshed every 10 s, and for
  // the first paint of a window the graph without latencies, which skips the duration-bucket query
  // (most of the time at 1,000 services); its p95 labels read "…" until the full answer replaces it.
  const ask = (latency?: 'skip') => async ({ signal }: { signal: AbortSignal }) => {
    const view = await telemetryApi.topology(ns, { app: app || undefined, window, latency }, signal);
    const size = { nodes: view.nodes.length, edges: view.edges.length };
    markTopology(TOPOLOGY_MARKS.data, size);
    if (!latency) markTopology(TOPOLOGY_MARKS.latency, size);
    return view;
  };
  const topology = useQuery({
    queryKey: telemetryKeys.topology(ns, app || undefined, window),
    queryFn: ask(),
    refetchInterval: auto ? AUTO_REFRESH_MS : false,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: telemetryRetry,
  });
  const quick = useQuery({
    queryKey: telemetryKeys.topologyGraph(ns, app || undefined, window),
    queryFn: ask('skip'),
    enabled: needsQuickGraph(topology),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: telemetryRetry,
  });
  const shown = shownTopology(topology, quick);

  useEffect(() => {
    router.replace(`${pathname}${queryString({ app, window: window === '5m' ? undefined : window })}`, { scroll: false });
  }, [app, window, pathname, router]);

  // A refresh that keeps the graph's shape keeps its positions (reuseLayout): dagre runs only when
  // nodes, edges or label sizes change, and then in a Web Worker (a 1,000-service layout takes
  // over a second), while the previous graph or a progress message stays up.
  const input = useMemo(() => (shown && shown.nodes.length > 0 ? buildLayoutInput(shown, labels) : null), [shown, labels]);
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [layingOut, setLayingOut] = useState<{ services: number } | null>(null);
  const lastLayout = useRef<GraphLayout | null>(null);
  const latestInput = useRef<LayoutInput | null>(null);
  const running = useRef<{ cancel(): void } | null>(null);
  // One layout at a time. Input arriving meanwhile does not cancel it: the full answer follows the
  // quick graph by about the bucket query's time, often while the quick graph is still being laid
  // out, and has the same shape. When the layout finishes it takes the newest input's figures if
  // that fits (reuseLayout), else it is shown as is while the newest input is laid out.
  const startLayout = useCallback((next: LayoutInput) => {
    setLayingOut({ services: next.groups.length + next.leaves.filter((l) => !l.group).length });
    const started = performance.now();
    const job = layoutOffMainThread(next);
    running.current = job;
    void job.promise.then((done) => {
      if (running.current !== job) return;
      running.current = null;
      recordLayout(started, { nodes: done.layout.leaves.length + done.layout.groups.length, edges: done.layout.edges.length, dagreMs: Math.round(done.ms), inWorker: done.inWorker ? 1 : 0 });
      const newest = latestInput.current;
      const fitted = newest === next ? done.layout : newest ? reuseLayout(done.layout, newest) : null;
      lastLayout.current = fitted ?? done.layout;
      setLayout(fitted ?? done.layout);
      if (newest && !fitted) startLayout(newest);
      else setLayingOut(null);
    });
  }, []);
  useEffect(() => {
    latestInput.current = input;
    if (!input) {
      running.current?.cancel();
      running.current = null;
      lastLayout.current = null;
      setLayout(null);
      setLayingOut(null);
      return;
    }
    const reused = reuseLayout(lastLayout.current, input);
    if (reused) {
      // back to the shape on screen: whatever is being laid out is moot
      running.current?.cancel();
      running.current = null;
      lastLayout.current = reused;
      setLayout(reused);
      setLayingOut(null);
      return;
    }
    // a layout in flight takes this input when it finishes
    if (!running.current) startLayout(input);
  }, [input, startLayout]);
  useEffect(
    () => () => {
      running.current?.cancel();
      running.current = null;
    },
    [],
  );
  const selected = shown?.nodes.find((n) => n.id === selectedId) ?? null;

  const close = useCallback(() => {
    const id = selectedId;
    setSelectedId(null);
    if (id) (document.querySelector(`[data-node-id="${CSS.escape(id)}"]`) as SVGElement | null)?.focus();
  }, [selectedId]);

  const appNames = apps.data?.items.map((a) => a.name) ?? [];
  if (app && !appNames.includes(app)) appNames.push(app);

  return (
    <div className="space-y-3">
      <Card bodyClassName="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5" testId="traffic-toolbar">
        <SelectField label="Application" value={app} onChange={setApp} testId="traffic-app">
          <option value="">All applications</option>
          {appNames.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
        <SelectField label="Time window" value={window} onChange={(v) => setWindow(v as TimeWindow)} testId="traffic-window">
          {TIME_WINDOWS.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Edge labels" value={labels} onChange={(v) => setLabels(v as EdgeLabelMode)} testId="traffic-labels">
          <option value="full">Rate, share, errors, p95</option>
          <option value="rate">Rate and share</option>
          <option value="none">None</option>
        </SelectField>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <FetchStatus fetching={topology.isFetching} updatedAt={topology.dataUpdatedAt} testId="traffic-status" />
          <label className="inline-flex items-center gap-1.5 text-[12px] text-ink-2">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} className="h-3.5 w-3.5 accent-primary" data-testid="traffic-auto-refresh" />
            Every 10 s
          </label>
          <Button onClick={() => topology.refetch()} disabled={topology.isFetching} data-testid="traffic-refresh">
            <Icon name="refresh" size={14} /> Refresh
          </Button>
        </div>
      </Card>

      <Card title="Traffic topology" bodyClassName="p-3" testId="traffic-topology">
        {!shown && (topology.isPending || quick.isFetching) ? (
          <LoadingState label="Loading the traffic graph…" slowAfterMs={10_000} />
        ) : topology.isError && !shown ? (
          <TelemetryProblem error={topology.error} action="Loading the traffic graph" onRetry={() => topology.refetch()} testId="traffic-error" />
        ) : !layout && layingOut ? (
          <LoadingState label={`Laying out the graph of ${layingOut.services} services…`} slowAfterMs={20_000} />
        ) : !layout ? (
          <EmptyState icon="traffic" title="No traffic in this window">
            Nothing was called {app ? `in ${app} ` : ''}during the {TIME_WINDOWS.find((w) => w.value === window)?.label.toLowerCase()}. Send requests to the application (or pick a longer window) and the graph appears.
          </EmptyState>
        ) : (
          <div className="space-y-2">
            {topology.isError ? <TelemetryProblem error={topology.error} action={shown?.latencyOmitted ? 'Loading the latencies' : 'Refreshing the traffic graph'} onRetry={() => topology.refetch()} testId="traffic-error" /> : null}
            <div className="relative">
              <TopologyGraph layout={layout} selectedId={selectedId} onSelect={setSelectedId} />
              {/* over the graph, not in the toolbar: a line added there and taken away again moved the page (CLS) on a phone */}
              {layingOut ? (
                <GraphProgress testId="topology-laying-out">Laying out {layingOut.services} services…</GraphProgress>
              ) : shown?.latencyOmitted && !topology.isError ? (
                <GraphProgress testId="traffic-latency-pending">p95 latencies loading…</GraphProgress>
              ) : null}
            </div>
            <TopologyLegend />
          </div>
        )}
      </Card>

      {selected ? <NodePanel ns={ns} node={selected} window={window} onClose={close} /> : null}
    </div>
  );
}

/** A progress note over the graph's top-left corner (no room taken, so nothing moves when it goes). */
function GraphProgress({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p role="status" className="pointer-events-none absolute left-2 top-2 inline-flex items-center gap-2 rounded-[4px] border border-line bg-white px-2.5 py-1 text-[12px] text-ink-2 shadow-card" data-testid={testId}>
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-line-soft border-t-primary" aria-hidden="true" />
      {children}
    </p>
  );
}
