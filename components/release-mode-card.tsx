import { Button } from './button';
import { Icon } from './icon';
import { ReleaseModeIllustration, type ReleaseMode } from './release-mode-illustration';

/** One of the three KubeSphere release modes, with its Create Job action (disabled with a stated reason when it cannot be used). */
export function ReleaseModeCard({ mode, title, description, disabledReason, onCreate }: { mode: ReleaseMode; title: string; description: string; disabledReason?: string; onCreate?: () => void }) {
  const reasonId = `release-mode-${mode}-reason`;
  return (
    <article className="flex flex-col rounded-[4px] border border-line bg-white p-4 shadow-card" data-testid={`release-mode-${mode}`}>
      {/* content-start: without it a wrapped flex row spreads the card's spare height between lines */}
      <div className="flex flex-1 flex-wrap content-start items-start gap-x-4 gap-y-3 xl:flex-col xl:flex-nowrap">
        <ReleaseModeIllustration mode={mode} />
        <div className="min-w-0 flex-1 basis-[160px] xl:basis-auto">
          <h3 className="text-[14px] font-semibold leading-5">{title}</h3>
          <p className="mt-1 text-[12px] text-muted">{description}</p>
        </div>
      </div>
      <div className="mt-4 flex items-center justify-between gap-3 border-t border-line-soft pt-3">
        {disabledReason ? (
          <span id={reasonId} className="flex min-w-0 items-start gap-1.5 text-[12px] leading-4 text-muted" data-testid={`release-mode-${mode}-reason`}>
            <Icon name="info" size={14} className="mt-px shrink-0 text-info" />
            {disabledReason}
          </span>
        ) : (
          <span />
        )}
        <Button variant="primary" className="shrink-0" disabled={Boolean(disabledReason)} aria-describedby={disabledReason ? reasonId : undefined} onClick={onCreate} data-testid={`release-mode-${mode}-create`}>
          Create Job
        </Button>
      </div>
    </article>
  );
}
