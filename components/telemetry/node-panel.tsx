'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useEffect, useRef } from 'react';
import { Icon } from '@/components/icon';
import { LoadingState } from '@/components/loading-state';
import type { TimeWindow, TopologyNode, TrafficFigures } from '@/lib/api/telemetry-types';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { telemetryApi, telemetryRetry } from '@/lib/ui/telemetry-api';
import { compareVersions, formatMs, formatPercent, formatRate, healthStyle, stepSecondsFor, versionColor } from '@/lib/ui/telemetry-format';
import { telemetryKeys } from '@/lib/ui/telemetry-query-keys';
import { NodePods } from './node-pods';
import { TelemetryProblem } from './telemetry-problem';

// recharts (~116 kB gz with its dependencies) loads when a panel opens, not with the traffic page;
// meanwhile a block of the chart's size (caption + 150 px plot) holds its place
const VersionChart = dynamic(() => import('./version-chart').then((m) => m.VersionChart), {
  ssr: false,
  loading: () => <div className="h-[172px] w-full animate-pulse rounded-[4px] bg-surface-2" data-testid="chart-skeleton" aria-hidden="true" />,
});

/** The service a node's metrics belong to (none for the ingress or unknown sources). */
export function nodeService(node: TopologyNode): string | undefined {
  if (node.kind === 'version') return node.service;
  if (node.kind === 'service') return node.service ?? node.label;
  return undefined;
}

function Figures({ t, testId }: { t: TrafficFigures; testId: string }) {
  const items = [
    ['Traffic', formatRate(t.requestRate)],
    ['Success rate', formatPercent(t.successRate)],
    ['p50', formatMs(t.p50Ms)],
    ['p95', formatMs(t.p95Ms)],
    ['p99', formatMs(t.p99Ms)],
  ];
  return (
    <dl className="grid grid-cols-3 gap-x-3 gap-y-1.5 sm:grid-cols-5" data-testid={testId}>
      {items.map(([k, v]) => (
        <div key={k} className="min-w-0">
          <dt className="text-[11px] text-muted">{k}</dt>
          <dd className="truncate text-[13px] font-semibold text-ink">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The side panel of a clicked node: its inbound figures, success rate / traffic / duration over the
 * window for every version of its service on shared axes, and the pods of its versions. Esc closes.
 */
export function NodePanel({ ns, node, window, onClose }: { ns: string; node: TopologyNode; window: TimeWindow; onClose: () => void }) {
  const panelRef = useRef<HTMLElement>(null);
  const service = nodeService(node);
  const step = stepSecondsFor(window);
  const metrics = useQuery({
    queryKey: telemetryKeys.metrics(ns, service ?? '', window, step),
    queryFn: ({ signal }) => telemetryApi.metrics(ns, { service: service!, window, step }, signal),
    enabled: Boolean(service),
    refetchInterval: 10_000,
    retry: telemetryRetry,
  });
  const services = useQuery({ queryKey: queryKeys.services.list(ns), queryFn: () => consoleApi.services(ns), enabled: Boolean(service) });

  useEffect(() => {
    panelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [node.id, onClose]);

  const st = healthStyle(node.health);
  const versions = [...(metrics.data?.versions ?? [])].sort((a, b) => compareVersions(a.version, b.version));
  const names = versions.map((v) => v.version);
  const svc = services.data?.items.find((s) => s.name === service);
  const title = node.kind === 'version' ? `${node.service ?? ''} ${node.version ?? ''}`.trim() : node.label;

  return (
    <aside
      ref={panelRef}
      tabIndex={-1}
      role="dialog"
      aria-modal="false"
      aria-labelledby="node-panel-title"
      className="fixed inset-x-0 bottom-0 top-[56px] z-40 flex flex-col border-l border-line bg-white shadow-pop outline-none sm:left-auto sm:w-[520px]"
      data-testid="node-panel"
      data-node-id={node.id}
    >
      <header className="flex items-start gap-3 border-b border-line-soft px-5 py-3">
        <div className="min-w-0 flex-1">
          <p className="text-[11px] uppercase tracking-wide text-muted">{node.kind === 'version' ? 'Version' : node.kind === 'ingress' ? 'Ingress' : node.kind === 'service' ? 'Service' : 'Source'}</p>
          <h2 id="node-panel-title" className="truncate text-[16px] font-semibold" data-testid="node-panel-title">
            {title}
          </h2>
          <p className="mt-0.5 inline-flex items-center gap-1.5 text-[12px] text-ink-2" data-testid="node-panel-health">
            <span className="h-2 w-2 rounded-full" style={{ background: st.color }} aria-hidden="true" />
            {st.label}
            {node.workload ? <span className="text-muted">· workload {node.workload}</span> : null}
          </p>
        </div>
        <button type="button" onClick={onClose} aria-label="Close panel (Esc)" title="Close (Esc)" className="rounded-[4px] p-1.5 text-muted hover:bg-surface-2 hover:text-ink" data-testid="node-panel-close">
          <Icon name="close" />
        </button>
      </header>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4">
        <section>
          <h3 className="mb-1.5 text-[12px] font-semibold text-muted">Inbound, over the window</h3>
          <Figures t={node.traffic} testId="node-panel-figures" />
        </section>
        {!service ? (
          <p className="text-[12px] text-muted">Charts are shown per service; select a service or one of its versions.</p>
        ) : metrics.isPending ? (
          <LoadingState label="Loading metrics…" slowAfterMs={10_000} />
        ) : metrics.isError ? (
          <TelemetryProblem error={metrics.error} action="Loading metrics" onRetry={() => metrics.refetch()} testId="node-panel-error" />
        ) : (
          <section className="space-y-4" data-testid="node-panel-charts">
            {versions.length > 1 || node.kind === 'service' ? (
              <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[12px]" data-testid="node-panel-versions">
                {versions.map((v) => (
                  <li key={v.version} className="inline-flex items-center gap-1.5">
                    <span className="h-2.5 w-2.5 rounded-[2px]" style={{ background: versionColor(names, v.version) }} aria-hidden="true" />
                    <span className="font-semibold">{v.version}</span>
                    <span className="text-muted">
                      {formatRate(v.summary.requestRate)} · {formatPercent(v.summary.successRate)} ok · p95 {formatMs(v.summary.p95Ms)}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
            <VersionChart kind="success" versions={versions} highlight={node.version} />
            <VersionChart kind="traffic" versions={versions} highlight={node.version} />
            <VersionChart kind="duration" versions={versions} highlight={node.version} />
          </section>
        )}
        {service ? <NodePods service={svc} version={node.kind === 'version' ? node.version : undefined} pending={services.isPending} error={services.error} /> : null}
      </div>
    </aside>
  );
}
