import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { jobDetailState } from '@/app/_data/job-detail-state';
import { ReleaseDetail } from '@/components/release-detail';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · Grayscale Release` };
}

export default async function ReleaseJobPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name: encoded } = await params;
  const name = decodeURIComponent(encoded);
  // The job is read here, so the HTML already shows it (issue 10: LCP; the session comes from the
  // root layout). No loading.tsx on this route (the job list's is in its (modes) group): behind a
  // Suspense boundary the job arrived as a streamed chunk that React reveals only after a throttle,
  // ~500 ms after the first paint; without one it is part of the first paint. The read is bounded
  // (JOB_PREFETCH_MS).
  return (
    <HydrationBoundary state={await jobDetailState(ns, name)}>
      <ReleaseDetail ns={ns} name={name} />
    </HydrationBoundary>
  );
}
