import { PageSkeleton } from '@/components/page-skeleton';

/**
 * Shown while this route's server part renders. Route-level (not in a parent folder), so the
 * project layout's access check and unknown pages stay outside any Suspense boundary and answer
 * a real HTTP 404 (a notFound() inside a streamed boundary is sent with status 200).
 */
export default function Loading() {
  return <PageSkeleton />;
}
