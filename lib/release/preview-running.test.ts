/**
 * Bug: the job detail's YAML tab showed "+0 -1" on a running job where nothing differs. The
 * preview re-derived the candidate Deployment from the baseline, so the API server's own
 * `deployment.kubernetes.io/revision` annotation on the live candidate showed as a removed line,
 * although the controller never removes it (it only enforces replicas and the job's images).
 */
import { describe, expect, it } from 'vitest';
import { deriveCandidateDeployment } from './candidate-deployment';
import { canarySpec, reviewsService, reviewsV1 } from './fixtures.test-helpers';
import { renderPreview } from './preview';
import { translateRelease } from './translate';
import type { Deployment, GrayscaleReleaseSpec } from './types';

const release = (spec: GrayscaleReleaseSpec) => ({ metadata: { name: 'canary-release', namespace: 'demo-project' }, spec });

/** The candidate as the API server holds it after the controller created it. */
function liveCandidate(spec: GrayscaleReleaseSpec): Deployment {
  const d = deriveCandidateDeployment('canary-release', spec, reviewsV1());
  d.metadata.uid = '2222';
  d.metadata.resourceVersion = '77';
  d.metadata.generation = 1;
  d.metadata.creationTimestamp = '2024-01-01T00:00:01Z';
  d.metadata.annotations = { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': '1' };
  (d as Deployment & { status: unknown }).status = { replicas: 1, readyReplicas: 1 };
  return d;
}

function previewOf(spec: GrayscaleReleaseSpec, candidate: Deployment) {
  const first = translateRelease({ release: release(spec), service: reviewsService(), baselineDeployment: reviewsV1(), candidateReady: true });
  const out = translateRelease({
    release: release(spec),
    service: reviewsService(),
    baselineDeployment: reviewsV1(),
    candidateDeployment: candidate,
    candidateReady: true,
    existingVirtualService: first.virtualService,
    existingDestinationRule: first.destinationRule,
  });
  return renderPreview(out, { virtualService: first.virtualService, destinationRule: first.destinationRule, candidateDeployment: candidate });
}

const changes = (p: ReturnType<typeof renderPreview>) => p.diff.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text.trim()}`);

describe('preview of a running job', () => {
  it('shows no change when the cluster holds what the controller wrote (server-set annotations included)', () => {
    const spec = canarySpec();
    const p = previewOf(spec, liveCandidate(spec));
    expect(changes(p)).toEqual([]);
    expect(p.documents.map((d) => d.changed)).toEqual([false, false, false]);
  });

  it('keeps a user tuning of the candidate template, as the controller does', () => {
    const spec = canarySpec();
    const live = liveCandidate(spec);
    live.spec.template.spec.containers[0].env = [{ name: 'LOG_DIR', value: '/var/log' }];
    expect(changes(previewOf(spec, live))).toEqual([]);
  });

  it('shows exactly the replicas and image the controller will change', () => {
    const live = liveCandidate(canarySpec());
    const edited = canarySpec({ candidate: { version: 'v2', replicas: 3, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.14.0' } } });
    expect(changes(previewOf(edited, live))).toEqual([
      '-replicas: 1',
      '+replicas: 3',
      '-image: kubesphere/examples-bookinfo-reviews-v2:1.13.0',
      '+image: kubesphere/examples-bookinfo-reviews-v2:1.14.0',
    ]);
  });

  it('derives afresh from the baseline when the Deployment with that name belongs to someone else', () => {
    const foreign = liveCandidate(canarySpec());
    delete foreign.metadata.labels!['graylane.io/release'];
    const out = translateRelease({ release: release(canarySpec()), service: reviewsService(), baselineDeployment: reviewsV1(), candidateDeployment: foreign, candidateReady: true });
    expect(out.candidateDeployment).toEqual(deriveCandidateDeployment('canary-release', canarySpec(), reviewsV1()));
  });
});
