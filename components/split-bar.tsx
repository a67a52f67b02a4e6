import { clampPercent } from '@/lib/ui/release-format';

/**
 * Two versions' traffic shares as one bar (baseline navy, candidate green) with the numbers
 * written out, so the split is readable without colour.
 */
export function SplitBar({ baseline, candidate, testId = 'split-bar' }: { baseline: { version: string; weight: number }; candidate: { version: string; weight: number }; testId?: string }) {
  const b = clampPercent(baseline.weight);
  const c = clampPercent(candidate.weight);
  const total = b + c;
  const bw = total === 0 ? 0 : (b / total) * 100;
  return (
    <div data-testid={testId}>
      <div className="flex h-2 overflow-hidden rounded-full bg-line-soft" role="img" aria-label={`${baseline.version} ${b}%, ${candidate.version} ${c}%`}>
        <span className="h-full bg-ink-2 transition-[width] duration-300" style={{ width: `${bw}%` }} />
        <span className="h-full bg-primary transition-[width] duration-300" style={{ width: `${total === 0 ? 0 : 100 - bw}%` }} />
      </div>
      <div className="mt-1 flex justify-between text-[12px]">
        <span>
          <span className="mr-1 inline-block h-2 w-2 rounded-sm bg-ink-2" aria-hidden="true" />
          {baseline.version} <b data-testid={`${testId}-baseline`}>{b}%</b>
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 rounded-sm bg-primary" aria-hidden="true" />
          {candidate.version} <b data-testid={`${testId}-candidate`}>{c}%</b>
        </span>
      </div>
    </div>
  );
}
