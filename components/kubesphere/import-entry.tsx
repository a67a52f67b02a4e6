'use client';

import { importSummary, type StrategyImportList } from '@/lib/kubesphere/import-view';
import { projectHref } from '@/lib/ui/project-nav';
import { ButtonLink } from '../button';
import { Icon } from '../icon';

/**
 * The way into the KubeSphere 3.x import, with how many of the project's Strategies convert
 * cleanly. The Grayscale Release page loads it only when the cluster serves KubeSphere's Strategy
 * API: the import contract module brings zod with it.
 */
export function KubeSphereImportEntry({ ns, list }: { ns: string; list: StrategyImportList }) {
  const { total, importable } = importSummary(list);
  return (
    <section
      aria-label="Import from KubeSphere 3.x"
      className="mb-3 flex flex-col gap-3 rounded-[4px] border border-line border-l-4 border-l-info bg-white px-4 py-3 shadow-card sm:flex-row sm:items-center"
      data-testid="kubesphere-import-entry"
    >
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <Icon name="info" className="mt-0.5 shrink-0 text-info" />
        <p className="min-w-0 text-[12px] text-ink-2">
          <span className="font-semibold text-ink">KubeSphere 3.x grayscale releases found.</span>{' '}
          <span data-testid="kubesphere-import-count">
            {total === 0
              ? 'No Strategy is left to import in this project.'
              : `${importable} of ${total} ${total === 1 ? 'Strategy' : 'Strategies'} can be imported as release jobs.`}
          </span>
        </p>
      </div>
      <ButtonLink href={`${projectHref(ns, 'grayscale')}/import`} variant={importable > 0 ? 'primary' : 'default'} className="self-start sm:self-auto" data-testid="kubesphere-import-link">
        Import from KubeSphere
      </ButtonLink>
    </section>
  );
}
