import type { Metadata } from 'next';
import { ButtonLink } from '@/components/button';
import { EmptyState } from '@/components/empty-state';

export const metadata: Metadata = { title: 'Project not found' };

/**
 * A project the user may not see answers exactly like one that does not exist (as KubeSphere
 * does), so the URL reveals nothing; the project layout sends both here (app/_data/project-access.ts).
 */
export default function ProjectNotFound() {
  return (
    <div className="rounded-[4px] border border-line bg-white shadow-card" data-testid="not-found">
      <EmptyState
        icon="search"
        title="Project not found"
        testId="not-found-state"
        action={
          <ButtonLink href="/projects" variant="primary">
            Go to projects
          </ButtonLink>
        }
      >
        This project does not exist, or you are not a member of it. Ask a project administrator to add you, or pick one of your projects.
      </EmptyState>
    </div>
  );
}
