'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { ApplicationView, ComponentView, ServiceView } from '@/lib/api/types';
import { consoleApi } from '@/lib/ui/console-api';
import { projectHref } from '@/lib/ui/project-nav';
import { queryKeys } from '@/lib/ui/query-keys';
import { formatAge, replicasLabel } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { BackLink } from './back-link';
import { buttonClass } from './button';
import { Card } from './card';
import { DetailList } from './detail-list';
import { EmptyState } from './empty-state';
import { Icon } from './icon';
import { LoadingState } from './loading-state';
import { Tabs } from './tabs';
import { PodDots, WorkloadStatusDot } from './workload-status';

/** Application detail: summary card on the left, Components and Routes tabs on the right. */
export function ApplicationDetail({ ns, app, ingressUrl }: { ns: string; app: string; ingressUrl: string | null }) {
  const [tab, setTab] = useState('components');
  const appQuery = useQuery({
    queryKey: queryKeys.applications.detail(ns, app),
    queryFn: () => consoleApi.application(ns, app),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 10_000 : 1500),
  });
  const services = useQuery({
    queryKey: queryKeys.services.list(ns),
    queryFn: () => consoleApi.services(ns),
    refetchInterval: appQuery.data?.status === 'running' ? 10_000 : 1500,
  });
  const back = <BackLink href={projectHref(ns, 'applications')} label="Applications" />;

  if (appQuery.isPending) return <>{back}<Card><LoadingState label={`Loading application ${app}…`} /></Card></>;
  if (appQuery.isError) return <>{back}<ApiErrorNotice error={appQuery.error} action={`Loading application ${app}`} onReload={() => appQuery.refetch()} /></>;

  const a = appQuery.data;
  const hasProductpage = a.components.some((c) => c.service === 'productpage');
  const visitUrl = ingressUrl && hasProductpage ? `${ingressUrl}/productpage` : null;
  const byName = new Map((services.data?.items ?? []).map((s) => [s.name, s]));

  return (
    <>
      {back}
      <div className="grid gap-3 lg:grid-cols-[300px_minmax(0,1fr)] lg:items-start">
        <Card testId="application-summary">
          <div className="mb-4 flex items-center gap-3">
            <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-[4px] bg-ink text-white">
              <Icon name="applications" size={22} strokeWidth={1.2} />
            </span>
            <div className="min-w-0">
              <h1 className="truncate text-[16px] font-semibold leading-6" data-testid="page-title">
                {a.name}
              </h1>
              <p className="text-[12px] text-muted">Application</p>
            </div>
          </div>
          <DetailList
            items={[
              { label: 'Status', value: <WorkloadStatusDot status={a.status} testId="application-detail-status" /> },
              { label: 'Version', value: a.version ?? '-' },
              { label: 'Components', value: a.components.length, testId: 'application-detail-count' },
              { label: 'Project', value: ns },
              { label: 'Created', value: formatAge(a.createdAt) },
            ]}
          />
          <div className="mt-5 border-t border-line-soft pt-4">
            {visitUrl ? (
              <a href={visitUrl} target="_blank" rel="noreferrer" className={buttonClass('primary', 'w-full')} data-testid="application-visit">
                Click to visit <Icon name="chevronRight" size={12} />
              </a>
            ) : (
              <p className="text-[12px] text-muted" data-testid="application-visit-unavailable">
                {hasProductpage ? 'No ingress address is configured (GRAYLANE_INGRESS_URL), so there is no link to visit.' : 'This application has no productpage to visit.'}
              </p>
            )}
            {visitUrl ? <p className="mt-2 break-all font-mono text-[11px] text-muted">{visitUrl}</p> : null}
          </div>
        </Card>
        <section className="min-w-0 rounded-[4px] border border-line bg-white shadow-card">
          <Tabs
            tabs={[
              { id: 'components', label: `Components (${a.components.length})` },
              { id: 'routes', label: 'Routes' },
            ]}
            active={tab}
            onChange={setTab}
            testId="application-tabs"
          >
            {tab === 'components' ? (
              <ComponentsPanel ns={ns} app={a} byName={byName} servicesError={services.error} />
            ) : (
              <RoutesPanel app={a} ingressUrl={ingressUrl} />
            )}
          </Tabs>
        </section>
      </div>
    </>
  );
}

