import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { applyMergePatch } from './json-merge';
import { applyJsonPatch } from './json-patch';
import { applyStrategicMergePatch } from './strategic-merge';

const DEPLOY = { group: 'apps', version: 'v1', kind: 'Deployment' };
const POD = { group: '', version: 'v1', kind: 'Pod' };

function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, finalizers: ['a', 'b'] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'sidecar', image: 'envoy:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'k1', operator: 'Exists' }],
        },
      },
    },
  };
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('applyMergePatch (RFC 7386)', () => {
  it('follows the RFC 7386 appendix examples', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('does not mutate its inputs and keeps __proto__ as plain data', () => {
    const target = { a: { b: 1 } };
    const patch = JSON.parse('{"a":{"c":2},"__proto__":{"polluted":true}}');
    const out = applyMergePatch(target, patch) as Record<string, unknown>;
    expect(target).toEqual({ a: { b: 1 } });
    expect(out.a).toEqual({ b: 1, c: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } };

  it('applies add/remove/replace/move/copy/test', () => {
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/labels/a', value: '1' },
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'replace', path: '/spec/list/0', value: 10 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'copy', from: '/metadata/labels', path: '/spec/copied' },
      { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/moved~1a' },
    ]);
    expect(out).toEqual({ metadata: { labels: { b: '2', 'moved/a': '1' } }, spec: { list: [10, 3, 4], copied: { a: '1', b: '2' } } });
    expect(doc).toEqual({ metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } });
  });

  it('never aliases operation values into the result', () => {
    const value = { x: 1 };
    const out = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]) as { v: { x: number } };
    out.v.x = 2;
    expect(value.x).toBe(1);
  });

  it('answers a failed test or a missing path with 422 like kube', () => {
    for (const ops of [[{ op: 'test', path: '/metadata/labels/a', value: 'x' }], [{ op: 'remove', path: '/nope' }], [{ op: 'replace', path: '/spec/nope/x', value: 1 }], [{ op: 'frobnicate', path: '/a' }]]) {
      const err = apiError(() => applyJsonPatch(doc, ops));
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe('the server rejected our request due to an error in our request');
    }
  });

  it('answers a body that is not a list of operations with 400', () => {
    expect(apiError(() => applyJsonPatch(doc, { op: 'add' })).code).toBe(400);
    expect(apiError(() => applyJsonPatch(doc, ['add'])).code).toBe(400);
  });

  it('refuses prototype-polluting paths', () => {
    for (const path of ['/__proto__/polluted', '/constructor/prototype/polluted', '/a/constructor']) {
      const err = apiError(() => applyJsonPatch({ a: {} }, [{ op: 'add', path, value: true }]));
      expect(err.code).toBe(400);
    }
    expect(apiError(() => applyJsonPatch({ a: {} }, [{ op: 'copy', from: '/__proto__', path: '/b' }])).code).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('limits the number of operations like kube (413)', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '', value: {} }));
    expect(apiError(() => applyJsonPatch({}, ops)).code).toBe(413);
  });
});

