/** Shared test fixtures: Bookinfo's reviews Service and Deployment as the sample manifests have them. */
import type { Deployment, GrayscaleReleaseSpec, Service } from './types';

export function reviewsService(overrides: Partial<Service['spec']> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', namespace: 'demo-project', labels: { app: 'reviews', service: 'reviews' } },
    spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'reviews' }, ...overrides },
  };
}

export function reviewsV1(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'reviews-v1',
      namespace: 'demo-project',
      labels: { app: 'reviews', version: 'v1' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '1', note: 'kept' },
      uid: '1111',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2024-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'reviews', version: 'v1' } },
      template: {
        metadata: { labels: { app: 'reviews', version: 'v1' } },
        spec: {
          serviceAccountName: 'bookinfo-reviews',
          containers: [
            {
              name: 'reviews',
              image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
              ports: [{ containerPort: 9080 }],
              env: [{ name: 'LOG_DIR', value: '/tmp/logs' }],
            },
            { name: 'sidecar-helper', image: 'busybox:1.36' },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
    status: { replicas: 3, readyReplicas: 3 },
  };
}

export function canarySpec(overrides: Partial<GrayscaleReleaseSpec> = {}): GrayscaleReleaseSpec {
  return {
    strategy: 'Canary',
    service: 'reviews',
    baseline: { version: 'v1' },
    candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
    traffic: { candidateWeight: 30 },
    ...overrides,
  };
}
