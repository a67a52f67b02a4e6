import { PageSkeleton } from '@/components/page-skeleton';

/** Shown while this route's server part renders; route-level, so unknown projects still answer a real 404 (see services/loading.tsx). */
export default function Loading() {
  return <PageSkeleton />;
}
