import { describe, expect, it } from 'vitest';
import { analysisSchema, analyzedStepCount, metricId, parseDuration, progressiveSchema, PROGRESSIVE_PRESETS, stepsSchema } from './spec';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('durations', () => {
  it('parses Go-style whole units', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('0s')).toBeNull();
    expect(parseDuration('5 m')).toBeNull();
    expect(parseDuration('1.5m')).toBeNull();
  });
});

describe('presets', () => {
  it.each(Object.keys(PROGRESSIVE_PRESETS))('%s is valid', (name) => {
    const spec = progressiveSchema.parse(PROGRESSIVE_PRESETS[name as keyof typeof PROGRESSIVE_PRESETS].spec);
    expect(spec.steps.at(-1)!.weight).toBe(100);
  });

  it('standard is the issue: 10 -> 50 -> 100, 5 minutes, +0.5 pp errors, +1 pp slow above 250 ms', () => {
    const s = progressiveSchema.parse(PROGRESSIVE_PRESETS.standard.spec);
    expect(s.steps).toEqual([{ weight: 10, pause: '5m' }, { weight: 50, pause: '5m' }, { weight: 100 }]);
    expect(s.analysis!.metrics.map(metricId)).toEqual(['error-rate', 'slow-fraction-250ms']);
    expect(s.analysis!.metrics.map((m) => m.marginPp)).toEqual([0.5, 1]);
    expect(analyzedStepCount(s.steps)).toBe(2);
  });

  it('fills defaults', () => {
    const a = analysisSchema.parse({ metrics: [{ type: 'error-rate', marginPp: 0.5 }] });
    expect(a).toMatchObject({ interval: '1m', alpha: 0.05, srmAlpha: 0.001, minSample: 500, maxDuration: '30m', reporter: 'destination' });
    expect(a.metrics[0]).toEqual({ type: 'error-rate', marginPp: 0.5, include4xx: false });
  });
});

describe('steps', () => {
  it('names the field of each problem', () => {
    expect(issues(stepsSchema.safeParse([{ weight: 50, pause: '5m' }, { weight: 10, pause: '5m' }, { weight: 100 }]))).toEqual([
      "1.weight: must be greater than the previous step's weight (50)",
    ]);
    expect(issues(stepsSchema.safeParse([{ weight: 10, pause: '5m' }, { weight: 50, pause: '5m' }]))).toEqual(['1.weight: the last step must be weight 100 (take over)']);
    expect(issues(stepsSchema.safeParse([{ weight: 10 }, { weight: 100 }]))).toEqual(['0.pause: is required on every step before the take over']);
    expect(issues(stepsSchema.safeParse([{ weight: 10, pause: 'soon' }, { weight: 100 }]))).toEqual(['0.pause: must be a duration such as 30s, 5m or 1h30m']);
    expect(stepsSchema.safeParse([{ weight: 10, pause: 'manual' }, { weight: 100 }]).success).toBe(true);
    expect(stepsSchema.safeParse([{ weight: 10, pause: '5m', extra: 1 }, { weight: 100 }]).success).toBe(false);
  });
});

describe('analysis', () => {
  it('accepts only histogram bucket edges as slow bounds', () => {
    const r = analysisSchema.safeParse({ metrics: [{ type: 'slow-fraction', thresholdMs: 300, marginPp: 1 }] });
    expect(issues(r)[0]).toMatch(/^metrics\.0\.thresholdMs: must be a bucket edge of istio_request_duration_milliseconds: 0.5, 1, 5, .*250, 500/);
    expect(analysisSchema.safeParse({ metrics: [{ type: 'slow-fraction', thresholdMs: 500, marginPp: 1 }] }).success).toBe(true);
  });

  it('checks custom queries: grouped by revision, over the window, known placeholders only', () => {
    const ok = 'sum by (destination_canonical_revision) (increase(istio_requests_total{destination_service_name={{service}},response_code="429"}[{{window}}]))';
    const base = { type: 'custom', name: 'throttled', direction: 'lower-is-better', marginPp: 1, totalQuery: ok };
    expect(analysisSchema.safeParse({ metrics: [{ ...base, eventsQuery: ok }] }).success).toBe(true);
    expect(issues(analysisSchema.safeParse({ metrics: [{ ...base, eventsQuery: 'sum(increase(x[{{window}}]))' }] }))).toEqual([
      'metrics.0.eventsQuery: must aggregate by destination_canonical_revision (e.g. sum by (destination_canonical_revision) (...))',
    ]);
    expect(issues(analysisSchema.safeParse({ metrics: [{ ...base, eventsQuery: 'sum by (destination_canonical_revision) (increase(x[5m]))' }] }))).toEqual([
      'metrics.0.eventsQuery: must count over the analysis window: use [{{window}}]',
    ]);
    expect(issues(analysisSchema.safeParse({ metrics: [{ ...base, eventsQuery: ok.replace('{{service}}', '{{pod}}') }] }))).toEqual([
      'metrics.0.eventsQuery: only {{namespace}}, {{service}} and {{window}} may be used',
    ]);
  });

  it('refuses duplicates, short intervals, margins out of range', () => {
    expect(issues(analysisSchema.safeParse({ metrics: [{ type: 'error-rate', marginPp: 0.5 }, { type: 'error-rate', marginPp: 1 }] }))).toEqual(['metrics.1: duplicates metric error-rate']);
    expect(issues(analysisSchema.safeParse({ interval: '5s', metrics: [{ type: 'error-rate', marginPp: 0.5 }] }))).toEqual(['interval: must be at least 10s (two Prometheus scrapes)']);
    expect(analysisSchema.safeParse({ metrics: [{ type: 'error-rate', marginPp: 0 }] }).success).toBe(false);
    expect(analysisSchema.safeParse({ metrics: [] }).success).toBe(false);
  });

  it('refuses a pause longer than the maximum duration', () => {
    const r = progressiveSchema.safeParse({ steps: [{ weight: 10, pause: '1h' }, { weight: 100 }], analysis: { maxDuration: '30m', metrics: [{ type: 'error-rate', marginPp: 0.5 }] } });
    expect(issues(r)).toEqual(['steps.0.pause: must not exceed analysis.maxDuration (30m)']);
  });
});
