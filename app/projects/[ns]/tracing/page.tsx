import type { Metadata } from 'next';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Tracing' };

export default function TracingPage() {
  return (
    <>
      <PageHeader icon="tracing" title="Tracing">
        Follow single requests through the services: every phase, its duration, and the version and pod that served it.
      </PageHeader>
      <Card bodyClassName="py-8" testId="traces">
        <EmptyState icon="tracing" title="No traces yet">
          Traces appear once requests flow through this project&apos;s services and a Jaeger query API is connected.
        </EmptyState>
      </Card>
    </>
  );
}
