import type { Metadata } from 'next';
import { ImportList } from '@/components/kubesphere/import-list';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Import from KubeSphere' };

/** Import KubeSphere 3.x grayscale Strategies as release jobs (docs/real-cluster.md "Migrating from KubeSphere 3.x"). */
export default async function ImportPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="grayscale" title="Import from KubeSphere 3.x">
        Grayscale releases made with KubeSphere 3.x (Strategy objects), previewed as Graylane release jobs before anything is changed.
      </PageHeader>
      <ImportList ns={ns} />
    </>
  );
}
