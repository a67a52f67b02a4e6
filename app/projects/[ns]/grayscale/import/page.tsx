import type { Metadata } from 'next';
import { BackLink } from '@/components/back-link';
import { ImportList } from '@/components/kubesphere/import-list';
import { PageHeader } from '@/components/page-header';
import { projectHref } from '@/lib/ui/project-nav';

export const metadata: Metadata = { title: 'Import from KubeSphere' };

/** Import KubeSphere 3.x grayscale Strategies as release jobs (docs/real-cluster.md "Migrating from KubeSphere 3.x"). */
export default async function ImportPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <BackLink href={projectHref(ns, 'grayscale')} label="Grayscale Release" />
      <PageHeader icon="grayscale" title="Import from KubeSphere 3.x">
        Grayscale releases made with KubeSphere 3.x (Strategy objects), previewed as Graylane release jobs before anything is changed.
      </PageHeader>
      <ImportList ns={ns} />
    </>
  );
}
