'use client';

import { useId } from 'react';
import { splitWeights } from '@/lib/ui/release-format';

/**
 * The traffic ratio slider: a native range input (keyboard: arrows 1%, PageUp/PageDown 10%) for
 * the new version's share, with both versions' percentages shown live on either side.
 */
export function TrafficSlider({
  baselineVersion,
  candidateVersion,
  value,
  onChange,
  disabled = false,
  label = 'Traffic to the new version',
  testId = 'traffic-slider',
}: {
  baselineVersion: string;
  candidateVersion: string;
  value: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  label?: string;
  testId?: string;
}) {
  const id = useId();
  const { baseline, candidate } = splitWeights(value);
  return (
    <div data-testid={testId}>
      <label htmlFor={id} className="mb-2 block text-[12px] font-semibold text-ink">
        {label}
      </label>
      <div className="flex items-center gap-3">
        <div className="w-[72px] shrink-0 rounded-[4px] border border-line bg-surface-2 px-2 py-1 text-center" data-testid={`${testId}-baseline`}>
          <span className="block truncate text-[12px] text-muted">{baselineVersion || 'current'}</span>
          <span className="block text-[16px] font-semibold leading-6 text-ink-2">{baseline}%</span>
        </div>
        <input
          id={id}
          type="range"
          min={0}
          max={100}
          step={1}
          value={candidate}
          disabled={disabled}
          onChange={(e) => onChange(Number(e.target.value))}
          aria-valuetext={`${candidateVersion || 'new version'} ${candidate}%, ${baselineVersion || 'current version'} ${baseline}%`}
          className="gl-range min-w-0 flex-1"
          style={{ background: `linear-gradient(to right, var(--color-primary) ${candidate}%, var(--color-line-soft) ${candidate}%)` }}
          data-testid={`${testId}-input`}
        />
        <div className="w-[72px] shrink-0 rounded-[4px] border border-primary bg-primary-soft px-2 py-1 text-center" data-testid={`${testId}-candidate`}>
          <span className="block truncate text-[12px] text-primary-hover">{candidateVersion || 'new'}</span>
          <span className="block text-[16px] font-semibold leading-6 text-primary-hover">{candidate}%</span>
        </div>
      </div>
    </div>
  );
}
