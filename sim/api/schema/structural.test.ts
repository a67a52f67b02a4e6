import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { validateCustomResource } from './structural';

const crds = parseAllDocuments(readFileSync(fileURLToPath(new URL('../../data/istio-networking-crds.yaml', import.meta.url)), 'utf8'))
  .map((d) => d.toJSON() as KubeObject | null)
  .filter((d): d is KubeObject => !!d);

function schemaOf(plural: string, version: string): unknown {
  const crd = crds.find((c) => c.metadata.name === `${plural}.networking.istio.io`) as any;
  return crd.spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema;
}

const reviewsVs = (apiVersion = 'networking.istio.io/v1'): KubeObject => ({
  apiVersion,
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    hosts: ['reviews'],
    http: [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 70 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 30 },
        ],
        mirror: { host: 'reviews', subset: 'v2' },
        mirrorPercentage: { value: 50 },
        timeout: '10s',
      },
    ],
  },
});

describe('validateCustomResource against Istio CRDs', () => {
  for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
    it(`accepts Bookinfo's reviews VirtualService (${version})`, () => {
      const res = validateCustomResource(reviewsVs(`networking.istio.io/${version}`), schemaOf('virtualservices', version), { fieldValidation: 'Strict' });
      expect(res.causes).toEqual([]);
      expect(res.unknownFields).toEqual([]);
      expect(res.object).toEqual(reviewsVs(`networking.istio.io/${version}`));
    });
  }

  it('accepts a DestinationRule with subsets and a Gateway', () => {
    const dr: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    };
    expect(validateCustomResource(dr, schemaOf('destinationrules', 'v1'), { fieldValidation: 'Strict' }).causes).toEqual([]);
    const gw: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'bookinfo-gateway' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    };
    expect(validateCustomResource(gw, schemaOf('gateways', 'v1'), { fieldValidation: 'Strict' }).causes).toEqual([]);
  });

  it('requires a destination host', () => {
    const vs = reviewsVs();
    delete (vs.spec as any).http[1].route[0].destination.host;
    expect(validateCustomResource(vs, schemaOf('virtualservices', 'v1'), { fieldValidation: 'Strict' }).causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.http[1].route[0].destination.host', message: 'Required value' },
    ]);
  });

  it('reports a weight given as a string with kube-openapi’s message', () => {
    const vs = reviewsVs();
    (vs.spec as any).http[1].route[1].weight = '30';
    expect(validateCustomResource(vs, schemaOf('virtualservices', 'v1'), { fieldValidation: 'Strict' }).causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.http[1].route[1].weight',
        message: 'Invalid value: "string": spec.http[1].route[1].weight in body must be of type integer: "string"',
      },
    ]);
  });

  it('prunes and reports unknown fields', () => {
    const vs = reviewsVs();
    (vs.spec as any).http[0].foo = 'bar';
    (vs.spec as any).unknownSpec = 1;
    (vs.metadata as any).bogus = true;
    const res = validateCustomResource(vs, schemaOf('virtualservices', 'v1'), { fieldValidation: 'Strict' });
    expect(res.causes).toEqual([]);
    expect(res.unknownFields.sort()).toEqual(['metadata.bogus', 'spec.http[0].foo', 'spec.unknownSpec']);
    expect((res.object.spec as any).http[0].foo).toBeUndefined();
    expect((res.object.spec as any).unknownSpec).toBeUndefined();
    expect(vs.metadata.bogus).toBe(true); // input untouched
    expect(validateCustomResource(vs, schemaOf('virtualservices', 'v1'), { fieldValidation: 'Ignore' }).unknownFields).toEqual([]);
  });

  it('enforces Istio oneOf (a URI match with both exact and prefix)', () => {
    const vs = reviewsVs();
    (vs.spec as any).http[0].match[0].uri = { exact: '/a', prefix: '/b' };
    expect(validateCustomResource(vs, schemaOf('virtualservices', 'v1'), { fieldValidation: 'Strict' }).causes).toEqual([
      { reason: 'FieldValueInvalid', field: '<nil>', message: 'Invalid value: "": "spec.http[0].match[0].uri" must validate one and only one schema (oneOf). Found 2 valid alternatives' },
    ]);
  });
});

