import { NotFoundPanel } from '@/components/not-found-panel';

/** An unknown page inside a visible project: the project's navigation stays around it. */
export default function ProjectPageNotFound() {
  return (
    <NotFoundPanel title="Page not found" action={false}>
      This project has no such page. Pick one from the navigation on the left.
    </NotFoundPanel>
  );
}
