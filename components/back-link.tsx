import { IntentLink } from './intent-link';
import { Icon } from './icon';

/** "< Applications" above a detail page. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <IntentLink href={href} className="mb-2 inline-flex items-center gap-1 text-[12px] font-semibold text-muted hover:text-ink" data-testid="back-link">
      <Icon name="chevronRight" size={12} className="rotate-180" />
      {label}
    </IntentLink>
  );
}
