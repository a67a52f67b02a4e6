import { EmptyState } from '@/components/empty-state';

export default function ProjectNotFound() {
  return (
    <div className="rounded-[4px] border border-line bg-white shadow-card" data-testid="not-found">
      <EmptyState icon="search" title="Page not found" testId="not-found-state">
        This project has no such page. Pick one from the navigation on the left.
      </EmptyState>
    </div>
  );
}
