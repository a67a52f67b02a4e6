import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon';

/** The KubeSphere page banner: icon, title and a one-paragraph description. */
export function PageHeader({ icon, title, children, actions }: { icon: IconName; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-4 rounded-[4px] border border-line bg-white px-5 py-4 shadow-card" data-testid="page-header">
      <span className="hidden h-12 w-12 shrink-0 sm:flex items-center justify-center rounded-[4px] bg-ink text-white">
        <Icon name={icon} size={26} strokeWidth={1.2} />
      </span>
      <div className="min-w-0 flex-1 basis-[220px]">
        <h1 className="text-[20px] font-semibold leading-7" data-testid="page-title">
          {title}
        </h1>
        {children ? <p className="mt-0.5 text-[12px] text-muted">{children}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