function ComponentsPanel({ ns, app, byName, servicesError }: { ns: string; app: ApplicationView; byName: Map<string, ServiceView>; servicesError: unknown }) {
  if (app.components.length === 0) {
    return <EmptyState icon="services" title="No components">This application has no Services or Deployments left.</EmptyState>;
  }
  return (
    <div className="flex flex-col gap-3 p-4" data-testid="application-components-list">
      {servicesError ? <ApiErrorNotice error={servicesError} action="Loading pods" /> : null}
      {app.components.map((c) => (
        <ComponentCard key={c.service ?? c.versions[0]?.deployment} ns={ns} component={c} service={c.service ? byName.get(c.service) : undefined} />
      ))}
    </div>
  );
}

function ComponentCard({ ns, component, service }: { ns: string; component: ComponentView; service?: ServiceView }) {
  const name = component.service ?? '(no service)';
  return (
    <article className="rounded-[4px] border border-line-soft" data-testid="component-card" data-name={name}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line-soft bg-surface-2 px-3 py-2">
        <Icon name="services" className="text-muted" />
        <h3 className="text-[13px] font-semibold">{name}</h3>
        <span className="text-[12px] text-muted">{component.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'no ports'}</span>
        {service?.activeRelease ? (
          <Link href={projectHref(ns, `grayscale/${service.activeRelease}`)} className="ml-auto text-[12px] font-semibold text-info hover:underline">
            Release job {service.activeRelease}
          </Link>
        ) : null}
      </header>
      <ul className="divide-y divide-line-soft">
        {component.versions.map((v) => {
          const pods = service?.versions.find((sv) => sv.deployment === v.deployment)?.pods ?? [];
          return (
            <li key={v.deployment} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2" data-testid="component-version" data-version={v.version}>
              <span className="w-[40px] font-mono text-[12px] font-semibold" data-testid="component-version-name">{v.version || 'unlabelled'}</span>
              <span className="min-w-0 flex-1 basis-[180px] truncate text-[12px] text-muted" title={Object.values(v.images).join(', ')}>
                {v.deployment} · {Object.values(v.images).join(', ')}
              </span>
              <span className="flex items-center gap-2 whitespace-nowrap text-[12px]" data-testid="component-version-replicas">
                <WorkloadStatusDot status={v.status} /> <span className="text-muted">{replicasLabel(v.readyReplicas, v.replicas)}</span>
              </span>
              <PodDots pods={pods} />
            </li>
          );
        })}
      </ul>
    </article>
  );
}

function RoutesPanel({ app, ingressUrl }: { app: ApplicationView; ingressUrl: string | null }) {
  const entry = app.components.find((c) => c.service === 'productpage');
  if (!entry) {
    return <EmptyState icon="traffic" title="No routes">This application is not exposed through the ingress gateway.</EmptyState>;
  }
  const port = entry.ports[0]?.port;
  // Istio's bookinfo-gateway VirtualService, as the sample deploys it (server/applications/bookinfo-sample.ts)
  const paths = [
    { path: '/productpage', kind: 'exact' },
    { path: '/static', kind: 'prefix' },
    { path: '/login', kind: 'exact' },
    { path: '/logout', kind: 'exact' },
    { path: '/api/v1/products', kind: 'prefix' },
  ];
  return (
    <div className="overflow-x-auto p-4" data-testid="application-routes">
      <p className="mb-3 text-[12px] text-muted">Gateway <b className="text-ink">bookinfo-gateway</b>, VirtualService <b className="text-ink">bookinfo</b>: these paths on the ingress reach productpage.</p>
      <table className="w-full border-collapse text-left text-[12px]">
        <thead>
          <tr className="bg-surface-2 text-muted">
            {['Path', 'Match', 'Address', 'Backend'].map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap border-b border-line-soft px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paths.map(({ path, kind }) => (
            <tr key={path} className="border-b border-line-soft last:border-b-0">
              <td className="px-3 py-2 font-mono">{path}</td>
              <td className="px-3 py-2 text-muted">{kind}</td>
              <td className="break-all px-3 py-2 text-muted">{ingressUrl ? `${ingressUrl}${path}` : 'ingress address not configured'}</td>
              <td className="whitespace-nowrap px-3 py-2">
                productpage{port ? `:${port}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
