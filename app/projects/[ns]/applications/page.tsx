import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ResourceTable } from '@/components/resource-table';

export const metadata: Metadata = { title: 'Applications' };

export default function ApplicationsPage() {
  return (
    <>
      <PageHeader icon="applications" title="Applications">
        An application groups the services and workloads that make up one product, such as Bookinfo. Grayscale releases act on its services.
      </PageHeader>
      <ResourceTable
        columns={['Name', 'Status', 'Services', 'Created']}
        searchDisabledReason="Nothing to search yet"
        empty={
          <EmptyState icon="applications" title="No applications">
            Applications deployed in this project appear here, starting with the Bookinfo sample.
          </EmptyState>
        }
      />
    </>
  );
}
