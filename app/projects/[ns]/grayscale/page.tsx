import type { Metadata } from 'next';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ReleaseModeCard } from '@/components/release-mode-card';
import type { ReleaseMode } from '@/components/release-mode-illustration';

export const metadata: Metadata = { title: 'Grayscale Release' };

const NOT_YET = 'Release jobs arrive with the release core';

const MODES: { mode: ReleaseMode; title: string; description: string }[] = [
  {
    mode: 'blue-green',
    title: 'Blue-Green Deployment',
    description: 'Deploy the new version next to the old one, then switch all traffic at once. The old version stays up, so switching back is instant.',
  },
  {
    mode: 'canary',
    title: 'Canary Release',
    description: 'Send a share of traffic to the new version, by ratio or by request content such as headers, cookies, URI, OS or browser, and raise it step by step.',
  },
  {
    mode: 'mirror',
    title: 'Traffic Mirroring',
    description: 'Copy live requests to the new version to test it with real traffic. Its responses are discarded, so users never see them.',
  },
];

export default function GrayscalePage() {
  return (
    <>
      <PageHeader icon="grayscale" title="Grayscale Release">
        Release a new version of a service next to the running one, give it a share of the traffic, compare both, then let one take over.
      </PageHeader>
      <h2 className="mb-2 mt-4 text-[14px] font-semibold">Release Modes</h2>
      <div className="grid gap-3 xl:grid-cols-3" data-testid="release-modes">
        {MODES.map((m) => (
          <ReleaseModeCard key={m.mode} {...m} disabledReason={NOT_YET} />
        ))}
      </div>
      <Card title="Release Jobs" className="mt-4" bodyClassName="p-0" testId="release-jobs">
        <EmptyState icon="grayscale" title="No release jobs">
          Jobs created here or applied with kubectl as GrayscaleRelease objects are listed with their traffic split and status.
        </EmptyState>
      </Card>
    </>
  );
}
