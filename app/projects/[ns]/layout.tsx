import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { ProjectNav } from '@/components/project-nav';
import { requireVisibleProject } from '@/app/_data/project-access';
import { isValidProjectName } from '@/lib/ui/project-nav';

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  if (!isValidProjectName(ns)) notFound();
  // a project the user has no role in answers 404, as KubeSphere does, not a layout full of 403s
  await requireVisibleProject(ns);
  return (
    <div className="flex flex-col gap-3 md:flex-row md:items-start md:gap-5">
      <aside className="w-full shrink-0 md:sticky md:top-[76px] md:w-[216px]">
        <ProjectNav ns={ns} />
      </aside>
      <main className="min-w-0 flex-1" data-testid="project-content">
        {children}
      </main>
    </div>
  );
}
