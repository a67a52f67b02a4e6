import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { applyServerSide } from './server-side-apply';

const DEPLOY = { group: 'apps', version: 'v1', kind: 'Deployment' };

const live = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5', labels: { a: '1' }, managedFields: [{ manager: 'kubectl-create', operation: 'Update' }] },
  spec: {
    replicas: 1,
    template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] }, { name: 'side', image: 's:1' }], tolerations: [{ key: 'a' }] } },
  },
});

describe('applyServerSide', () => {
  it('creates from the applied object with an Apply managedFields entry', () => {
    const applied: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } };
    const out = applyServerSide(undefined, applied, { gvk: DEPLOY, fieldManager: 'kubectl' });
    expect(out.spec).toEqual({ replicas: 2 });
    expect(out.metadata.managedFields).toEqual([{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), fieldsType: 'FieldsV1', fieldsV1: {} }]);
  });

  it('merges containers by name (list-type map), replaces atomic lists and keeps live fields', () => {
    const applied: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { b: '2' } },
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2', ports: [{ containerPort: 80 }] }, { name: 'new', image: 'n:1' }], tolerations: [{ key: 'b' }] } } },
    };
    const before = live();
    const out = applyServerSide(before, applied, { gvk: DEPLOY, fieldManager: 'kubectl' });
    expect(out.metadata).toMatchObject({ uid: 'u1', resourceVersion: '5', labels: { a: '1', b: '2' } });
    expect((out.spec as any).replicas).toBe(1);
    expect((out.spec as any).template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:2', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'side', image: 's:1' },
      { name: 'new', image: 'n:1' },
    ]);
    expect((out.spec as any).template.spec.tolerations).toEqual([{ key: 'b' }]);
    expect(out.metadata.managedFields).toHaveLength(2);
    expect(before.spec).toEqual(live().spec);
    // a second apply by the same manager updates its entry instead of adding one
    const again = applyServerSide(out, applied, { gvk: DEPLOY, fieldManager: 'kubectl' });
    expect(again.metadata.managedFields).toHaveLength(2);
  });

  it('uses the CRD schema for custom kinds (list-type map vs atomic)', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            versions: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['version'], items: { type: 'object' } },
            hosts: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    };
    const gvk = { group: 'graylane.io', version: 'v1alpha1', kind: 'GrayscaleRelease' };
    const existing: KubeObject = { apiVersion: 'graylane.io/v1alpha1', kind: 'GrayscaleRelease', metadata: { name: 'r' }, spec: { versions: [{ version: 'v1', weight: 100 }], hosts: ['a', 'b'] } };
    const applied: KubeObject = { apiVersion: 'graylane.io/v1alpha1', kind: 'GrayscaleRelease', metadata: { name: 'r' }, spec: { versions: [{ version: 'v1', weight: 70 }, { version: 'v2', weight: 30 }], hosts: ['c'] } };
    const out = applyServerSide(existing, applied, { gvk, fieldManager: 'graylane', schema });
    expect(out.spec).toEqual({ versions: [{ version: 'v1', weight: 70 }, { version: 'v2', weight: 30 }], hosts: ['c'] });
  });
});
