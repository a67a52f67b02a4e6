import { describe, expect, it } from 'vitest';
import { canarySpec, reviewsService, reviewsV1 } from '../release/fixtures.test-helpers';
import { translateRelease } from '../release/translate';
import { deriveCandidateDeployment } from '../release/candidate-deployment';
import type { DestinationRule, GrayscaleRelease, GrayscaleReleaseSpec, VirtualService } from '../release/types';
import type { KubeDeployment, KubePod } from './kube-shapes';
import { compareNewestFirst, releaseView, type ReleaseViewInput } from './release-view';
import { historyEntry, releaseHistory, type KubeEvent } from './release-view-history';
import { offlineOutcome } from './release-view-offline';
import { DefaultsProblem, releaseDefaults, replaceVersionInImage, suggestNextVersion } from './release-view-defaults';
import { ownedDestinationRule as pickDestinationRule, ownedVirtualService as pickVirtualService } from '../release/owned-objects';
import { applyReleasePatch, patchChangesSomething, releaseMergePatch } from './release-view-patch';

function job(spec: GrayscaleReleaseSpec = canarySpec(), extra: Partial<GrayscaleRelease> = {}): GrayscaleRelease {
  return {
    apiVersion: 'graylane.io/v1alpha1',
    kind: 'GrayscaleRelease',
    metadata: { name: 'canary-release', namespace: 'demo-project', resourceVersion: '10', generation: 2, uid: 'u1', creationTimestamp: '2024-05-01T10:00:00Z' },
    spec,
    ...extra,
  };
}

function pod(name: string, version: string, ready: boolean): KubePod {
  return { metadata: { name, labels: { app: 'reviews', version } }, status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } };
}

const asKube = (d: unknown) => d as KubeDeployment;

function input(over: Partial<ReleaseViewInput> = {}): ReleaseViewInput {
  return { release: job(), service: reviewsService(), deployments: [asKube(reviewsV1())], pods: [pod('reviews-v1-a', 'v1', true)], virtualService: null, events: [], ...over };
}

