import { describe, expect, it } from 'vitest';
import type { DestinationRule } from '@/lib/release';
import { blueGreenWithGovernor, canaryByHeader, canaryByWeight, mirror, reviewsV1, reviewsV2, reviewsV3 } from './strategy-fixtures.test-helpers';
import { IMPORTED_FROM_ANNOTATION, importStrategy } from './strategy-import';
import type { KsStrategy } from './strategy-types';

const clone = (s: KsStrategy): KsStrategy => structuredClone(s);

describe('importStrategy: one realistic Strategy per KubeSphere type', () => {
  it('canary by weight -> candidateWeight, images and replicas from the candidate workload', () => {
    const out = importStrategy(canaryByWeight, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.release?.metadata).toMatchObject({ name: 'canary-release', namespace: 'demo-project' });
    expect(out.release?.metadata.annotations?.[IMPORTED_FROM_ANNOTATION]).toBe('servicemesh.kubesphere.io/v1alpha2/strategies/canary-release');
    expect(out.release?.spec).toEqual({
      strategy: 'Canary',
      service: 'reviews',
      baseline: { version: 'v1' },
      candidate: { version: 'v2', replicas: 2, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
      traffic: { candidateWeight: 20 },
    });
    expect(out.workloads).toEqual({ baseline: 'reviews-v1', candidate: 'reviews-v2', type: 'deployments' });
  });

  it('canary by header -> match groups (header exact, cookie idiom, user-agent regex, uri prefix), rest to the baseline', () => {
    const out = importStrategy(canaryByHeader, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV3 });
    expect(out.errors).toEqual([]);
    expect(out.release?.spec.candidate.version).toBe('v3');
    expect(out.release?.spec.traffic).toEqual({
      candidateWeight: 0,
      match: [
        { headers: { 'end-user': { exact: 'jason' } } },
        { cookies: [{ name: 'user', value: { exact: 'jason' } }], headers: { 'user-agent': { regex: '.*(Android).*' } }, uri: { prefix: '/reviews' } },
      ],
    });
    expect(out.warnings).toEqual([]);
  });

  it('blue-green with governor -> takeOver, all-or-nothing weight, FQDN host shortened', () => {
    const out = importStrategy(blueGreenWithGovernor, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
    expect(out.errors).toEqual([]);
    expect(out.release?.spec).toMatchObject({ strategy: 'BlueGreen', service: 'reviews', takeOver: 'v2', traffic: { candidateWeight: 100 } });
  });

  it('mirror -> mirrorPercent with all live traffic on the baseline', () => {
    const out = importStrategy(mirror, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
    expect(out.errors).toEqual([]);
    expect(out.release?.spec).toMatchObject({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } });
    expect(out.release?.spec.takeOver).toBeUndefined();
  });
});

describe('importStrategy: lossy or odd Strategies say so', () => {
  it('without workload facts: replicas 1, baseline images, and warnings saying so', () => {
    const out = importStrategy(canaryByWeight);
    expect(out.release?.spec.candidate).toEqual({ version: 'v2', replicas: 1 });
    expect(out.warnings.join('\n')).toMatch(/replica count is unknown/);
    expect(out.warnings.join('\n')).toMatch(/candidate workload was not found/);
  });

  it('legacy mirrorPercent, fractional percentages and unknown route fields', () => {
    const s = clone(mirror);
    const route = s.spec.template!.spec!.http![0];
    delete route.mirrorPercentage;
    route.mirrorPercent = 33.3;
    route.timeout = '3s';
    const out = importStrategy(s, { baselineWorkload: reviewsV1, candidateWorkload: reviewsV2 });
    expect(out.release?.spec.traffic.mirrorPercent).toBe(33);
    expect(out.warnings).toContain('mirror percentage 33.3 rounded to 33 (Graylane uses whole percents)');
    expect(out.warnings.join('\n')).toMatch(/http\[0\]: timeout not imported/);
  });

  it('a mirror without percentage mirrors everything (Istio default)', () => {
    const s = clone(mirror);
    delete s.spec.template!.spec!.http![0].mirrorPercentage;
    expect(importStrategy(s, { candidateWorkload: reviewsV2 }).release?.spec.traffic.mirrorPercent).toBe(100);
  });

  it('drops a whole condition group it cannot express, never a single condition', () => {
    const s = clone(canaryByHeader);
    s.spec.template!.spec!.http![0].match = [{ headers: { 'end-user': { exact: 'jason' } }, method: { exact: 'POST' } }, { uri: { prefix: 'test' } }, { headers: { 'x-canary': { exact: '1' } } }];
    const out = importStrategy(s, { candidateWorkload: reviewsV3 });
    expect(out.release?.spec.traffic.match).toEqual([{ headers: { 'x-canary': { exact: '1' } } }]);
    expect(out.warnings).toContain('http[0].match[0]: Graylane cannot match on method; this condition group was not imported');
    expect(out.warnings).toContain('http[0].match[1]: uri prefix "test" does not start with "/" and never matched; this condition group was not imported');
  });

  it('split matched traffic, a governor that is neither version, Immediately and paused policies', () => {
    const s = clone(canaryByHeader);
    s.spec.template!.spec!.http![0].route = [
      { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
    ];
    s.spec.governor = 'v9';
    s.spec.strategyPolicy = 'Paused';
    const out = importStrategy(s, { candidateWorkload: reviewsV3 });
    expect(out.release?.spec.takeOver).toBeUndefined();
    const text = out.warnings.join('\n');
    expect(text).toMatch(/split 50% to v3/);
    expect(text).toMatch(/governor v9 is neither v1 nor v3/);
    expect(text).toMatch(/paused; Graylane has no pause/);
  });

  it('blue-green with a partial split rounds to all-or-nothing', () => {
    const s = clone(blueGreenWithGovernor);
    s.spec.template!.spec!.http![0].route![0].weight = 30;
    s.spec.template!.spec!.http![0].route![1].weight = 70;
    const out = importStrategy(s, { candidateWorkload: reviewsV2 });
    expect(out.release?.spec.traffic.candidateWeight).toBe(100);
    expect(out.warnings.join('\n')).toMatch(/not all-or-nothing; imported as 100% to v2/);
  });

  it('maps subset names to versions through the DestinationRule', () => {
    const s = clone(canaryByWeight);
    s.spec.template!.spec!.http![0].route![1].destination!.subset = 'canary';
    const dr = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'canary', labels: { version: 'v2' } }] },
    } satisfies DestinationRule;
    const out = importStrategy(s, { destinationRule: dr, candidateWorkload: reviewsV2, baselineWorkload: reviewsV1 });
    expect(out.release?.spec.candidate.version).toBe('v2');
    expect(out.release?.spec.traffic.candidateWeight).toBe(20);
  });

  it('StatefulSets are flagged, invalid versions come back as field errors instead of a job', () => {
    const s = clone(canaryByWeight);
    s.metadata.annotations!['servicemesh.kubesphere.io/workloadType'] = 'statefulsets';
    s.spec.template!.spec!.http![0].route![1].destination!.subset = 'V2.0';
    const out = importStrategy(s);
    expect(out.release).toBeNull();
    expect(out.errors.map((e) => e.field)).toContain('spec.candidate.version');
    expect(out.warnings.join('\n')).toMatch(/statefulsets; Graylane releases Deployments only/);
  });
});

describe('importStrategy: malformed objects from a cluster', () => {
  it('a Strategy without spec yields field errors, not an exception', () => {
    const out = importStrategy({ metadata: { name: 'broken' } } as KsStrategy);
    expect(out.release).toBeNull();
    expect(out.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['spec.service', 'spec.baseline.version', 'spec.candidate.version']));
  });
});
