import { describe, expect, it } from 'vitest';
import { matchesSelector, serviceSelects } from './label-selector';

describe('matchesSelector', () => {
  const labels = { app: 'reviews', version: 'v1', tier: 'backend' };

  it('requires every matchLabels entry', () => {
    expect(matchesSelector({ matchLabels: { app: 'reviews' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'reviews', version: 'v2' } }, labels)).toBe(false);
  });

  it('evaluates set-based expressions', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'version', operator: 'In', values: ['v1', 'v2'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, labels)).toBe(false);
  });

  it('matches everything with an empty selector and nothing without one', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector(undefined, labels)).toBe(false);
  });
});

describe('serviceSelects', () => {
  it('selects nothing for a Service without selector', () => {
    expect(serviceSelects(undefined, { app: 'x' })).toBe(false);
    expect(serviceSelects({}, { app: 'x' })).toBe(false);
    expect(serviceSelects({ app: 'x' }, { app: 'x', version: 'v1' })).toBe(true);
  });
});
