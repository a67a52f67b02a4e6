import type { ReactNode } from 'react';

/** The summary card's label/value rows. */
export function DetailList({ items, testId }: { items: { label: string; value: ReactNode; testId?: string }[]; testId?: string }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-5 gap-y-2.5 text-[12px]" data-testid={testId}>
      {items.map((i) => (
        <div key={i.label} className="contents">
          <dt className="text-muted">{i.label}</dt>
          <dd className="min-w-0 break-words" data-testid={i.testId}>
            {i.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
