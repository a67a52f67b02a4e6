/**
 * Strategy objects as KubeSphere 3.x's console and controller left them in clusters (shapes from
 * KubeSphere 3.x Bookinfo walkthroughs: console annotations, principal/governor, an Istio
 * VirtualService spec as template, the cookie idiom of Istio's docs). Test data only.
 */

import { KS_SERVICEMESH_GROUP, KS_STRATEGY_CRD, type KsStrategy, type WorkloadFacts } from './strategy-types';

const meta = (name: string, newWorkload = 'reviews-v2') => ({
  name,
  namespace: 'demo-project',
  labels: { app: 'reviews', 'app.kubernetes.io/name': 'bookinfo', 'app.kubernetes.io/version': 'v1' },
  annotations: {
    'app.kubernetes.io/icon': '/assets/bookinfo.svg',
    'kubesphere.io/creator': 'project-regular',
    'servicemesh.kubesphere.io/newWorkloadName': newWorkload,
    'servicemesh.kubesphere.io/oldWorkloadName': 'reviews-v1',
    'servicemesh.kubesphere.io/workloadReplicas': '1',
    'servicemesh.kubesphere.io/workloadType': 'deployments',
  },
  generation: 3,
  resourceVersion: '234724779',
  uid: '33a887b9-91ce-11ea-9097-00163f00bfd3',
});

const selector = { matchLabels: { app: 'reviews', 'app.kubernetes.io/name': 'bookinfo', 'app.kubernetes.io/version': 'v1' } };

/** "Canary release" by traffic ratio: 80 / 20. */
export const canaryByWeight: KsStrategy = {
  apiVersion: 'servicemesh.kubesphere.io/v1alpha2',
  kind: 'Strategy',
  metadata: meta('canary-release'),
  spec: {
    type: 'Canary',
    principal: 'v1',
    governor: '',
    protocol: 'http',
    selector,
    strategyPolicy: 'WaitForWorkloadReady',
    template: {
      metadata: { labels: { app: 'reviews' } },
      spec: {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
              { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
            ],
          },
        ],
      },
    },
  },
  status: { conditions: [{ type: 'Complete', status: 'True' }] },
};

/** "Canary release" by request content: the tutorial's `end-user: jason`, plus a cookie group. */
export const canaryByHeader: KsStrategy = {
  apiVersion: 'servicemesh.kubesphere.io/v1alpha2',
  kind: 'Strategy',
  metadata: meta('canary-jason', 'reviews-v3'),
  spec: {
    type: 'Canary',
    principal: 'v1',
    protocol: 'http',
    selector,
    strategyPolicy: 'WaitForWorkloadReady',
    template: {
      spec: {
        hosts: ['reviews'],
        http: [
          {
            match: [
              { headers: { 'end-user': { exact: 'jason' } } },
              { headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' }, 'User-Agent': { regex: '.*(Android).*' } }, uri: { prefix: '/reviews' } },
            ],
            route: [{ destination: { host: 'reviews', subset: 'v3' }, weight: 100 }],
          },
          { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] },
        ],
      },
    },
  },
};

/** "Blue-green deployment": v2 is the governor and takes all traffic. */
export const blueGreenWithGovernor: KsStrategy = {
  apiVersion: 'servicemesh.kubesphere.io/v1alpha2',
  kind: 'Strategy',
  metadata: meta('blue-green'),
  spec: {
    type: 'BlueGreen',
    principal: 'v1',
    governor: 'v2',
    protocol: 'http',
    selector,
    strategyPolicy: 'WaitForWorkloadReady',
    template: {
      spec: {
        hosts: ['reviews.demo-project.svc.cluster.local'],
        http: [
          {
            route: [
              { destination: { host: 'reviews.demo-project.svc.cluster.local', subset: 'v1' }, weight: 0 },
              { destination: { host: 'reviews.demo-project.svc.cluster.local', subset: 'v2' }, weight: 100 },
            ],
          },
        ],
      },
    },
  },
};

/** "Traffic mirroring": all live traffic on v1, half of it copied to v2 (Istio >= 1.4 field). */
export const mirror: KsStrategy = {
  apiVersion: 'servicemesh.kubesphere.io/v1alpha2',
  kind: 'Strategy',
  metadata: meta('mirror-release'),
  spec: {
    type: 'Mirror',
    principal: 'v1',
    protocol: 'http',
    selector,
    strategyPolicy: 'WaitForWorkloadReady',
    template: {
      spec: {
        hosts: ['reviews'],
        http: [
          {
            route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }],
            mirror: { host: 'reviews', subset: 'v2' },
            mirrorPercentage: { value: 50 },
          },
        ],
      },
    },
  },
};

export const reviewsV1: WorkloadFacts = {
  name: 'reviews-v1',
  version: 'v1',
  replicas: 1,
  containers: [{ name: 'reviews', image: 'kubesphere/examples-bookinfo-reviews-v1:1.13.0' }],
};

export const reviewsV2: WorkloadFacts = {
  name: 'reviews-v2',
  version: 'v2',
  replicas: 2,
  containers: [{ name: 'reviews', image: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' }],
};

export const reviewsV3: WorkloadFacts = {
  name: 'reviews-v3',
  version: 'v3',
  replicas: 1,
  containers: [{ name: 'reviews', image: 'kubesphere/examples-bookinfo-reviews-v3:1.13.0' }],
};

/** A minimal CRD serving KubeSphere's Strategy API, for tests against the embedded cluster. */
export const strategyCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: KS_STRATEGY_CRD },
  spec: {
    group: KS_SERVICEMESH_GROUP,
    scope: 'Namespaced',
    names: { kind: 'Strategy', listKind: 'StrategyList', plural: 'strategies', singular: 'strategy' },
    versions: [{ name: 'v1alpha2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};
