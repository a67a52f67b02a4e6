import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { detectDrift } from './drift';
import { canarySpec, reviewsService, reviewsV1 } from './fixtures.test-helpers';
import { diffLines, formatDiff } from './line-diff';
import { planOffline, routedWeights, versionReceivingAllTraffic } from './offline';
import { renderPreview } from './preview';
import { translateRelease } from './translate';
import type { DestinationRule, GrayscaleReleaseSpec } from './types';

const translate = (spec: GrayscaleReleaseSpec) =>
  translateRelease({ release: { metadata: { name: 'canary-release', namespace: 'demo-project' }, spec }, service: reviewsService(), baselineDeployment: reviewsV1(), candidateReady: true });

describe('detectDrift', () => {
  const written = translate(canarySpec()).virtualService;

  it('reports nothing for what was written, nor for a pending spec change', () => {
    expect(detectDrift(written, written)).toEqual({ drifted: false, details: [] });
    expect(detectDrift(written, translate(canarySpec({ traffic: { candidateWeight: 50 } })).virtualService)).toEqual({ drifted: false, details: [] });
    expect(detectDrift(null, written)).toEqual({ drifted: false, details: [] });
  });

  it('reports a manual weight change with details', () => {
    const edited = structuredClone(written);
    edited.spec.http![0].route![0].weight = 50;
    edited.spec.http![0].route![1].weight = 50;
    expect(detectDrift(edited, written)).toEqual({
      drifted: true,
      details: [
        'route graylane-canary-release-default: route is [{"destination":{"host":"reviews","subset":"v1"},"weight":50},{"destination":{"host":"reviews","subset":"v2"},"weight":50}], expected [{"destination":{"host":"reviews","subset":"v1"},"weight":70},{"destination":{"host":"reviews","subset":"v2"},"weight":30}]',
      ],
    });
  });

  it('reports a removed or added managed route, but not unmanaged edits', () => {
    const removed = structuredClone(written);
    removed.spec.http = [];
    expect(detectDrift(removed, written)).toEqual({ drifted: true, details: ['route graylane-canary-release-default is missing'] });
    const added = structuredClone(written);
    added.spec.http!.unshift({ name: 'graylane-canary-release-match-9', route: [{ destination: { host: 'reviews', subset: 'v2' } }] });
    expect(detectDrift(added, written)).toEqual({ drifted: true, details: ['route graylane-canary-release-match-9 is not expected'] });
    const unmanaged = structuredClone(written);
    unmanaged.spec.http![0].timeout = '1s';
    unmanaged.spec.http!.push({ name: 'other', route: [{ destination: { host: 'details' } }] });
    expect(detectDrift(unmanaged, written)).toEqual({ drifted: false, details: [] });
  });

  it('compares structurally when the hash annotation is gone', () => {
    const bare = structuredClone(written);
    delete bare.metadata.annotations!['graylane.io/managed-routes-hash'];
    expect(detectDrift(bare, written).drifted).toBe(false);
    bare.spec.http![0].route![0].weight = 0;
    expect(detectDrift(bare, written).drifted).toBe(true);
  });
});

