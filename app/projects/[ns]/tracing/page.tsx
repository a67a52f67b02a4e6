import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { TracingView } from '@/components/telemetry/tracing-view';
import { TRACE_LIMITS, TRACE_RANGES } from '@/lib/ui/telemetry-api';

export const metadata: Metadata = { title: 'Tracing' };

export default async function TracingPage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ns } = await params;
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const range = TRACE_RANGES.some((r) => r.value === one(sp.range)) ? one(sp.range) : '1h';
  const limit = TRACE_LIMITS.find((l) => String(l) === one(sp.limit)) ?? 20;
  return (
    <>
      <PageHeader icon="tracing" title="Tracing">
        Follow single requests through the services: every phase, its duration, and the version and pod that served it.
      </PageHeader>
      <TracingView ns={ns} initial={{ service: one(sp.service), version: one(sp.version), range, limit }} />
    </>
  );
}
