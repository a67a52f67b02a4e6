import { stringify } from 'yaml';
import { scheduleText } from '@/lib/api/release-progress-format';
import type { CreateReleaseRequest } from '@/lib/api/release-types';

/** The wizard preview's progressive part: the schedule in words and `spec.steps` / `spec.analysis` exactly as they will be written. */
export function ProgressivePreview({ spec }: { spec: CreateReleaseRequest['spec'] }) {
  if (!spec.steps) return null;
  const yaml = stringify({ spec: { steps: spec.steps, ...(spec.analysis ? { analysis: spec.analysis } : {}) } });
  return (
    <section className="mb-4 rounded-[4px] border border-line-soft p-3" aria-label="Progressive schedule preview" data-testid="wizard-progressive-preview">
      <h3 className="mb-1 text-[12px] font-semibold">Progressive schedule</h3>
      <p className="mb-2 text-[12px] text-ink-2" data-testid="wizard-progressive-summary">
        {scheduleText(spec.steps)}
      </p>
      <pre className="max-h-[380px] overflow-auto rounded-[4px] bg-surface-2 p-2 font-mono text-[11px] leading-4 text-ink" data-testid="wizard-progressive-yaml">
        {yaml}
      </pre>
    </section>
  );
}