describe('validateCustomResource keywords', () => {
  const schema = {
    type: 'object',
    required: ['spec'],
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
      spec: {
        type: 'object',
        properties: {
          replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: 1 },
          ratio: { type: 'number', exclusiveMinimum: true, minimum: 0 },
          mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
          name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, 'x-kubernetes-list-type': 'set' },
          labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
          port: { 'x-kubernetes-int-or-string': true },
          note: { type: 'string', nullable: true },
          other: { type: 'string' },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'integer' } } },
          inner: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: {} },
        },
      },
    },
  };
  const base = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'abc' }, spec });

  it('applies defaults, keeps nullable nulls, drops other nulls and preserves unknown fields', () => {
    const res = validateCustomResource(base({ note: null, other: null, free: { anything: { deep: 1 }, known: 2 }, port: 'http' }), schema, { fieldValidation: 'Strict' });
    expect(res.causes).toEqual([]);
    expect(res.object.spec).toEqual({ note: null, free: { anything: { deep: 1 }, known: 2 }, port: 'http', replicas: 1, mode: 'a' });
  });

  it('reports the apiserver causes for each keyword', () => {
    const res = validateCustomResource(
      { ...base({ replicas: 11, ratio: 0, mode: 'c', name: 'ABCDE', tags: ['x', 'y', 'x'], labels: { a: '1', b: '2', c: '3' }, port: true, free: { known: 'no' }, inner: { metadata: {} } }), metadata: { name: 'toolong' } },
      schema,
      { fieldValidation: 'Strict' },
    );
    expect(res.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: 11: spec.replicas in body should be less than or equal to 10' },
      { reason: 'FieldValueInvalid', field: 'spec.ratio', message: 'Invalid value: 0: spec.ratio in body should be greater than 0' },
      { reason: 'FieldValueNotSupported', field: 'spec.mode', message: 'Unsupported value: "c": supported values: "a", "b"' },
      { reason: 'FieldValueTooLong', field: 'spec.name', message: 'Too long: may not be longer than 4' },
      { reason: 'FieldValueInvalid', field: 'spec.name', message: 'Invalid value: "ABCDE": spec.name in body should match \'^[a-z]+$\'' },
      { reason: 'FieldValueTooMany', field: 'spec.tags', message: 'Too many: 3: must have at most 2 items' },
      { reason: 'FieldValueDuplicate', field: 'spec.tags[2]', message: 'Duplicate value: "x"' },
      { reason: 'FieldValueTooMany', field: 'spec.labels', message: 'Too many: 3: must have at most 2 items' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.port', message: 'Invalid value: "boolean": spec.port in body must be of type integer-or-string: "boolean"' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.free.known', message: 'Invalid value: "string": spec.free.known in body must be of type integer: "string"' },
      { reason: 'FieldValueRequired', field: 'spec.inner.apiVersion', message: 'Required value: must not be empty' },
      { reason: 'FieldValueRequired', field: 'spec.inner.kind', message: 'Required value: must not be empty' },
      { reason: 'FieldValueTooLong', field: 'metadata.name', message: 'Too long: may not be longer than 5' },
    ]);
  });

  it('requires spec and checks int32 range and minItems', () => {
    expect(validateCustomResource({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' } }, schema, { fieldValidation: 'Strict' }).causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec', message: 'Required value' },
    ]);
    const s2 = { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', format: 'int32' }, l: { type: 'array', minItems: 1, items: { type: 'string' } } } } } };
    expect(validateCustomResource(base({ n: 2 ** 31, l: [] }), s2, { fieldValidation: 'Strict' }).causes).toEqual([
      { reason: 'FieldValueTypeInvalid', field: 'spec.n', message: 'Invalid value: "integer": spec.n in body must be of type int32: "integer"' },
      { reason: 'FieldValueInvalid', field: 'spec.l', message: 'Invalid value: 0: spec.l in body should have at least 1 items' },
    ]);
  });

  it('refuses oversized input for patterns instead of running the regexp', () => {
    const s3 = { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } } };
    const res = validateCustomResource(base({ s: 'a'.repeat(70000) + '!' }), s3, { fieldValidation: 'Strict' });
    expect(res.causes).toHaveLength(1);
    expect(res.causes[0].field).toBe('spec.s');
  });
});
