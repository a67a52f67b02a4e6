import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/card';
import { Icon, type IconName } from '@/components/icon';
import { PageHeader } from '@/components/page-header';
import { ProjectOverview } from '@/components/project-overview';
import { projectHref } from '@/lib/ui/project-nav';

export const metadata: Metadata = { title: 'Overview' };

const STEPS: { icon: IconName; title: string; text: string; segment: string }[] = [
  { icon: 'applications', title: 'Deploy an application', text: 'Start from the Bookinfo sample: v1 of each service.', segment: 'applications' },
  { icon: 'grayscale', title: 'Create a release job', text: 'Blue-green, canary or mirror a new version of one service.', segment: 'grayscale' },
  { icon: 'traffic', title: 'Watch both versions', text: 'Compare success rate, traffic and duration side by side.', segment: 'traffic' },
  { icon: 'tracing', title: 'Follow requests', text: 'See which version and pod served each traced request.', segment: 'tracing' },
];

/** Project overview: live project information and resource status, then the getting-started steps. */
export default async function ProjectOverviewPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="overview" title="Overview">
        Basic information and resource status of the project.
      </PageHeader>
      <ProjectOverview ns={ns} />
      <Card title="Get Started with a Grayscale Release" className="mt-3" bodyClassName="p-0">
        <ol className="grid gap-px overflow-hidden rounded-b-[4px] bg-line-soft sm:grid-cols-2 xl:grid-cols-4">
          {STEPS.map((s, i) => (
            <li key={s.segment} className="bg-white">
              <Link href={projectHref(ns, s.segment)} className="group flex h-full gap-3 p-4 hover:bg-surface-2">
                <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-page text-ink-2 group-hover:bg-primary-soft group-hover:text-primary-hover">
                  <Icon name={s.icon} />
                </span>
                <span className="min-w-0">
                  <span className="block text-[13px] font-semibold leading-5">
                    <span className="text-muted">{i + 1}.</span> {s.title}
                  </span>
                  <span className="block text-[12px] text-muted">{s.text}</span>
                </span>
              </Link>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
