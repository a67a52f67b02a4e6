import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { Icon, type IconName } from '@/components/icon';
import { PageHeader } from '@/components/page-header';
import { projectHref } from '@/lib/ui/project-nav';

export const metadata: Metadata = { title: 'Overview' };

const STEPS: { icon: IconName; title: string; text: string; segment: string }[] = [
  { icon: 'applications', title: 'Deploy an application', text: 'Start from the Bookinfo sample: v1 of each service.', segment: 'applications' },
  { icon: 'grayscale', title: 'Create a release job', text: 'Blue-green, canary or mirror a new version of one service.', segment: 'grayscale' },
  { icon: 'traffic', title: 'Watch both versions', text: 'Compare success rate, traffic and duration side by side.', segment: 'traffic' },
  { icon: 'tracing', title: 'Follow requests', text: 'See which version and pod served each traced request.', segment: 'tracing' },
];

export default async function ProjectOverviewPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="overview" title="Overview">
        Basic information and resource status of the project.
      </PageHeader>
      <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card title="Project Information" testId="project-info">
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2.5 text-[12px]">
            <dt className="text-muted">Name</dt>
            <dd className="truncate font-semibold">{ns}</dd>
            <dt className="text-muted">Type</dt>
            <dd>Kubernetes namespace</dd>
            <dt className="text-muted">Cluster</dt>
            <dd className="flex items-center gap-1.5">
              <span className="h-2 w-2 rounded-full bg-warning" aria-hidden="true" />
              Not connected
            </dd>
          </dl>
        </Card>
        <Card title="Resource Status">
          <EmptyState icon="cluster" title="No resource status yet">
            Application, workload and release counts appear here once Graylane is connected to the cluster.
          </EmptyState>
        </Card>
      </div>
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
