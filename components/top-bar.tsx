import { IntentLink } from './intent-link';
import { ProjectSwitcher } from './project-switcher';
import { UserMenu } from './user-menu';

/** The dark navy KubeSphere header: logo, project switcher, user menu. */
export function TopBar() {
  return (
    <header className="sticky top-0 z-20 bg-topbar text-white shadow-[0_2px_6px_rgba(0,0,0,0.2)]" data-testid="top-bar">
      <div className="flex h-14 items-center gap-2 px-3 sm:gap-4 sm:px-5">
        <IntentLink href="/projects" className="flex shrink-0 items-center gap-2 rounded-[4px] pr-1" aria-label="Graylane home">
          <img src="/graylane-logo.svg" alt="" width={28} height={28} />
          <span className="hidden text-[16px] font-semibold tracking-wide min-[400px]:inline">Graylane</span>
        </IntentLink>
        <span className="hidden h-6 w-px bg-white/20 sm:block" aria-hidden="true" />
        <nav aria-label="Platform" className="hidden items-center md:flex">
          <IntentLink href="/projects" className="rounded-[4px] px-3 py-2 text-[13px] font-semibold text-white/80 hover:bg-white/10 hover:text-white">
            Projects
          </IntentLink>
        </nav>
        <div className="min-w-0 flex-1">
          <ProjectSwitcher />
        </div>
        <UserMenu />
      </div>
    </header>
  );
}