describe('releaseView', () => {
  it('shows a new job: baseline with its pods and all traffic, the candidate it will create', () => {
    const view = releaseView(input());
    expect(view).toMatchObject({ name: 'canary-release', namespace: 'demo-project', phase: 'Pending', resourceVersion: '10', generation: 2, observedGeneration: 0, deleting: false, drifted: false, createdAt: '2024-05-01T10:00:00.000Z' });
    expect(view.versions[0]).toEqual({
      version: 'v1',
      role: 'baseline',
      workload: 'reviews-v1',
      replicas: 3,
      readyReplicas: 3,
      weight: 100,
      images: { reviews: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3', 'sidecar-helper': 'busybox:1.36' },
      pods: [{ name: 'reviews-v1-a', phase: 'Running', ready: true, ip: '10.0.0.1', terminating: false }],
    });
    expect(view.versions[1]).toEqual({
      version: 'v2',
      role: 'candidate',
      workload: null,
      replicas: 1,
      readyReplicas: 0,
      weight: 0,
      images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0', 'sidecar-helper': 'busybox:1.36' },
      pods: [],
    });
    expect(view.offline).toMatchObject({ allowed: false, keeps: 'v1', removes: 'v2' });
  });

  it('takes weights from the VirtualService in the cluster and versions from status', () => {
    const release = job(canarySpec(), {
      status: {
        phase: 'Progressing',
        observedGeneration: 2,
        conditions: [{ type: 'Drifted', status: 'True', reason: 'ManualEdit', message: 'routes edited' }],
        versions: [
          { version: 'v1', workload: 'reviews-v1', replicas: 3, readyReplicas: 2, weight: 100 },
          { version: 'v2', workload: 'reviews-v2', replicas: 1, readyReplicas: 1, weight: 0 },
        ],
      },
    });
    const candidate = deriveCandidateDeployment('canary-release', release.spec, reviewsV1());
    const out = translateRelease({ release, service: reviewsService(), baselineDeployment: reviewsV1(), candidateDeployment: candidate, candidateReady: true });
    const view = releaseView(input({ release, deployments: [asKube(reviewsV1()), asKube(candidate)], pods: [pod('reviews-v1-a', 'v1', true), pod('reviews-v2-a', 'v2', false)], virtualService: out.virtualService }));
    expect(view.versions.map((v) => [v.version, v.weight, v.readyReplicas, v.workload])).toEqual([
      ['v1', 70, 2, 'reviews-v1'],
      ['v2', 30, 1, 'reviews-v2'],
    ]);
    expect(view.versions[1].pods.map((p) => [p.name, p.ready])).toEqual([['reviews-v2-a', false]]);
    expect(view).toMatchObject({ phase: 'Progressing', observedGeneration: 2, drifted: true });
    expect(view.conditions).toEqual([{ type: 'Drifted', status: 'True', reason: 'ManualEdit', message: 'routes edited' }]);
  });

  it('falls back to the weights in status when the VirtualService has no routes of the job', () => {
    const release = job(canarySpec(), { status: { versions: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] } });
    expect(releaseView(input({ release })).versions.map((v) => v.weight)).toEqual([80, 20]);
  });

  it('marks a job being deleted and an unknown phase as Pending', () => {
    const release = job(canarySpec(), { metadata: { name: 'x', deletionTimestamp: '2024-05-01T11:00:00Z' }, status: { phase: 'Bogus' as never } });
    const view = releaseView(input({ release }));
    expect(view).toMatchObject({ deleting: true, phase: 'Pending', offline: { allowed: false, reason: 'the job is being deleted' } });
  });

  it('sorts newest first, then by name', () => {
    const a = releaseView(input({ release: job(canarySpec(), { metadata: { name: 'a', creationTimestamp: '2024-01-01T00:00:00Z' } }) }));
    const b = releaseView(input({ release: job(canarySpec(), { metadata: { name: 'b', creationTimestamp: '2024-02-01T00:00:00Z' } }) }));
    const c = releaseView(input({ release: job(canarySpec(), { metadata: { name: 'c', creationTimestamp: '2024-02-01T00:00:00Z' } }) }));
    expect([a, c, b].sort(compareNewestFirst).map((v) => v.name)).toEqual(['b', 'c', 'a']);
  });
});

describe('history', () => {
  const ev = (over: Partial<KubeEvent>): KubeEvent => ({ type: 'Normal', reason: 'RoutesApplied', message: '', lastTimestamp: '2024-05-01T10:00:00Z', ...over });

  it("reads the user from the controller's annotation, else from the message, else the controller", () => {
    expect(historyEntry(ev({ metadata: { annotations: { 'graylane.io/user': 'alice' } }, message: 'x (by bob)' })).user).toBe('alice');
    expect(historyEntry(ev({ metadata: { annotations: { 'graylane.io/changed-by': 'carol' } } })).user).toBe('carol');
    expect(historyEntry(ev({ message: 'weights changed (by bob)' })).user).toBe('bob');
    expect(historyEntry(ev({ message: 'candidate ready' })).user).toBe('controller');
  });

  it("parses from/to of the controller's arrow messages and of 'from X to Y'", () => {
    expect(historyEntry(ev({ message: 'VirtualService reviews updated: traffic v1 100% / v2 0% → v1 70% / v2 30% (by demo)' }))).toMatchObject({
      from: 'v1 100% / v2 0%',
      to: 'v1 70% / v2 30%',
      user: 'demo',
      action: 'RoutesApplied',
    });
    expect(historyEntry(ev({ message: 'traffic moved from v1 to v2.' }))).toMatchObject({ from: 'v1', to: 'v2' });
    expect(historyEntry(ev({ metadata: { annotations: { 'graylane.io/from': '90', 'graylane.io/to': '70' } }, message: 'a → b' }))).toMatchObject({ from: '90', to: '70' });
    expect(historyEntry(ev({ message: 'candidate ready' }))).not.toHaveProperty('from');
  });

  it('flags warnings and orders newest first', () => {
    const entries = releaseHistory([
      ev({ reason: 'Created', lastTimestamp: '2024-05-01T09:00:00Z' }),
      ev({ reason: 'Drifted', type: 'Warning', lastTimestamp: '2024-05-01T11:00:00Z' }),
      ev({ reason: 'RoutesApplied', lastTimestamp: null, firstTimestamp: null, eventTime: '2024-05-01T10:00:00.123456Z' }),
    ]);
    expect(entries.map((e) => [e.action, e.warning ?? false])).toEqual([
      ['Drifted', true],
      ['RoutesApplied', false],
      ['Created', false],
    ]);
    expect(entries[1].time).toBe('2024-05-01T10:00:00.123Z');
  });
});

