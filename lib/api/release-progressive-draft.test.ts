import { describe, expect, it } from 'vitest';
import { PROGRESSIVE_PRESETS, progressiveSchema } from '../analysis';
import { addStep, draftFromPreset, draftToSpec, progressiveFieldFor, removeStep, validateDraft } from './release-progressive-draft';

describe('progressive draft (wizard)', () => {
  it('round-trips every preset to the spec lib/analysis defines, valid as is', () => {
    for (const name of ['standard', 'careful', 'manual'] as const) {
      const d = draftFromPreset(name);
      expect(validateDraft(d)).toEqual({});
      expect(progressiveSchema.parse(draftToSpec(d))).toEqual(progressiveSchema.parse(PROGRESSIVE_PRESETS[name].spec));
    }
  });

  it('names each bad field by its path under spec, with the schema message', () => {
    const d = draftFromPreset('standard');
    const bad = {
      ...d,
      steps: [{ weight: '50', pause: '5m' }, { weight: '20', pause: 'soon' }, { weight: '100', pause: '' }],
      errorMarginPp: '',
    };
    const errors = validateDraft(bad);
    expect(errors['steps.1.weight']).toBe("Must be greater than the previous step's weight (50).");
    expect(errors['steps.1.pause']).toMatch(/duration such as 30s, 5m or 1h30m/);
    expect(errors['analysis.metrics.0.marginPp']).toBe('Enter a number.');
    // cross-field rules run once every field parses (zod refinements)
    expect(validateDraft({ ...d, interval: '5s' })).toEqual({ 'analysis.interval': 'Must be at least 10s (two Prometheus scrapes).' });
  });

  it('refuses a schedule that does not end in the take over, and a pause longer than the max duration', () => {
    const d = draftFromPreset('standard');
    expect(validateDraft({ ...d, steps: [{ weight: '10', pause: '5m' }, { weight: '50', pause: '' }] })['steps.1.weight']).toMatch(/last step must be weight 100/);
    expect(validateDraft({ ...d, maxDuration: '10m', steps: [{ weight: '10', pause: '20m' }, { weight: '100', pause: '' }] })['steps.0.pause']).toMatch(/Must not exceed analysis.maxDuration \(10m\)/);
  });

  it('drops the slow-fraction metric when disabled and keeps only bucket edges', () => {
    const d = draftFromPreset('standard');
    expect(draftToSpec({ ...d, slowEnabled: false }).analysis!.metrics.map((m) => m.type)).toEqual(['error-rate']);
    expect(validateDraft({ ...d, slowThresholdMs: '300' })['analysis.metrics.1.thresholdMs']).toMatch(/bucket edge/);
  });

  it('adds a step before the take over and removes one, marking the draft custom', () => {
    const d = draftFromPreset('standard');
    const more = addStep(d);
    expect(more.steps.map((s) => s.weight)).toEqual(['10', '50', '75', '100']);
    expect(more.preset).toBe('custom');
    expect(validateDraft(more)).toEqual({});
    expect(removeStep(more, 0).steps.map((s) => s.weight)).toEqual(['50', '75', '100']);
    expect(removeStep(more, 3)).toBe(more);
  });

  it('maps server fields to draft fields', () => {
    expect(progressiveFieldFor('spec.steps[1].weight')).toBe('steps.1.weight');
    expect(progressiveFieldFor('spec.analysis.metrics[0].marginPp')).toBe('analysis.metrics.0.marginPp');
    expect(progressiveFieldFor('spec.steps')).toBe('steps');
    expect(progressiveFieldFor('spec.traffic.candidateWeight')).toBeNull();
  });
});
