'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { addMember, authKeys, changeMember, fetchMembers, removeMember } from '@/lib/auth/client';
import { PROJECT_ROLES, type ProjectRole } from '@/lib/auth/roles';
import { describeApiError, fieldError } from '@/lib/ui/api-client';
import { ApiErrorNotice } from '../api-error-notice';
import { Button } from '../button';
import { EmptyState } from '../empty-state';
import { INPUT_CLASS } from '../form-field';
import { SkeletonRows } from '../page-skeleton';
import { ResourceTable } from '../resource-table';
import { useToast } from '../toast';
import { PermissionNote } from './permission-note';
import { usePermissions } from './use-permissions';

const ROLE_HELP: Record<ProjectRole, string> = {
  viewer: 'reads everything in the project',
  operator: 'also creates and changes release jobs and deploys the sample app',
  admin: 'also manages members',
};

function RoleSelect({ value, onChange, disabled, title, testId, label }: { value: ProjectRole; onChange: (r: ProjectRole) => void; disabled?: boolean; title?: string; testId: string; label: string }) {
  return (
    <select aria-label={label} className={`${INPUT_CLASS} !w-[130px]`} value={value} disabled={disabled} title={title} onChange={(e) => onChange(e.target.value as ProjectRole)} data-testid={testId}>
      {PROJECT_ROLES.map((r) => (
        <option key={r} value={r}>{r}</option>
      ))}
    </select>
  );
}

/** /projects/{ns}/members: members and roles; project admins add, change and remove them. */
export function MembersView({ ns }: { ns: string }) {
  const perms = usePermissions(ns);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<ProjectRole>('viewer');
  const q = useQuery({ queryKey: authKeys.members(ns), queryFn: ({ signal }) => fetchMembers(ns, signal), enabled: perms.canRead });
  const refresh = () => queryClient.invalidateQueries({ queryKey: authKeys.all });
  const onError = (action: string) => (err: unknown) => toast({ tone: 'error', title: `${action} failed`, detail: describeApiError(err).detail });

  const add = useMutation({
    mutationFn: () => addMember(ns, username.trim(), role),
    onSuccess: (m) => {
      toast({ tone: 'success', title: `${m.username} added as ${m.role}` });
      setUsername('');
      void refresh();
    },
  });
  const change = useMutation({
    mutationFn: (v: { username: string; role: ProjectRole }) => changeMember(ns, v.username, v.role),
    onSuccess: (m) => {
      toast({ tone: 'success', title: `${m.username} is now ${m.role}` });
      void refresh();
    },
    onError: onError('Change role'),
  });
  const remove = useMutation({
    mutationFn: (user: string) => removeMember(ns, user),
    onSuccess: (_r, user) => {
      toast({ tone: 'success', title: `${user} removed from ${ns}` });
      void refresh();
    },
    onError: onError('Remove member'),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim()) add.mutate();
  };
  const manage = perms.canManageMembers;
  const why = perms.manageMembersReason;

  if (!perms.loading && !perms.canRead) return <PermissionNote reason={perms.readReason} testId="members-forbidden" />;
  return (
    <div className="flex flex-col gap-3">
      {!perms.loading && !manage ? <PermissionNote reason={`${why}. You can see the members but not change them.`} testId="members-permission-note" /> : null}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2 rounded-[4px] border border-line bg-white px-4 py-3 shadow-card" data-testid="add-member-form">
        <div className="min-w-[200px] flex-1">
          <label htmlFor="member-username" className="mb-1 block text-[12px] font-semibold">Account</label>
          <input id="member-username" className={INPUT_CLASS} value={username} disabled={!manage} title={why} placeholder="username" autoComplete="off" onChange={(e) => setUsername(e.target.value)} data-testid="member-username" />
        </div>
        <div>
          <span className="mb-1 block text-[12px] font-semibold">Role</span>
          <RoleSelect label="Role of the new member" value={role} onChange={setRole} disabled={!manage} title={why} testId="member-role" />
        </div>
        <Button variant="primary" type="submit" disabled={!manage || add.isPending || !username.trim()} title={why} data-testid="member-add">
          {add.isPending ? 'Adding…' : 'Add Member'}
        </Button>
        <p className="basis-full text-[12px] text-muted">
          viewer {ROLE_HELP.viewer}; operator {ROLE_HELP.operator}; admin {ROLE_HELP.admin}.
        </p>
        {add.error ? <div className="basis-full">{fieldError(add.error, 'username') ? <p className="text-[12px] text-danger">{fieldError(add.error, 'username')}</p> : <ApiErrorNotice error={add.error} action="Add member" />}</div> : null}
      </form>
      {q.error ? <ApiErrorNotice error={q.error} onReload={() => void q.refetch()} /> : null}
      <ResourceTable
        columns={['Member', 'Role', '']}
        empty={
          // a skeleton of member rows while the session or the list loads (issue 10: no layout shift)
          q.isPending ? (
            <SkeletonRows rows={3} label="Loading members…" />
          ) : q.isError ? (
            <p className="px-4 py-3 text-[12px] text-muted">The members could not be loaded (the error is shown above).</p>
          ) : (
            <EmptyState icon="user" title="No members yet" testId="members-empty">
              Platform admins can always enter the project.
            </EmptyState>
          )
        }
        searchDisabledReason="Members are few; no search needed" testId="members-table">
        {(q.data?.items ?? []).map((m) => (
          <tr key={m.username} className="border-t border-line-soft" data-testid={`member-row-${m.username}`}>
            <td className="px-4 py-3 font-semibold">{m.username}</td>
            <td className="px-4 py-3">
              <RoleSelect label={`Role of ${m.username}`} value={m.role} disabled={!manage || change.isPending} title={why} onChange={(r) => change.mutate({ username: m.username, role: r })} testId="member-row-role" />
            </td>
            <td className="px-4 py-3 text-right">
              <Button variant="text" disabled={!manage || remove.isPending} title={why} onClick={() => remove.mutate(m.username)} data-testid="member-remove">Remove</Button>
            </td>
          </tr>
        ))}
      </ResourceTable>
    </div>
  );
}
