import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { TrafficView } from '@/components/telemetry/traffic-view';
import { decide } from '@/lib/auth/permissions';
import { parseTimeWindow } from '@/lib/ui/telemetry-format';
import { currentPrincipal } from '@/server/auth/current';
import { warmTopology } from '@/server/telemetry/topology';

export const metadata: Metadata = { title: 'Traffic Monitoring' };

export default async function TrafficPage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ns } = await params;
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const app = one(sp.app) ?? '';
  const window = parseTimeWindow(one(sp.window));
  // The graph's queries start now, beside this render, instead of after the browser has loaded and
  // hydrated the page; its first request then joins them (server/telemetry/topology.ts). Not awaited:
  // the page never waits for Prometheus.
  void currentPrincipal()
    .then((principal) => {
      if (principal && decide(principal, { verb: 'get', resource: 'topology', namespace: ns }).allowed) return warmTopology(ns, { window, app: app || undefined });
    })
    .catch(() => undefined);
  return (
    <>
      <PageHeader icon="traffic" title="Traffic Monitoring">
        The topology of calls between services, with success rate, traffic and duration per version.
      </PageHeader>
      <TrafficView ns={ns} initialApp={app} initialWindow={window} />
    </>
  );
}