describe('applyStrategicMergePatch', () => {
  it('applies the patch kubectl apply sends (kubectl-compat.md)', () => {
    const original = deployment();
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
      spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } } },
    };
    const out = applyStrategicMergePatch(original, patch, DEPLOY) as ReturnType<typeof deployment>;
    expect(out.spec.replicas).toBe(3);
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"new":true}');
    // containers merge by name: nginx updated in place, the sidecar (server-only) kept after it
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'sidecar', image: 'envoy:1' },
    ]);
    expect(original.spec.template.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('honours $setElementOrder to reorder a merge list', () => {
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } } } };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOY) as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['sidecar', 'nginx']);
  });

  it('deletes with null and with $patch: delete by merge key', () => {
    const patch = {
      metadata: { annotations: null },
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'nginx', env: [{ name: 'A', $patch: 'delete' }, { name: 'C', value: '3' }], image: null }] } } },
    };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOY) as any;
    expect(out.metadata.annotations).toBeUndefined();
    expect(out.spec.template.spec.containers).toEqual([{ name: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'C', value: '3' }, { name: 'B', value: '2' }] }]);
  });

  it('merges ports by containerPort, volumes by name and replaces tolerations (no strategy)', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'nginx', ports: [{ containerPort: 443, protocol: 'TCP' }, { containerPort: 80, name: 'http' }] }],
            volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }],
            tolerations: [{ key: 'k2', operator: 'Equal', value: 'v', effect: 'NoSchedule' }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOY) as any;
    expect(out.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 443, protocol: 'TCP' },
      { containerPort: 80, protocol: 'TCP', name: 'http' },
    ]);
    // like kube, items new to the live list come before the server-only ones
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'cache', emptyDir: { medium: 'Memory' } }, { name: 'data', emptyDir: {} }]);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'k2', operator: 'Equal', value: 'v', effect: 'NoSchedule' }]);
  });

  it('replaces a merge list with $patch: replace', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'only', image: 'busybox' }, { $patch: 'replace' }] } } } };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOY) as any;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { selector: { $patch: 'replace', matchLabels: { app: 'x' } } } }, DEPLOY) as any;
    expect(out.spec.selector).toEqual({ matchLabels: { app: 'x' } });
    const out2 = applyStrategicMergePatch(deployment(), { spec: { template: { metadata: { labels: { $patch: 'delete' } } } } }, DEPLOY) as any;
    expect(out2.spec.template.metadata.labels).toEqual({});
    const out3 = applyStrategicMergePatch(deployment(), { spec: { selector: { $patch: 'merge', matchLabels: { tier: 'x' } } } }, DEPLOY) as any;
    expect(out3.spec.selector).toEqual({ matchLabels: { app: 'web', tier: 'x' } });
  });

  it('applies $retainKeys as kubectl sends it for the deployment strategy', () => {
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOY) as any;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    const bad = apiError(() => applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, DEPLOY));
    expect(bad.code).toBe(400);
    expect(bad.message).toBe('invalid patch format of retainKeys');
  });

  it('merges and deletes in primitive merge lists (finalizers)', () => {
    const out = applyStrategicMergePatch(deployment(), { metadata: { finalizers: ['c', 'a'] } }, DEPLOY) as any;
    // same order as kube's mergeSortedSlice: patch order first, then server-only items
    expect(out.metadata.finalizers).toEqual(['c', 'a', 'b']);
    const out2 = applyStrategicMergePatch(deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b'] } }, DEPLOY) as any;
    expect(out2.metadata.finalizers).toEqual(['b']);
    const out3 = applyStrategicMergePatch(deployment(), { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'], finalizers: ['c'] } }, DEPLOY) as any;
    expect(out3.metadata.finalizers).toEqual(['b', 'c', 'a']);
  });

  it('replaces primitive lists without a merge strategy (container args)', () => {
    const original = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', args: ['a', 'b'] }] } };
    const out = applyStrategicMergePatch(original, { spec: { containers: [{ name: 'c', args: ['z'] }] } }, POD) as any;
    expect(out.spec.containers[0].args).toEqual(['z']);
  });

  it('strips directives and nulls from values added where nothing existed', () => {
    const original = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } };
    const out = applyStrategicMergePatch(original, { metadata: { labels: { a: '1', b: null } }, spec: { volumes: [{ name: 'v', emptyDir: {}, $patch: 'merge' }] } }, POD) as any;
    expect(out.metadata.labels).toEqual({ a: '1' });
    expect(out.spec.volumes).toEqual([{ name: 'v', emptyDir: {} }]);
  });

  it('refuses custom resources with 415 and bad patches like kube', () => {
    const err = apiError(() => applyStrategicMergePatch({}, {}, { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' }));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(apiError(() => applyStrategicMergePatch(deployment(), [], DEPLOY)).code).toBe(400);
    const noKey = apiError(() => applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, DEPLOY));
    expect(noKey.code).toBe(500);
    expect(noKey.message).toContain('does not contain declared merge key: name');
    expect(apiError(() => applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'x', $patch: 'bogus' }] } } } }, DEPLOY)).code).toBe(500);
  });
});
