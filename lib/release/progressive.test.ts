import { describe, expect, it } from 'vitest';
import { PROGRESSIVE_PRESETS } from '../analysis/spec';
import type { ReleaseProgress } from '../analysis/progress';
import { canarySpec } from './fixtures.test-helpers';
import { effectiveSpec, isProgressive } from './progressive';
import { validateReleaseSpec } from './validate';

const fields = (input: unknown) => {
  const r = validateReleaseSpec(input);
  return r.ok ? [] : r.errors.map((e) => e.message);
};
const standard = () => ({ ...canarySpec(), ...structuredClone(PROGRESSIVE_PRESETS.standard.spec) });
const progress = (p: Partial<ReleaseProgress>): ReleaseProgress => ({ step: '1/3', stepIndex: 0, stepCount: 3, phase: 'running', message: '', ...p });

describe('spec.steps, spec.analysis, spec.paused in validateReleaseSpec', () => {
  it('accepts every preset on a Canary job and applies the analysis defaults', () => {
    for (const preset of Object.values(PROGRESSIVE_PRESETS)) expect(validateReleaseSpec({ ...canarySpec(), ...preset.spec }).ok).toBe(true);
    const r = validateReleaseSpec({ ...canarySpec(), steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'error-rate', marginPp: 1 }] }, paused: true });
    expect(r.ok && r.value.analysis).toEqual({ interval: '1m', alpha: 0.05, srmAlpha: 0.001, minSample: 500, maxDuration: '30m', reporter: 'destination', metrics: [{ type: 'error-rate', marginPp: 1, include4xx: false }] });
  });

  it('names the step and field of schedule errors', () => {
    expect(fields({ ...canarySpec(), steps: [{ weight: 50, pause: '1m' }, { weight: 20, pause: '1m' }, { weight: 100 }] })).toEqual([
      "spec.steps[1].weight: must be greater than the previous step's weight (50)",
    ]);
    expect(fields({ ...canarySpec(), steps: [{ weight: 10 }, { weight: 90, pause: '1m' }] })).toEqual([
      'spec.steps[0].pause: is required on every step before the take over',
      'spec.steps[1].weight: the last step must be weight 100 (take over)',
    ]);
    expect(fields({ ...canarySpec(), steps: [{ weight: 10, pause: 'soon' }, { weight: 100 }] })).toEqual(['spec.steps[0].pause: must be a duration such as 30s, 5m or 1h30m']);
    expect(fields({ ...canarySpec(), steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'slow-fraction', thresholdMs: 300, marginPp: 1 }] } })[0]).toMatch(/^spec\.analysis\.metrics\[0\]\.thresholdMs: must be a bucket edge/);
  });

  it('allows steps only on Canary, analysis and paused only with steps, pauses within maxDuration', () => {
    expect(fields({ ...standard(), strategy: 'BlueGreen', traffic: { candidateWeight: 0 } })).toEqual(['spec.steps: is only allowed with the Canary strategy, not BlueGreen']);
    expect(fields({ ...canarySpec(), analysis: PROGRESSIVE_PRESETS.standard.spec.analysis })).toEqual(['spec.analysis: needs spec.steps (the analysis gates each step)']);
    expect(fields({ ...canarySpec(), paused: true })).toEqual(['spec.paused: needs spec.steps (it pauses the step schedule)']);
    expect(fields({ ...canarySpec(), paused: false })).toEqual([]);
    const long = standard();
    long.steps[1].pause = '45m';
    expect(fields(long)).toEqual(['spec.steps[1].pause: must not exceed analysis.maxDuration (30m)']);
    // content matches may be combined with a schedule (the sample-ratio check is then skipped)
    expect(fields({ ...standard(), traffic: { candidateWeight: 0, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } })).toEqual([]);
  });
});

describe('effectiveSpec', () => {
  const spec = () => validateReleaseSpec(standard()) as { ok: true; value: ReturnType<typeof canarySpec> };

  it('leaves jobs without steps alone', () => {
    const plain = canarySpec();
    expect(isProgressive(plain)).toBe(false);
    expect(effectiveSpec(plain, undefined)).toBe(plain);
  });

  it('routes by the current step, not spec.traffic.candidateWeight', () => {
    const s = spec().value;
    expect(isProgressive(s)).toBe(true);
    expect(effectiveSpec(s, undefined).traffic.candidateWeight).toBe(10);
    expect(effectiveSpec(s, progress({ stepIndex: 1 })).traffic.candidateWeight).toBe(50);
    expect(effectiveSpec(s, progress({ stepIndex: 2 })).takeOver).toBe('v2');
  });

  it('rolls back to 0%, takes over when completed, and is plain once handed over; a person\'s takeOver wins', () => {
    const s = spec().value;
    expect(effectiveSpec(s, progress({ stepIndex: 1, phase: 'rolled-back' })).traffic.candidateWeight).toBe(0);
    expect(effectiveSpec(s, progress({ stepIndex: 2, phase: 'completed' })).takeOver).toBe('v2');
    expect(effectiveSpec(s, progress({ stepIndex: 2, phase: 'completed', handedOver: true }))).toBe(s);
    expect(effectiveSpec({ ...s, takeOver: 'v1' }, progress({ stepIndex: 1 })).takeOver).toBe('v1');
    expect(effectiveSpec({ ...s, takeOver: 'v1' }, progress({ stepIndex: 2, phase: 'completed' })).takeOver).toBe('v1');
  });
});
