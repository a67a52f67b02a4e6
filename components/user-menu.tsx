'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { logOut } from '@/lib/auth/client';
import { roleLabel } from '@/lib/auth/roles';
import { Icon } from './icon';
import { useDismiss } from './use-dismiss';
import { useSession } from './auth/use-session';

/** The project in the current URL, so the menu can show the user's role there. */
function projectOf(pathname: string | null): string | undefined {
  return pathname?.match(/^\/projects\/([^/]+)/)?.[1];
}

/** The signed-in user's name and role, the accounts page for platform admins, and Log out. */
export function UserMenu() {
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const { data, loading, signedOut } = useSession();
  useDismiss(open, () => setOpen(false), box, trigger);

  if (pathname === '/login') return null;
  const signedIn = data && !data.open;
  const ns = projectOf(pathname);
  const role = data ? roleLabel({ username: data.user, platformAdmin: data.platformAdmin, projects: data.projects }, ns) : '';
  const loginHref = `/login?next=${encodeURIComponent(pathname ?? '/projects')}`;

  async function onLogout() {
    setLeaving(true);
    try {
      await logOut();
    } finally {
      queryClient.clear();
      window.location.assign('/login');
    }
  }

  return (
    <div ref={box} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={signedIn ? `User menu: ${data.user}` : 'User menu'}
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 items-center gap-2 rounded-[4px] px-2 text-white/90 hover:bg-white/10"
        data-testid="user-menu"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-white/15">
          <Icon name="user" />
        </span>
        <span className="hidden max-w-[160px] truncate text-[12px] font-semibold sm:inline" data-testid="user-menu-name">
          {signedIn ? data.user : loading ? '' : 'Guest'}
        </span>
        <Icon name="chevronDown" size={14} className="hidden text-white/60 sm:block" />
      </button>
      {open ? (
        <div id={menuId} className="absolute right-0 top-full z-30 mt-1 w-[240px] rounded-[4px] border border-line bg-white p-3 text-ink shadow-pop" data-testid="user-menu-panel">
          {signedIn ? (
            <>
              <p className="truncate text-[13px] font-semibold" data-testid="user-menu-user">
                {data.user}
              </p>
              <p className="mt-0.5 text-[12px] text-muted" data-testid="user-menu-role">
                {role}
                {ns && !data.platformAdmin && !data.projects[ns] ? ` (no role in ${ns})` : ns && !data.platformAdmin ? ` in ${ns}` : ''}
              </p>
              <div className="mt-3 flex flex-col gap-1 border-t border-line-soft pt-2">
                {data.platformAdmin ? (
                  <Link href="/admin/accounts" onClick={() => setOpen(false)} className="rounded-[4px] px-2 py-1.5 text-[12px] hover:bg-surface-2" data-testid="user-menu-accounts">
                    Accounts
                  </Link>
                ) : null}
                <button
                  type="button"
                  onClick={onLogout}
                  disabled={leaving}
                  className="rounded-[4px] px-2 py-1.5 text-left text-[12px] text-danger hover:bg-surface-2 disabled:opacity-60"
                  data-testid="user-menu-logout"
                >
                  {leaving ? 'Logging out…' : 'Log out'}
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="text-[12px] font-semibold">Not signed in</p>
              <p className="mt-1 text-[12px] text-muted">
                {signedOut ? 'Your session has ended.' : 'The console is open in demo mode; log in to act as a named user.'}
              </p>
              <Link href={loginHref} className="mt-2 inline-block text-[12px] font-semibold text-info hover:underline" data-testid="user-menu-login">
                Log in
              </Link>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
