import type { Metadata } from 'next';
import { ApplicationsView } from '@/components/applications-view';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Applications' };

export default async function ApplicationsPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="applications" title="Applications">
        An application groups the services and workloads that make up one product, such as Bookinfo. Grayscale releases act on its services.
      </PageHeader>
      <ApplicationsView ns={ns} />
    </>
  );
}
