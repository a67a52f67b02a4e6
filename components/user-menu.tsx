'use client';

import { useId, useRef, useState } from 'react';
import { Icon } from './icon';
import { useDismiss } from './use-dismiss';

/** Placeholder until sessions exist (`POST /api/session`): says so instead of faking a user. */
export function UserMenu() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useDismiss(open, () => setOpen(false), box, trigger);
  return (
    <div ref={box} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label="User menu"
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 items-center gap-2 rounded-[4px] px-2 text-white/90 hover:bg-white/10"
        data-testid="user-menu"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-white/15">
          <Icon name="user" />
        </span>
        <span className="hidden text-[12px] font-semibold sm:inline">Guest</span>
        <Icon name="chevronDown" size={14} className="hidden text-white/60 sm:block" />
      </button>
      {open ? (
        <div id={menuId} className="absolute right-0 top-full z-30 mt-1 w-[240px] rounded-[4px] border border-line bg-white p-3 text-ink shadow-pop">
          <p className="text-[12px] font-semibold">Not signed in</p>
          <p className="mt-1 text-[12px] text-muted">Accounts and roles arrive with sign-in. Until then the console is read-only.</p>
        </div>
      ) : null}
    </div>
  );
}
