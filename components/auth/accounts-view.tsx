'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { authKeys, createAccount, fetchAccounts, updateAccount } from '@/lib/auth/client';
import type { AccountView } from '@/lib/auth/types';
import { describeApiError, fieldError } from '@/lib/ui/api-client';
import { ApiErrorNotice } from '../api-error-notice';
import { Button } from '../button';
import { TextField } from '../form-field';
import { ModalDialog } from '../modal-dialog';
import { PHONE_HIDDEN, ResourceTable } from '../resource-table';
import { useToast } from '../toast';
import { PermissionNote } from './permission-note';
import { useSession } from './use-session';

function rolesText(a: AccountView): string {
  const projects = Object.entries(a.projects).map(([ns, role]) => `${role} of ${ns}`);
  return [a.platformAdmin ? 'platform admin' : '', ...projects].filter(Boolean).join(', ') || 'no roles';
}

/** Create-account dialog (username, password, platform admin). */
function CreateAccountDialog({ onClose }: { onClose: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [platformAdmin, setPlatformAdmin] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => createAccount({ username, password, platformAdmin }),
    onSuccess: (a) => {
      toast({ tone: 'success', title: `Account ${a.username} created` });
      void queryClient.invalidateQueries({ queryKey: authKeys.accounts() });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <ModalDialog
      title="Create Account"
      description="The user logs in with this name and password; give them roles in projects from each project's Members page."
      onClose={onClose}
      busy={m.isPending}
      testId="create-account-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={m.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="create-account-form" disabled={m.isPending} data-testid="create-account-submit">
            {m.isPending ? 'Creating…' : 'Create'}
          </Button>
        </>
      }
    >
      <form id="create-account-form" onSubmit={submit} className="flex flex-col gap-4">
        <TextField label="Username" required value={username} onChange={(e) => setUsername(e.target.value)} hint="Lower case letters, digits and -" error={fieldError(m.error, 'username')} autoComplete="off" data-testid="create-account-username" data-autofocus />
        <TextField label="Password" required type="password" value={password} onChange={(e) => setPassword(e.target.value)} hint="At least 8 characters" error={fieldError(m.error, 'password')} autoComplete="new-password" data-testid="create-account-password" />
        <label className="flex items-center gap-2 text-[12px]">
          <input type="checkbox" checked={platformAdmin} onChange={(e) => setPlatformAdmin(e.target.checked)} data-testid="create-account-admin" />
          Platform admin (manages accounts and every project)
        </label>
        {m.error && !fieldError(m.error, 'username') && !fieldError(m.error, 'password') ? <ApiErrorNotice error={m.error} action="Create account" /> : null}
      </form>
    </ModalDialog>
  );
}

/** Reset-password dialog; every session of the user ends. */
function ResetPasswordDialog({ account, onClose }: { account: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => updateAccount(account, { password }),
    onSuccess: () => {
      toast({ tone: 'success', title: `Password of ${account} reset`, detail: 'Their open sessions have ended.' });
      onClose();
    },
  });
  return (
    <ModalDialog
      title={`Reset Password of ${account}`}
      description="Every open session of this user ends; tell them the new password."
      onClose={onClose}
      busy={m.isPending}
      testId="reset-password-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={m.isPending}>Cancel</Button>
          <Button variant="primary" type="submit" form="reset-password-form" disabled={m.isPending} data-testid="reset-password-submit">
            {m.isPending ? 'Saving…' : 'Reset'}
          </Button>
        </>
      }
    >
      <form id="reset-password-form" onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
        <TextField label="New password" required type="password" value={password} onChange={(e) => setPassword(e.target.value)} hint="At least 8 characters" error={fieldError(m.error, 'password')} autoComplete="new-password" data-testid="reset-password-input" data-autofocus />
        {m.error && !fieldError(m.error, 'password') ? <div className="mt-3"><ApiErrorNotice error={m.error} action="Reset password" /></div> : null}
      </form>
    </ModalDialog>
  );
}

/** /admin/accounts: every account with its roles; create, reset password, disable/enable (platform admins). */
export function AccountsView() {
  const session = useSession();
  const isAdmin = Boolean(session.data?.platformAdmin && !session.data.open);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<string | undefined>();
  const q = useQuery({ queryKey: authKeys.accounts(), queryFn: ({ signal }) => fetchAccounts(signal), enabled: isAdmin });
  const toggle = useMutation({
    mutationFn: (a: AccountView) => updateAccount(a.username, { disabled: !a.disabled }),
    onSuccess: (a) => {
      toast({ tone: 'success', title: `${a.username} ${a.disabled ? 'disabled' : 'enabled'}`, detail: a.disabled ? 'Their open sessions have ended.' : undefined });
      void queryClient.invalidateQueries({ queryKey: authKeys.accounts() });
    },
    onError: (err) => toast({ tone: 'error', title: 'Change failed', detail: describeApiError(err).detail }),
  });

  if (!session.loading && !isAdmin) {
    return <PermissionNote reason={session.data && !session.data.open ? `${session.data.user} may not manage accounts: needs platform admin` : 'Log in as a platform admin to manage accounts.'} testId="accounts-forbidden" />;
  }
  const rows = (q.data?.items ?? []).filter((a) => a.username.includes(search.trim().toLowerCase()));
  return (
    <>
      {q.error ? <div className="mb-3"><ApiErrorNotice error={q.error} onReload={() => void q.refetch()} /></div> : null}
      <ResourceTable
        columns={['Username', 'Roles', 'Status', 'Created', '']}
        hideOnPhone={['Roles', 'Created']}
        search={search}
        onSearch={setSearch}
        searchPlaceholder="Search by username"
        empty={q.isPending ? 'Loading accounts…' : 'No accounts match.'}
        actions={<Button variant="primary" onClick={() => setCreating(true)} data-testid="create-account">Create</Button>}
        testId="accounts-table"
      >
        {rows.map((a) => (
          <tr key={a.username} className="border-t border-line-soft" data-testid={`account-row-${a.username}`}>
            <td className="px-4 py-3 font-semibold">{a.username}{a.username === session.data?.user ? <span className="ml-1 font-normal text-muted">(you)</span> : null}</td>
            <td className={`px-4 py-3 text-ink-2 ${PHONE_HIDDEN}`}>{rolesText(a)}</td>
            <td className="px-4 py-3">
              <span className={a.disabled ? 'text-danger' : 'text-primary-hover'} data-testid="account-status">{a.disabled ? 'Disabled' : 'Active'}</span>
            </td>
            <td className={`px-4 py-3 text-muted ${PHONE_HIDDEN}`}>{a.createdAt ? new Date(a.createdAt).toLocaleString() : ''}</td>
            <td className="px-4 py-3 text-right">
              <div className="flex justify-end gap-1">
                <Button variant="text" onClick={() => setResetting(a.username)} data-testid="account-reset">Reset password</Button>
                <Button
                  variant="text"
                  disabled={a.username === session.data?.user || toggle.isPending}
                  title={a.username === session.data?.user ? 'You cannot disable your own account' : undefined}
                  onClick={() => toggle.mutate(a)}
                  data-testid="account-toggle"
                >
                  {a.disabled ? 'Enable' : 'Disable'}
                </Button>
              </div>
            </td>
          </tr>
        ))}
      </ResourceTable>
      {creating ? <CreateAccountDialog onClose={() => setCreating(false)} /> : null}
      {resetting ? <ResetPasswordDialog account={resetting} onClose={() => setResetting(undefined)} /> : null}
    </>
  );
}
