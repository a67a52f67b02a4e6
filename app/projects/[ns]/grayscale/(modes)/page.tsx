import type { Metadata } from 'next';
import { GrayscaleView } from '@/components/grayscale-view';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Grayscale Release' };

export default async function GrayscalePage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<{ tab?: string }> }) {
  const [{ ns }, { tab }] = await Promise.all([params, searchParams]);
  return (
    <>
      <PageHeader icon="grayscale" title="Grayscale Release">
        Release a new version of a service next to the running one, give it a share of the traffic, compare both, then let one take over.
      </PageHeader>
      <GrayscaleView ns={ns} initialTab={tab === 'jobs' ? 'jobs' : 'modes'} />
    </>
  );
}
