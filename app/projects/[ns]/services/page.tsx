import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ResourceTable } from '@/components/resource-table';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader icon="services" title="Services">
        A Service gives a stable name to the pods of one component. Its versions are the workloads behind it, told apart by the version label.
      </PageHeader>
      <ResourceTable
        columns={['Name', 'Versions', 'Release Job', 'Created']}
        searchDisabledReason="Nothing to search yet"
        empty={
          <EmptyState icon="services" title="No services">
            Services appear here with their versions once an application is deployed in this project.
          </EmptyState>
        }
      />
    </>
  );
}
