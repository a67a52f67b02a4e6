import type { ReactNode } from 'react';

/** The white, thin-bordered KubeSphere card. */
export function Card({ title, actions, children, className = '', bodyClassName = 'p-5', testId }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; bodyClassName?: string; testId?: string }) {
  return (
    <section className={`rounded-[4px] border border-line bg-white shadow-card ${className}`} data-testid={testId}>
      {title ? (
        <header className="flex min-h-11 flex-wrap items-center justify-between gap-2 border-b border-line-soft px-5 py-2.5">
          <h2 className="text-[14px] font-semibold leading-5">{title}</h2>
          {actions}
        </header>
      ) : null}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}
