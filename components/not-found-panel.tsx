import type { ReactNode } from 'react';
import { ButtonLink } from './button';
import { EmptyState } from './empty-state';

/**
 * The body of every not-found page (app/not-found.tsx, app/projects/not-found.tsx,
 * app/projects/[ns]/not-found.tsx): a card with the search icon, what was not found and why, and
 * by default a way back to the projects list.
 */
export function NotFoundPanel({ title, children, action = true }: { title: string; children: ReactNode; action?: boolean }) {
  return (
    <div className="rounded-[4px] border border-line bg-white shadow-card" data-testid="not-found">
      <EmptyState
        icon="search"
        title={title}
        testId="not-found-state"
        action={
          action ? (
            <ButtonLink href="/projects" variant="primary">
              Go to projects
            </ButtonLink>
          ) : undefined
        }
      >
        {children}
      </EmptyState>
    </div>
  );
}
