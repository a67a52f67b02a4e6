import type { Metadata } from 'next';
import { MembersView } from '@/components/auth/members-view';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Project Members' };

export default async function MembersPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return (
    <>
      <PageHeader icon="user" title="Project Members">
        Who may work in {ns}, and with which role.
      </PageHeader>
      <MembersView ns={ns} />
    </>
  );
}
