import { describe, expect, it } from 'vitest';
import type { ReleaseView } from '@/lib/api/release-types';
import { clampPercent, fieldMessage, formatAge, formatPercent, isFinalPhase, offlineInfo, orderedVersions, phaseLabel, phaseTone, releaseRefetchInterval, IN_FLIGHT_POLL_MS, replicasLabel, splitWeights, strategyLabel } from './release-format';

function view(over: Partial<ReleaseView> = {}): ReleaseView {
  return {
    name: 'canary-release',
    namespace: 'demo-project',
    strategy: 'Canary',
    service: 'reviews',
    resourceVersion: '7',
    generation: 2,
    observedGeneration: 2,
    phase: 'Progressing',
    spec: { strategy: 'Canary', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 30 } },
    versions: [
      { version: 'v2', role: 'candidate', workload: 'reviews-v2', replicas: 1, readyReplicas: 1, weight: 30, images: {}, pods: [] },
      { version: 'v1', role: 'baseline', workload: 'reviews-v1', replicas: 1, readyReplicas: 1, weight: 70, images: {}, pods: [] },
    ],
    conditions: [],
    drifted: false,
    createdAt: null,
    deleting: false,
    history: [],
    ...over,
  };
}

describe('weights', () => {
  it('clamps and rounds to whole percents', () => {
    expect(clampPercent(30.4)).toBe(30);
    expect(clampPercent(-5)).toBe(0);
    expect(clampPercent(250)).toBe(100);
    expect(clampPercent(Number.NaN)).toBe(0);
    expect(formatPercent(29.6)).toBe('30%');
  });
  it('gives the baseline the rest of the traffic', () => {
    expect(splitWeights(30)).toEqual({ baseline: 70, candidate: 30 });
    expect(splitWeights(0)).toEqual({ baseline: 100, candidate: 0 });
    expect(splitWeights(100)).toEqual({ baseline: 0, candidate: 100 });
  });
  it('labels replicas ready/total', () => {
    expect(replicasLabel(1, 2)).toBe('1/2');
    expect(replicasLabel(-1, 0)).toBe('0/0');
  });
});

describe('phases', () => {
  it('names and colours every phase, and passes unknown ones through', () => {
    expect(phaseLabel('WaitingForCandidate')).toBe('Waiting for new version');
    expect(phaseLabel(undefined)).toBe('Pending');
    expect(phaseLabel('Paused')).toBe('Paused');
    expect(phaseTone('Failed')).toBe('danger');
    expect(phaseTone('TakenOver')).toBe('success');
    expect(phaseTone('Paused')).toBe('neutral');
  });
  it('polls until the job reaches a final phase and its spec is observed', () => {
    expect(isFinalPhase('Completed')).toBe(true);
    expect(isFinalPhase('Progressing')).toBe(false);
    expect(releaseRefetchInterval(view())).toBe(1500);
    expect(releaseRefetchInterval(view({ phase: 'Completed' }))).toBe(false);
    expect(releaseRefetchInterval(view({ phase: 'Completed', generation: 3 }))).toBe(IN_FLIGHT_POLL_MS);
    expect(IN_FLIGHT_POLL_MS).toBeLessThan(1500);
    expect(releaseRefetchInterval(view({ phase: 'Completed', deleting: true }))).toBe(1500);
    expect(releaseRefetchInterval(undefined)).toBe(1500);
  });
  it('names strategies as KubeSphere does', () => {
    expect(strategyLabel('BlueGreen')).toBe('Blue-Green Deployment');
    expect(strategyLabel('Mirror')).toBe('Traffic Mirroring');
  });
});

describe('offlineInfo', () => {
  it('uses the server answer when present', () => {
    const v = { ...view(), offline: { allowed: false, keeps: 'v1', removes: 'v2', reason: 'not yet' } };
    expect(offlineInfo(v)).toEqual({ allowed: false, keeps: 'v1', removes: 'v2', reason: 'not yet' });
  });
  it('keeps the taken-over version, else the baseline', () => {
    expect(offlineInfo(view())).toMatchObject({ allowed: true, keeps: 'v1', removes: 'v2' });
    const taken = view({ phase: 'TakenOver', spec: { ...view().spec, takeOver: 'v2' } });
    expect(offlineInfo(taken)).toMatchObject({ allowed: true, keeps: 'v2', removes: 'v1' });
  });
  it('refuses finished, deleting or not-ready jobs with a reason', () => {
    expect(offlineInfo(view({ phase: 'Completed' })).reason).toMatch(/completed/);
    expect(offlineInfo(view({ deleting: true })).allowed).toBe(false);
    const notReady = view({ spec: { ...view().spec, takeOver: 'v2' } });
    notReady.versions[0] = { ...notReady.versions[0], readyReplicas: 0 };
    expect(offlineInfo(notReady)).toMatchObject({ allowed: false, reason: 'Version v2 has no ready pods yet.' });
  });
});

describe('misc formatting', () => {
  it('orders the baseline first', () => {
    expect(orderedVersions(view()).map((v) => v.version)).toEqual(['v1', 'v2']);
  });
  it('formats ages', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(formatAge('2025-01-01T11:59:30Z', now)).toBe('30s ago');
    expect(formatAge('2025-01-01T11:00:00Z', now)).toBe('1h ago');
    expect(formatAge('2024-12-01T00:00:00Z', now)).toBe('2024-12-01');
    expect(formatAge(null, now)).toBe('-');
  });
  it('drops the field prefix from server messages', () => {
    expect(fieldMessage('spec.candidate.version', 'spec.candidate.version: must differ')).toBe('must differ');
    expect(fieldMessage('name', 'required')).toBe('required');
  });
});
