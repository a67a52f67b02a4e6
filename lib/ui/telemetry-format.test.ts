import { describe, expect, it } from 'vitest';
import { errorRatio, formatDurationUs, formatMs, formatPercent, formatRate, healthStyle, parseTimeWindow, stepSecondsFor, trafficLabelLines, versionColor } from './telemetry-format';

const figures = (over: Partial<Parameters<typeof trafficLabelLines>[0]> = {}) => ({
  requestRate: 4.2,
  successRate: 1,
  errorRate5xx: 0,
  errorRate4xx: 0,
  p50Ms: 8,
  p95Ms: 21.4,
  p99Ms: 40,
  ...over,
});

describe('formatRate', () => {
  it('writes the unit and a sensible precision', () => {
    expect(formatRate(4.2)).toBe('4.2 req/s');
    expect(formatRate(12.345)).toBe('12.3 req/s');
    expect(formatRate(250.4)).toBe('250 req/s');
    expect(formatRate(0.005)).toBe('<0.01 req/s');
  });
  it('says "no traffic" for zero, null and NaN', () => {
    for (const v of [0, null, undefined, Number.NaN, Infinity, -1]) expect(formatRate(v)).toBe('no traffic');
  });
});

describe('formatPercent', () => {
  it('formats ratios as percent', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.7)).toBe('70%');
    expect(formatPercent(0.333)).toBe('33.3%');
    expect(formatPercent(0.995)).toBe('99.5%');
  });
  it('never rounds a failing ratio to 100% or a non-zero one to 0%', () => {
    expect(formatPercent(0.99999)).toBe('>99.99%');
    expect(formatPercent(0.99996)).toBe('>99.99%');
    expect(formatPercent(0.9998)).toBe('99.98%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
  });
  it('says "no traffic" for null and NaN, never "NaN%"', () => {
    expect(formatPercent(null)).toBe('no traffic');
    expect(formatPercent(Number.NaN)).toBe('no traffic');
    expect(formatPercent(undefined)).toBe('no traffic');
  });
});

describe('formatMs and formatDurationUs', () => {
  it('formats milliseconds', () => {
    expect(formatMs(0.25)).toBe('0.25 ms');
    expect(formatMs(4.26)).toBe('4.3 ms');
    expect(formatMs(23.4)).toBe('23 ms');
    expect(formatMs(1250)).toBe('1,250 ms');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatMs(null)).toBe('no traffic');
    expect(formatMs(Number.NaN)).toBe('no traffic');
  });
  it('formats Jaeger microseconds', () => {
    expect(formatDurationUs(1500)).toBe('1.5 ms');
    expect(formatDurationUs(45)).toBe('0.045 ms');
    expect(formatDurationUs(250)).toBe('0.25 ms');
    expect(formatDurationUs(2_000_000)).toBe('2,000 ms');
    expect(formatDurationUs(Number.NaN)).toBe('-');
  });
});

describe('label lines', () => {
  it('shows rate, share, errors and p95', () => {
    expect(trafficLabelLines(figures(), 0.5)).toEqual(['4.2 req/s · 50%', 'err 0% · p95 21 ms']);
    expect(trafficLabelLines(figures({ successRate: 0.7 }))).toEqual(['4.2 req/s', 'err 30% · p95 21 ms']);
  });
  it('collapses to "no traffic" without requests', () => {
    expect(trafficLabelLines(figures({ requestRate: 0, successRate: null, p95Ms: null }), null)).toEqual(['no traffic']);
    expect(errorRatio({ requestRate: 0, successRate: null })).toBeNull();
  });
  it('tolerates a missing p95', () => {
    expect(trafficLabelLines(figures({ p95Ms: null }))[1]).toBe('err 0% · p95 -');
  });
});

describe('windows, colours and health', () => {
  it('parses windows with a 5m fallback', () => {
    expect(parseTimeWindow('1h')).toBe('1h');
    expect(parseTimeWindow('2d')).toBe('5m');
    expect(parseTimeWindow(null)).toBe('5m');
  });
  it('picks steps of at least 5 s', () => {
    expect(stepSecondsFor('1m')).toBe(5);
    expect(stepSecondsFor('5m')).toBe(10);
    expect(stepSecondsFor('1h')).toBe(90);
  });
  it('gives versions stable colours in natural order', () => {
    expect(versionColor(['v2', 'v10', 'v1'], 'v1')).toBe(versionColor(['v1'], 'v1'));
    expect(versionColor(['v2', 'v1'], 'v2')).not.toBe(versionColor(['v2', 'v1'], 'v1'));
  });
  it('maps health to the palette and tolerates unknown values', () => {
    expect(healthStyle('healthy').color).toBe('#55bc8a');
    expect(healthStyle('failing').color).toBe('#ca2621');
    expect(healthStyle('idle').dashed).toBe(true);
    expect(healthStyle('weird').label).toBe('Unknown');
  });
});