describe('offlineOutcome', () => {
  const state = (spec: Partial<GrayscaleReleaseSpec>, over: { phase?: 'Progressing' | 'Completed'; deleting?: boolean; keptReady?: boolean } = {}) =>
    offlineOutcome({ spec: canarySpec(spec), phase: over.phase ?? 'Progressing', deleting: over.deleting ?? false, keptReady: over.keptReady });

  it('keeps the taken-over version', () => {
    expect(state({ takeOver: 'v2' })).toEqual({ allowed: true, keeps: 'v2', removes: 'v1' });
    expect(state({ takeOver: 'v1' })).toEqual({ allowed: true, keeps: 'v1', removes: 'v2' });
  });

  it('keeps the baseline when the candidate serves nothing (weight 0, blue-green on the baseline, mirror)', () => {
    expect(state({ traffic: { candidateWeight: 0 } })).toEqual({ allowed: true, keeps: 'v1', removes: 'v2' });
    expect(state({ strategy: 'BlueGreen', traffic: { candidateWeight: 0 } }).allowed).toBe(true);
    expect(state({ strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 50 } }).allowed).toBe(true);
  });

  it('is refused while the candidate answers users without a take over', () => {
    expect(state({}).reason).toMatch(/^v2 still receives 30% of requests: take over v1 \(roll back\) or v2 \(promote\) first/);
    expect(state({ traffic: { candidateWeight: 0, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } }).reason).toContain('the requests matching its conditions');
    expect(state({ strategy: 'BlueGreen', traffic: { candidateWeight: 100 } }).allowed).toBe(false);
  });

  it('is refused when finishing, deleting or the kept version is not ready', () => {
    expect(state({ takeOver: 'v2' }, { deleting: true }).reason).toBe('the job is being deleted');
    expect(state({ takeOver: 'v2' }, { phase: 'Completed' }).reason).toContain('completed');
    expect(state({ takeOver: 'v2', offline: true }).reason).toContain('already going offline');
    expect(state({ takeOver: 'v2' }, { keptReady: false }).reason).toBe('version v2 has no ready pods yet, so it cannot take all traffic');
  });
});

