import type { Metadata } from 'next';
import { BackLink } from '@/components/back-link';
import { PageHeader } from '@/components/page-header';
import { TraceDetailView } from '@/components/telemetry/trace-detail-view';
import { projectHref } from '@/lib/ui/project-nav';

export const metadata: Metadata = { title: 'Trace' };

export default async function TracePage({ params }: { params: Promise<{ ns: string; traceId: string }> }) {
  const { ns, traceId } = await params;
  const id = traceId;
  return (
    <>
      <BackLink href={projectHref(ns, 'tracing')} label="Tracing" />
      <PageHeader icon="tracing" title="Trace">
        <span className="font-mono">{id}</span>
      </PageHeader>
      <TraceDetailView ns={ns} traceId={id} />
    </>
  );
}
