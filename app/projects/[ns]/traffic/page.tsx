import type { Metadata } from 'next';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Traffic Monitoring' };

export default function TrafficPage() {
  return (
    <>
      <PageHeader icon="traffic" title="Traffic Monitoring">
        The topology of calls between services, with success rate, traffic and duration per version.
      </PageHeader>
      <Card bodyClassName="py-8" testId="traffic-topology">
        <EmptyState icon="traffic" title="No traffic topology yet">
          The graph appears once applications in this project receive requests and a metrics backend is connected.
        </EmptyState>
      </Card>
    </>
  );
}
