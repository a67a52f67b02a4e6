import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { ServicesView } from '@/components/services-view';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="services" title="Services">
        A Service gives a stable name to the pods of one component. Its versions are the workloads behind it, told apart by the version label.
      </PageHeader>
      <ServicesView ns={ns} />
    </>
  );
}
