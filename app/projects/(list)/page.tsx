import type { Metadata } from 'next';
import { listProjects } from '@/app/_data/projects';
import { PageHeader } from '@/components/page-header';
import { ProjectsTable } from '@/components/projects-table';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const view = await listProjects();
  return (
    <>
      <PageHeader icon="project" title="Projects">
        A project is a Kubernetes namespace. Enter one to deploy applications, run grayscale releases and watch their traffic.
      </PageHeader>
      <ProjectsTable view={view} />
    </>
  );
}
