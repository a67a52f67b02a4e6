import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/not-found-panel';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <NotFoundPanel title="Page not found">
      The address does not match any page in Graylane, or the project name is not a valid Kubernetes namespace.
    </NotFoundPanel>
  );
}
