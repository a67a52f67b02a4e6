import { evidenceProgress, formatEValue } from '@/lib/api/release-progress-format';

/** An e-value against its threshold 1/α, filled on a log scale: full means the test rejected its null hypothesis. */
export function EvidenceMeter({ label, hint, eValue, threshold, tone, testId }: { label: string; hint: string; eValue: number; threshold: number; tone: 'danger' | 'success'; testId: string }) {
  const p = evidenceProgress(eValue, threshold);
  const reached = eValue >= threshold;
  return (
    <div className="min-w-0" data-testid={testId} data-reached={reached}>
      <div className="flex items-baseline justify-between gap-2 text-[12px]">
        <span className="font-semibold text-ink-2" title={hint}>
          {label}
        </span>
        <span className="whitespace-nowrap font-mono">
          <b className={reached ? (tone === 'danger' ? 'text-danger' : 'text-primary-hover') : 'text-ink'}>{formatEValue(eValue)}</b>
          <span className="text-muted"> / {formatEValue(threshold)}</span>
        </span>
      </div>
      <div
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-line-soft"
        role="meter"
        aria-label={`${label}: e-value ${formatEValue(eValue)} of threshold ${formatEValue(threshold)}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(p * 100)}
      >
        <span className={`block h-full ${tone === 'danger' ? 'bg-danger' : 'bg-primary'}`} style={{ width: `${p * 100}%` }} />
      </div>
      <p className="mt-0.5 text-[11px] text-muted">{hint}</p>
    </div>
  );
}
