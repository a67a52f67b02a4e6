import type { Metadata } from 'next';
import { AccountsView } from '@/components/auth/accounts-view';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Accounts' };

export default function AccountsPage() {
  return (
    <>
      <PageHeader icon="user" title="Accounts">
        Who can log in to Graylane. Accounts live in the cluster, so every console replica knows them; roles in a project are granted on its Members page.
      </PageHeader>
      <AccountsView />
    </>
  );
}
