/**
 * Browser calls of the session, account and member APIs, and their query keys. Pure (fetch is
 * injectable through apiFetch's options).
 */
import { apiFetch } from '@/lib/ui/api-client';
import type { ProjectRole } from './roles';
import type { AccountView, MemberView, SessionView } from './types';

/** GET /api/session's body; `open` marks the anonymous caller while enforcement is off. */
export type SessionInfo = SessionView & { open?: boolean };

/** React Query keys of the auth data, general to specific. */
export const authKeys = {
  all: ['auth'] as const,
  session: () => [...authKeys.all, 'session'] as const,
  accounts: () => [...authKeys.all, 'accounts'] as const,
  members: (ns: string) => [...authKeys.all, 'members', ns] as const,
};

export const fetchSession = (signal?: AbortSignal) => apiFetch<SessionInfo>('/api/session', { signal });
export const logIn = (username: string, password: string) => apiFetch<SessionInfo>('/api/session', { method: 'POST', body: { username, password } });
export const logOut = () => apiFetch<{ ok: true }>('/api/session', { method: 'DELETE' });

export const fetchAccounts = (signal?: AbortSignal) => apiFetch<{ items: AccountView[] }>('/api/admin/accounts', { signal });
export const createAccount = (body: { username: string; password: string; platformAdmin?: boolean }) =>
  apiFetch<AccountView>('/api/admin/accounts', { method: 'POST', body });
export const updateAccount = (name: string, body: { password?: string; disabled?: boolean; platformAdmin?: boolean }) =>
  apiFetch<AccountView>(`/api/admin/accounts/${encodeURIComponent(name)}`, { method: 'PATCH', body });

export const fetchMembers = (ns: string, signal?: AbortSignal) => apiFetch<{ items: MemberView[] }>(`/api/projects/${encodeURIComponent(ns)}/members`, { signal });
export const addMember = (ns: string, username: string, role: ProjectRole) =>
  apiFetch<MemberView>(`/api/projects/${encodeURIComponent(ns)}/members`, { method: 'POST', body: { username, role } });
export const changeMember = (ns: string, username: string, role: ProjectRole) =>
  apiFetch<MemberView>(`/api/projects/${encodeURIComponent(ns)}/members/${encodeURIComponent(username)}`, { method: 'PATCH', body: { role } });
export const removeMember = (ns: string, username: string) =>
  apiFetch<{ ok: true }>(`/api/projects/${encodeURIComponent(ns)}/members/${encodeURIComponent(username)}`, { method: 'DELETE' });
