import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { TrafficView } from '@/components/telemetry/traffic-view';
import { parseTimeWindow } from '@/lib/ui/telemetry-format';

export const metadata: Metadata = { title: 'Traffic Monitoring' };

export default async function TrafficPage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ns } = await params;
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return (
    <>
      <PageHeader icon="traffic" title="Traffic Monitoring">
        The topology of calls between services, with success rate, traffic and duration per version.
      </PageHeader>
      <TrafficView ns={ns} initialApp={one(sp.app) ?? ''} initialWindow={parseTimeWindow(one(sp.window))} />
    </>
  );
}
