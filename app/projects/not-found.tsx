import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/not-found-panel';

export const metadata: Metadata = { title: 'Project not found' };

/**
 * A project the user may not see answers exactly like one that does not exist (as KubeSphere
 * does), so the URL reveals nothing; the project layout sends both here (app/_data/project-access.ts).
 */
export default function ProjectNotFound() {
  return (
    <NotFoundPanel title="Project not found">
      This project does not exist, or you are not a member of it. Ask a project administrator to add you, or pick one of your projects.
    </NotFoundPanel>
  );
}
