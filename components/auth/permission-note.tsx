'use client';

import { Icon } from '../icon';

/** A calm one-line note saying why actions are unavailable ("project-viewer may not change release jobs in demo-project: needs operator"). */
export function PermissionNote({ reason, testId = 'permission-note' }: { reason?: string; testId?: string }) {
  if (!reason) return null;
  return (
    <p role="note" className="flex items-center gap-2 rounded-[4px] border border-line bg-surface-2 px-3 py-2 text-[12px] text-ink-2" data-testid={testId}>
      <Icon name="lock" className="shrink-0 text-muted" />
      <span>{reason}</span>
    </p>
  );
}