describe('planOffline', () => {
  const dr = (names: string[]): DestinationRule => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'reviews' },
    spec: { host: 'reviews', subsets: names.map((name) => ({ name, labels: { version: name } })) },
  });

  it('keeps the takeOver version and plans every step in order', () => {
    expect(planOffline(canarySpec({ takeOver: 'v2', offline: true }), { allTrafficTo: null, removedDeployment: 'reviews-v1', keptReady: true, destinationRule: dr(['v1', 'v2']) })).toEqual({
      kept: 'v2',
      removed: 'v1',
      steps: [
        { step: 'route-all-to', version: 'v2' },
        { step: 'delete-deployment', name: 'reviews-v1' },
        { step: 'drop-subset', name: 'v1' },
        { step: 'complete', version: 'v2' },
      ],
    });
  });

  it('keeps the baseline when nothing was taken over', () => {
    expect(planOffline(canarySpec({ offline: true }), { allTrafficTo: 'v1', removedDeployment: 'reviews-v2', keptReady: true, destinationRule: dr(['v1', 'v2']) }).steps).toEqual([
      { step: 'delete-deployment', name: 'reviews-v2' },
      { step: 'drop-subset', name: 'v2' },
      { step: 'complete', version: 'v1' },
    ]);
  });

  it('resumes after a restart at any point', () => {
    const spec = canarySpec({ takeOver: 'v2', offline: true });
    expect(planOffline(spec, { allTrafficTo: 'v2', removedDeployment: null, keptReady: true, destinationRule: dr(['v1', 'v2']) }).steps).toEqual([
      { step: 'drop-subset', name: 'v1' },
      { step: 'complete', version: 'v2' },
    ]);
    expect(planOffline(spec, { allTrafficTo: 'v2', removedDeployment: null, keptReady: true, destinationRule: dr(['v2']) }).steps).toEqual([{ step: 'complete', version: 'v2' }]);
  });

  it('waits for the kept version to be ready before routing to it', () => {
    expect(planOffline(canarySpec({ takeOver: 'v2', offline: true }), { allTrafficTo: 'v1', removedDeployment: 'reviews-v1', keptReady: false, destinationRule: dr(['v1']) }).steps.slice(0, 2)).toEqual([
      { step: 'wait-ready', version: 'v2' },
      { step: 'route-all-to', version: 'v2' },
    ]);
  });

  it('reads the routed version and weights from a VirtualService', () => {
    const spec = canarySpec();
    expect(versionReceivingAllTraffic(translate(spec).virtualService, 'canary-release', spec)).toBeNull();
    expect(versionReceivingAllTraffic(translate({ ...spec, takeOver: 'v2' }).virtualService, 'canary-release', spec)).toBe('v2');
    expect(versionReceivingAllTraffic(translate(canarySpec({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 10 } })).virtualService, 'canary-release', spec)).toBeNull();
    expect(versionReceivingAllTraffic(translate(spec).virtualService, 'another-release', spec)).toBeNull();
    expect(routedWeights(translate(spec).virtualService, 'canary-release', spec)).toEqual({ v1: 70, v2: 30 });
    expect(routedWeights(translate({ ...spec, takeOver: 'v1' }).virtualService, 'canary-release', spec)).toEqual({ v1: 100, v2: 0 });
    expect(routedWeights(null, 'canary-release', spec)).toEqual({ v1: 0, v2: 0 });
  });
});

describe('diffLines', () => {
  it('produces a minimal line diff', () => {
    expect(formatDiff(diffLines('a\nb\nc\nd\n', 'a\nc\nd\ne\n'))).toBe(' a\n-b\n c\n d\n+e');
    expect(diffLines('', 'x')).toEqual([{ op: '+', text: 'x' }]);
    expect(diffLines('x', '')).toEqual([{ op: '-', text: 'x' }]);
    expect(diffLines('same', 'same')).toEqual([{ op: ' ', text: 'same' }]);
  });
});

describe('renderPreview', () => {
  it('renders YAML of every object and diffs against the cluster', () => {
    const before = translate(canarySpec());
    const after = translate(canarySpec({ traffic: { candidateWeight: 50 } }));
    const live = structuredClone(before.virtualService);
    live.metadata.resourceVersion = '12';
    live.metadata.managedFields = [{ manager: 'graylane' }];
    const preview = renderPreview(after, { virtualService: live, destinationRule: before.destinationRule });
    const docs = parseAllDocuments(preview.yaml).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['DestinationRule/reviews', 'VirtualService/reviews', 'Deployment/reviews-v2']);
    expect(docs[1]).toEqual(after.virtualService);
    expect(preview.documents.map((d) => d.changed)).toEqual([false, true, true]);
    const vsChanges = preview.documents[1].diff.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text.trim()}`);
    expect(vsChanges).toEqual([
      `-graylane.io/managed-routes-hash: ${before.virtualService.metadata.annotations!['graylane.io/managed-routes-hash']}`,
      `+graylane.io/managed-routes-hash: ${after.virtualService.metadata.annotations!['graylane.io/managed-routes-hash']}`,
      '-weight: 70',
      '+weight: 50',
      '-weight: 30',
      '+weight: 50',
    ]);
    expect(preview.documents[2].diff.every((l) => l.op === '+')).toBe(true);
    expect(preview.diff.filter((l) => l.text === '---')).toHaveLength(2);
  });
});
