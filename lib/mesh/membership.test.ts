import { describe, expect, it } from 'vitest';
import { meshMembership, namespaceInjection, type MeshWorkload } from './membership';

const base = { namespace: 'shop', service: 'reviews' };
const deploy = (labels?: Record<string, string>, annotations?: Record<string, string>): MeshWorkload => ({ kind: 'Deployment', name: 'reviews-v1', labels, annotations });

describe('meshMembership', () => {
  it('is in the mesh when the namespace enables injection or names a revision', () => {
    expect(meshMembership({ ...base, namespaceLabels: { 'istio-injection': 'enabled' }, workloads: [deploy()] })).toEqual({ inMesh: true });
    expect(meshMembership({ ...base, namespaceLabels: { 'istio.io/rev': 'canary' }, workloads: [deploy()] })).toEqual({ inMesh: true });
  });

  it('is out when the namespace has no injection label, naming the fix', () => {
    const m = meshMembership({ ...base, namespaceLabels: {}, workloads: [deploy()] });
    expect(m.inMesh).toBe(false);
    expect(!m.inMesh && m.reason).toContain('istio-injection=enabled');
  });

  it('lets a pod template opt in or out', () => {
    expect(meshMembership({ ...base, namespaceLabels: {}, workloads: [deploy({ 'sidecar.istio.io/inject': 'true' })] }).inMesh).toBe(true);
    const out = meshMembership({ ...base, namespaceLabels: { 'istio-injection': 'enabled' }, workloads: [deploy(undefined, { 'sidecar.istio.io/inject': 'false' })] });
    expect(!out.inMesh && out.reason).toContain('Deployment reviews-v1 sets sidecar.istio.io/inject: "false"');
  });

  it('lets an explicitly disabled namespace win over a pod opting in', () => {
    expect(meshMembership({ ...base, namespaceLabels: { 'istio-injection': 'disabled' }, workloads: [deploy({ 'sidecar.istio.io/inject': 'true' })] }).inMesh).toBe(false);
  });

  it('does not judge when the namespace could not be read', () => {
    expect(meshMembership({ ...base, namespaceLabels: undefined, workloads: [] }).inMesh).toBe(true);
  });
});

describe('namespaceInjection', () => {
  it('names enabled injection and revisions', () => {
    expect(namespaceInjection('shop', { 'istio-injection': 'enabled' }).injection).toBe('enabled');
    const rev = namespaceInjection('shop', { 'istio.io/rev': '1-22' });
    expect(rev.injection).toBe('revision');
    expect(rev.detail).toContain('1-22');
  });

  it('lets disabled win over a revision, as the injector does', () => {
    const d = namespaceInjection('shop', { 'istio-injection': 'disabled', 'istio.io/rev': '1-22' });
    expect(d.injection).toBe('disabled');
    expect(d.detail).toContain('istio-injection=disabled');
  });

  it('says how to join the mesh when nothing is set', () => {
    const u = namespaceInjection('shop', {});
    expect(u.injection).toBe('unset');
    expect(u.detail).toContain('istio-injection=enabled');
    expect(u.detail).toContain('sidecar.istio.io/inject');
  });
});
