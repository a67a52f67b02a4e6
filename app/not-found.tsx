import type { Metadata } from 'next';
import { ButtonLink } from '@/components/button';
import { EmptyState } from '@/components/empty-state';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <div className="rounded-[4px] border border-line bg-white shadow-card" data-testid="not-found">
      <EmptyState
        icon="search"
        title="Page not found"
        testId="not-found-state"
        action={
          <ButtonLink href="/projects" variant="primary">
            Go to projects
          </ButtonLink>
        }
      >
        The address does not match any page in Graylane, or the project name is not a valid Kubernetes namespace.
      </EmptyState>
    </div>
  );
}