describe('wizard defaults', () => {
  it('replaces the version only where it is a whole token of the image', () => {
    expect(replaceVersionInImage('kubesphere/examples-bookinfo-reviews-v1:1.13.0', 'v1', 'v2')).toBe('kubesphere/examples-bookinfo-reviews-v2:1.13.0');
    expect(replaceVersionInImage('registry:5000/team/app:v1', 'v1', 'v2')).toBe('registry:5000/team/app:v2');
    expect(replaceVersionInImage('team/app-v10:1.0', 'v1', 'v2')).toBe('team/app-v10:1.0');
    expect(replaceVersionInImage('team/app:1.2.0', '1.2.0', '1-2-1')).toBe('team/app:1-2-1');
  });

  it('suggests the next free version', () => {
    expect(suggestNextVersion('v1', ['v1'])).toBe('v2');
    expect(suggestNextVersion('v1', ['v1', 'v2', 'v3'])).toBe('v4');
    expect(suggestNextVersion('1.2.0', ['1.2.0'])).toBe('1-2-1');
    expect(suggestNextVersion('stable', ['stable'])).toBe('stable-canary');
  });

  it('prefills from the first version (or the one asked for), noting an active job', () => {
    const v3 = { ...reviewsV1(), metadata: { ...reviewsV1().metadata, name: 'reviews-v3' }, spec: { ...reviewsV1().spec, template: { ...reviewsV1().spec.template, metadata: { labels: { app: 'reviews', version: 'v3' } } } } };
    const deployments = [asKube(v3), asKube(reviewsV1())];
    const defaults = releaseDefaults(reviewsService(), deployments, [{ metadata: { name: 'running' }, spec: { service: 'reviews' }, status: { phase: 'Progressing' } }]);
    expect(defaults).toEqual({
      service: 'reviews',
      baseline: { version: 'v1', deployment: 'reviews-v1', replicas: 3, images: { reviews: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3', 'sidecar-helper': 'busybox:1.36' } },
      candidate: { version: 'v2', replicas: 3, images: { reviews: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3', 'sidecar-helper': 'busybox:1.36' } },
      versions: ['v1', 'v3'],
      activeRelease: 'running',
    });
    expect(releaseDefaults(reviewsService(), deployments, [], 'v3').candidate.version).toBe('v4');
    expect(() => releaseDefaults(reviewsService(), deployments, [], 'v9')).toThrow(DefaultsProblem);
    expect(() => releaseDefaults(reviewsService(), [], [])).toThrow(/no Deployment with a version label/);
  });
});

describe('routing objects of a job', () => {
  const vs = (name: string, hosts: string[], extra: Partial<VirtualService['spec']> = {}, annotations?: Record<string, string>): VirtualService => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { hosts, ...extra },
  });
  const target = { releaseName: 'canary-release', serviceName: 'reviews', namespace: 'demo-project' };

  it("prefers the job's VirtualService, then the Service's name, and ignores gateway-only ones", () => {
    const gateway = vs('a-gateway', ['reviews'], { gateways: ['bookinfo-gateway'] });
    const other = vs('b-other', ['reviews.demo-project.svc.cluster.local']);
    const named = vs('reviews', ['reviews']);
    const ours = vs('z-ours', ['reviews'], {}, { 'graylane.io/managed-routes': 'canary-release' });
    expect(pickVirtualService([gateway, other, named, ours], target)?.metadata.name).toBe('z-ours');
    expect(pickVirtualService([gateway, other, named], target)?.metadata.name).toBe('reviews');
    expect(pickVirtualService([gateway, other], target)?.metadata.name).toBe('b-other');
    expect(pickVirtualService([gateway, vs('ratings', ['ratings'])], target)).toBeNull();
  });

  it('picks the DestinationRule for the host, preferring the Service name', () => {
    const dr = (name: string, host: string): DestinationRule => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name }, spec: { host } });
    expect(pickDestinationRule([dr('a', 'reviews.demo-project'), dr('reviews', 'reviews')], target)?.metadata.name).toBe('reviews');
    expect(pickDestinationRule([dr('a', 'reviews.demo-project'), dr('b', 'ratings')], target)?.metadata.name).toBe('a');
  });
});

describe('PATCH on a spec', () => {
  it('changes only the named fields; an empty match list removes the conditions', () => {
    const spec = canarySpec({ traffic: { candidateWeight: 30, match: [{ uri: { prefix: '/api' } }] } });
    expect(applyReleasePatch(spec, { candidateWeight: 50, candidateReplicas: 2 })).toEqual({ ...spec, candidate: { ...spec.candidate, replicas: 2 }, traffic: { ...spec.traffic, candidateWeight: 50 } });
    expect(applyReleasePatch(spec, { match: [] }).traffic).toEqual({ candidateWeight: 30 });
    expect(releaseMergePatch({ match: [], candidateWeight: 5, candidateReplicas: 3, resourceVersion: '9' })).toEqual({ traffic: { candidateWeight: 5, match: null }, candidate: { replicas: 3 } });
    expect(releaseMergePatch({ mirrorPercent: 40 })).toEqual({ traffic: { mirrorPercent: 40 } });
  });

  it('knows when a request changes nothing', () => {
    expect(patchChangesSomething({ resourceVersion: '1', generation: 2 })).toBe(false);
    expect(patchChangesSomething({ candidateWeight: 0 })).toBe(true);
  });
});
