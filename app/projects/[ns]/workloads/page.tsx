import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ResourceTable } from '@/components/resource-table';

export const metadata: Metadata = { title: 'Workloads' };

export default function WorkloadsPage() {
  return (
    <>
      <PageHeader icon="workloads" title="Workloads">
        Deployments run the pods of each service version. Release jobs create the candidate version and remove the retired one.
      </PageHeader>
      <ResourceTable
        columns={['Name', 'Status', 'Version', 'Replicas', 'Updated']}
        searchDisabledReason="Nothing to search yet"
        empty={
          <EmptyState icon="workloads" title="No workloads">
            Deployments in this project appear here with their version and ready replicas.
          </EmptyState>
        }
      />
    </>
  );
}
