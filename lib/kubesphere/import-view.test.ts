import { describe, expect, it } from 'vitest';
import { importStrategy } from './strategy-import';
import { canaryByWeight, mirror, reviewsV1, reviewsV2 } from './strategy-fixtures.test-helpers';
import { importSummary, isImportable, type StrategyImportPreview } from './import-view';

function preview(over: Partial<StrategyImportPreview> = {}): StrategyImportPreview {
  const result = importStrategy(canaryByWeight, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
  return { ...result, strategy: { name: 'canary-release', namespace: 'demo-project', type: 'Canary' }, contextErrors: [], adopt: [], strategyStillPresent: true, ...over };
}

describe('import summary (Grayscale Release page entry)', () => {
  it('counts a clean conversion as importable', () => {
    expect(isImportable(preview())).toBe(true);
  });

  it('does not count conversions with errors, cluster-check errors or no job', () => {
    expect(isImportable(preview({ errors: [{ field: 'spec.candidate.version', message: 'spec.candidate.version: missing' }] }))).toBe(false);
    expect(isImportable(preview({ contextErrors: [{ field: 'spec.service', message: 'Service reviews is not in the mesh' }] }))).toBe(false);
    expect(isImportable(preview({ release: null }))).toBe(false);
  });

  it('reports total and importable', () => {
    const m = importStrategy(mirror, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
    const list = { available: true, previews: [preview(), preview({ release: null }), { ...preview(), ...m }] };
    expect(importSummary(list)).toEqual({ total: 3, importable: 2 });
    expect(importSummary({ available: false, previews: [] })).toEqual({ total: 0, importable: 0 });
  });
});
