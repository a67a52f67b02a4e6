import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { openApiV2Document } from './v2';
import { openApiV3Document, openApiV3Index } from './v3';

const crds = parseAllDocuments(readFileSync(fileURLToPath(new URL('../../data/istio-networking-crds.yaml', import.meta.url)), 'utf8'))
  .map((d) => d.toJSON() as KubeObject | null)
  .filter((d): d is KubeObject => !!d);

function refsResolve(doc: any): string[] {
  const missing: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') {
          const name = x.replace('#/components/schemas/', '');
          if (!doc.components.schemas[name]) missing.push(name);
        } else walk(x);
      }
    }
  };
  walk(doc);
  return missing;
}

describe('OpenAPI', () => {
  it('indexes group-versions with stable hashed URLs', () => {
    const idx = openApiV3Index(['v1', 'apps/v1', 'apis/networking.istio.io/v1']) as any;
    expect(Object.keys(idx.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/networking.istio.io/v1']);
    expect(idx.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    expect((openApiV3Index(['apps/v1']) as any).paths['apis/apps/v1']).toEqual(idx.paths['apis/apps/v1']);
  });

  it('serves what kubectl needs for apps/v1 Deployment', () => {
    const doc = openApiV3Document('apis/apps/v1', []) as any;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    const schema = doc.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(doc.components.schemas['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(refsResolve(doc)).toEqual([]);
    expect(JSON.stringify(doc).length).toBeLessThan(400_000);
    expect(openApiV3Document('apis/apps/v1', [])).toBe(doc); // cached
  });

  it('serves the core group with Pod, Service and ConfigMap', () => {
    const doc = openApiV3Document('api/v1', []) as any;
    for (const p of ['/api/v1/namespaces/{namespace}/pods/{name}', '/api/v1/namespaces/{namespace}/services/{name}', '/api/v1/namespaces/{namespace}/configmaps/{name}', '/api/v1/namespaces/{name}']) {
      expect(doc.paths[p].patch['x-kubernetes-group-version-kind'].group).toBe('');
    }
    expect(refsResolve(doc)).toEqual([]);
    expect(JSON.stringify(doc).length).toBeLessThan(600_000);
  });

  it('builds CRD group-versions from the CRD schemas', () => {
    const doc = openApiV3Document('apis/networking.istio.io/v1beta1', crds) as any;
    const patch = doc.paths['/apis/networking.istio.io/v1beta1/namespaces/{namespace}/virtualservices/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'networking.istio.io', version: 'v1beta1', kind: 'VirtualService' });
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody.content)).not.toContain('application/strategic-merge-patch+json');
    const vs = doc.components.schemas['io.istio.networking.v1beta1.VirtualService'];
    expect(vs['x-kubernetes-group-version-kind']).toEqual([{ group: 'networking.istio.io', kind: 'VirtualService', version: 'v1beta1' }]);
    expect(vs.properties.metadata.allOf[0].$ref).toBe('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(vs.properties.spec.properties.http).toBeDefined();
    expect(refsResolve(doc)).toEqual([]);
    expect(openApiV3Document('apis/networking.istio.io/v1beta1', crds)).toBe(doc);
    expect(openApiV3Document('apis/nothing.example.com/v1', crds)).toBeUndefined();
  });

  it('serves the swagger v2 document', () => {
    const doc = openApiV2Document() as any;
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });
});
