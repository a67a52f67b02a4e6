import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon';

/** Icon, title and one line that says why it is empty and what makes it fill. */
export function EmptyState({ icon = 'empty', title, children, action, testId = 'empty-state', tone = 'neutral' }: { icon?: IconName; title: string; children: ReactNode; action?: ReactNode; testId?: string; tone?: 'neutral' | 'warning' }) {
  const ring = tone === 'warning' ? 'bg-warning-soft text-warning' : 'bg-page text-subtle';
  return (
    <div className="flex flex-col items-center px-4 py-10 text-center" data-testid={testId}>
      <span className={`mb-3 flex h-14 w-14 items-center justify-center rounded-full ${ring}`}>
        <Icon name={icon} size={28} strokeWidth={1.2} />
      </span>
      <h3 className="text-[14px] font-semibold leading-5" data-testid="empty-state-title">
        {title}
      </h3>
      <p className="mt-1 max-w-[440px] text-[12px] text-muted">{children}</p>
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
