import type { ReactNode } from 'react';
import { Icon } from './icon';

/** Class for cells of columns listed in `hideOnPhone`. */
export const PHONE_HIDDEN = 'hidden sm:table-cell';

/**
 * A KubeSphere list card: a toolbar (search on the left, actions on the right) above a table.
 * Rows are passed as children; with none, the empty state fills the table body.
 */
export function ResourceTable({
  columns,
  children,
  empty,
  searchPlaceholder = 'Search by name',
  searchDisabledReason,
  actions,
  search,
  onSearch,
  hideOnPhone = [],
  testId = 'resource-table',
}: {
  columns: string[];
  /** Column labels hidden below the sm breakpoint (the caller hides those cells with PHONE_HIDDEN too). */
  hideOnPhone?: string[];
  children?: ReactNode;
  empty: ReactNode;
  searchPlaceholder?: string;
  /** When set, the search box is shown disabled with this as its title (nothing to search yet). */
  searchDisabledReason?: string;
  actions?: ReactNode;
  /** With onSearch, the search box is controlled (the caller filters the rows). */
  search?: string;
  onSearch?: (value: string) => void;
  testId?: string;
}) {
  const hasRows = Array.isArray(children) ? children.length > 0 : Boolean(children);
  return (
    <section className="rounded-[4px] border border-line bg-white shadow-card" data-testid={testId}>
      <div className="flex flex-wrap items-center gap-2 border-b border-line-soft px-4 py-3">
        <label className="relative flex min-w-0 flex-1 basis-[200px] items-center">
          <span className="sr-only">{searchPlaceholder}</span>
          <Icon name="search" className="pointer-events-none absolute left-2.5 text-muted" />
          <input
            type="search"
            disabled={Boolean(searchDisabledReason)}
            title={searchDisabledReason}
            placeholder={searchPlaceholder}
            {...(onSearch ? { value: search ?? '', onChange: (e: { target: { value: string } }) => onSearch(e.target.value) } : {})}
            data-testid={`${testId}-search`}
            className="h-8 w-full rounded-[4px] border border-line bg-white pl-8 pr-3 text-[12px] text-ink placeholder:text-subtle hover:border-subtle focus:border-info disabled:cursor-not-allowed disabled:bg-surface-2"
          />
        </label>
        {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-[12px]">
          <thead>
            <tr className="bg-surface-2 text-muted">
              {columns.map((c) => (
                <th key={c} scope="col" className={`whitespace-nowrap border-b border-line-soft px-4 py-2 font-semibold ${hideOnPhone.includes(c) ? PHONE_HIDDEN : ''}`}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {hasRows ? (
              children
            ) : (
              <tr>
                <td colSpan={columns.length}>{empty}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
