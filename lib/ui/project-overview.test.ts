import { describe, expect, it } from 'vitest';
import type { ServiceView, VersionDetail } from '@/lib/api/types';
import { releasesByPhase, serviceCounts, workloadCounts } from './project-overview';

const version = (deployment: string, replicas: number, readyReplicas: number): VersionDetail => ({
  version: deployment.split('-').at(-1) ?? '',
  deployment,
  replicas,
  readyReplicas,
  images: {},
  status: readyReplicas >= replicas ? 'running' : 'updating',
  createdAt: null,
  pods: [],
});
const service = (name: string, versions: VersionDetail[], extra: Partial<ServiceView> = {}): ServiceView => ({ name, app: 'bookinfo', ports: [], selector: { app: name }, versions, inMesh: true, ...extra });

describe('project overview figures', () => {
  const services = [
    service('reviews', [version('reviews-v1', 1, 1), version('reviews-v2', 2, 1)], { activeRelease: 'canary' }),
    service('reviews-alias', [version('reviews-v1', 1, 1)]),
    service('legacy', [version('legacy-v1', 0, 0)], { inMesh: false, notInMeshReason: 'namespace has no sidecar injection' }),
    service('external', []),
  ];

  it('counts services, those out of the mesh and those being released', () => {
    expect(serviceCounts(services)).toEqual({ total: 4, outOfMesh: 1, releasing: 1 });
    expect(serviceCounts([])).toEqual({ total: 0, outOfMesh: 0, releasing: 0 });
  });

  it('counts each Deployment once, ready only with every desired replica ready', () => {
    expect(workloadCounts(services)).toEqual({ total: 3, ready: 1 });
  });

  it('groups release jobs by phase in lifecycle order, deleting ones apart', () => {
    const jobs = [
      { phase: 'Completed', deleting: false },
      { phase: 'Progressing', deleting: false },
      { phase: 'Completed', deleting: false },
      { phase: 'Progressing', deleting: true },
      { phase: 'Pending', deleting: false },
    ] as const;
    expect(releasesByPhase(jobs)).toEqual([
      { phase: 'Pending', count: 1 },
      { phase: 'Progressing', count: 1 },
      { phase: 'Completed', count: 2 },
      { phase: 'Deleting', count: 1 },
    ]);
    expect(releasesByPhase([])).toEqual([]);
  });
});
