import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { buildEndpointSubsets, buildSliceContents, resolveTargetPort } from './endpoints-build';

function pod(name: string, ip: string, ready: boolean, opts: { labels?: Record<string, string>; port?: number; terminating?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'demo', uid: `uid-${name}`, labels: opts.labels ?? { app: 'reviews' }, ...(opts.terminating ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'graylane-node-1', containers: [{ name: 'app', ports: [{ name: 'http', containerPort: opts.port ?? 9080, protocol: 'TCP' }] }] },
    status: { phase: ready ? 'Running' : 'Pending', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'reviews', namespace: 'demo' },
  spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
};

describe('resolveTargetPort', () => {
  it('resolves numbers, numeric strings, names and defaults to the service port', () => {
    const p = pod('a', '10.244.0.2', true, { port: 8080 });
    expect(resolveTargetPort({ port: 80, targetPort: 9000 }, p)).toBe(9000);
    expect(resolveTargetPort({ port: 80, targetPort: '9001' }, p)).toBe(9001);
    expect(resolveTargetPort({ port: 80, targetPort: 'http' }, p)).toBe(8080);
    expect(resolveTargetPort({ port: 80 }, p)).toBe(80);
    expect(resolveTargetPort({ port: 80, targetPort: 'grpc' }, p)).toBeUndefined();
  });
});

describe('buildEndpointSubsets', () => {
  it('splits ready and not-ready addresses, skips unselected and terminating pods, sorts by IP', () => {
    const subsets = buildEndpointSubsets(svc, [
      pod('b', '10.244.0.10', true),
      pod('a', '10.244.0.9', true),
      pod('c', '10.244.0.3', false),
      pod('other', '10.244.0.4', true, { labels: { app: 'ratings' } }),
      pod('gone', '10.244.0.5', true, { terminating: true }),
    ]);
    expect(subsets).toHaveLength(1);
    const s = subsets[0] as any;
    expect(s.addresses.map((a: any) => a.ip)).toEqual(['10.244.0.9', '10.244.0.10']);
    expect(s.notReadyAddresses.map((a: any) => a.ip)).toEqual(['10.244.0.3']);
    expect(s.addresses[0]).toEqual({ ip: '10.244.0.9', nodeName: 'graylane-node-1', targetRef: { kind: 'Pod', namespace: 'demo', name: 'a', uid: 'uid-a' } });
    expect(s.ports).toEqual([{ name: 'http', port: 9080, protocol: 'TCP' }]);
  });

  it('groups pods whose named port resolves differently into separate subsets', () => {
    const subsets = buildEndpointSubsets(svc, [pod('a', '10.244.0.2', true, { port: 8080 }), pod('b', '10.244.0.3', true, { port: 9090 })]);
    expect(subsets.map((s: any) => s.ports[0].port).sort()).toEqual([8080, 9090]);
  });

  it('returns nothing without pods or without selector', () => {
    expect(buildEndpointSubsets(svc, [])).toEqual([]);
    expect(buildEndpointSubsets({ ...svc, spec: { ports: [{ port: 80 }] } }, [pod('a', '10.244.0.2', true)])).toEqual([]);
  });
});

describe('buildSliceContents', () => {
  it('keeps terminating pods with their conditions, and one empty slice without pods', () => {
    const slices = buildSliceContents(svc, [pod('a', '10.244.0.2', true), pod('gone', '10.244.0.5', true, { terminating: true })]);
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints.map((e: any) => [e.addresses[0], e.conditions])).toEqual([
      ['10.244.0.2', { ready: true, serving: true, terminating: false }],
      ['10.244.0.5', { ready: false, serving: true, terminating: true }],
    ]);
    expect(buildSliceContents(svc, [])).toEqual([{ portsKey: '[]', endpoints: [], ports: [] }]);
  });
});
