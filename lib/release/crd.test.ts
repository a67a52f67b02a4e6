/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import crdText from '../../deploy/crd/grayscalerelease.yaml?raw';
import { ISTIO_DURATION_BUCKETS_MS, PROGRESSIVE_PRESETS } from '../analysis/spec';
import { canarySpec } from './fixtures.test-helpers';
import { LIMITS, PATTERNS } from './rules';
import { validateReleaseSpec } from './validate';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: Array<{ rule: string; message: string }>;
}

const crd = parse(crdText);
const version = crd.spec.versions[0];
const root: Schema = version.schema.openAPIV3Schema;
const specSchema = root.properties!.spec;

/** The OpenAPI subset structural CRD schemas use (CEL rules are not evaluated here). */
function openApiErrors(schema: Schema, value: unknown, path = 'spec'): string[] {
  const errors: string[] = [];
  const type = schema.type;
  if (type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: not an object`];
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}.${r}: required`);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) errors.push(`${path}: minProperties`);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) errors.push(`${path}: maxProperties`);
    for (const k of keys) {
      const sub = schema.properties?.[k] ?? schema.additionalProperties;
      if (!sub) errors.push(`${path}.${k}: unknown field`);
      else errors.push(...openApiErrors(sub, obj[k], `${path}.${k}`));
    }
  } else if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: minItems`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: maxItems`);
    if (schema['x-kubernetes-list-type'] === 'set' && new Set(value).size !== value.length) errors.push(`${path}: duplicate set item`);
    const mapKeys = schema['x-kubernetes-list-map-keys'];
    if (schema['x-kubernetes-list-type'] === 'map' && mapKeys) {
      const seen = value.map((v) => JSON.stringify(mapKeys.map((k) => (v as Record<string, unknown>)[k])));
      if (new Set(seen).size !== seen.length) errors.push(`${path}: duplicate map key`);
    }
    value.forEach((v, i) => errors.push(...openApiErrors(schema.items!, v, `${path}[${i}]`)));
  } else if (type === 'string') {
    if (typeof value !== 'string') return [`${path}: not a string`];
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: minLength`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: maxLength`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: pattern`);
  } else if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return [`${path}: not an ${type}`];
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) errors.push(`${path}: minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: maximum`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') return [`${path}: not a boolean`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: enum`);
  return errors;
}

const spec = canarySpec();
const cand = (patch: object) => ({ ...spec, candidate: { ...spec.candidate, ...patch } });
const group = (g: object) => ({ ...spec, traffic: { candidateWeight: 0, match: [g] } });

/** Cases whose accept/reject OpenAPI alone can express: both validators must agree. */
const CASES: Array<[string, unknown, boolean]> = [
  ['tutorial job', spec, true],
  ['minimal BlueGreen', { strategy: 'BlueGreen', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2' } }, true],
  ['mirror', { ...spec, strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 40 } }, true],
  ['all condition kinds', group({ headers: { 'end-user': { exact: 'jason' } }, cookies: [{ name: 'user', value: { regex: 'j.*' } }], uri: { prefix: '/api' }, os: ['iOS'], browsers: ['Safari'] }), true],
  ['label-value baseline', { ...spec, baseline: { version: '1.2.0_rc' } }, true],
  ['digest image', cand({ images: { reviews: 'ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' } }), true],
  ['unknown strategy', { ...spec, strategy: 'Rolling' }, false],
  ['missing service', { ...spec, service: undefined }, false],
  ['service upper-case', { ...spec, service: 'Reviews' }, false],
  ['service too long', { ...spec, service: 'a'.repeat(64) }, false],
  ['baseline with space', { ...spec, baseline: { version: 'v 1' } }, false],
  ['candidate upper-case', cand({ version: 'V2' }), false],
  ['candidate 17 chars', cand({ version: 'v' + '1'.repeat(16) }), false],
  ['candidate 16 chars', cand({ version: 'v' + '1'.repeat(15) }), true],
  ['replicas 0', cand({ replicas: 0 }), false],
  ['replicas 100', cand({ replicas: 100 }), true],
  ['replicas 1.5', cand({ replicas: 1.5 }), false],
  ['image with space', cand({ images: { reviews: 'bad image' } }), false],
  ['image upper-case repo', cand({ images: { reviews: 'Org/App:1' } }), false],
  ['weight 101', { ...spec, traffic: { candidateWeight: 101 } }, false],
  ['weight -1', { ...spec, traffic: { candidateWeight: -1 } }, false],
  ['weight string', { ...spec, traffic: { candidateWeight: '30' } }, false],
  ['mirror 0', { ...spec, strategy: 'Mirror', traffic: { candidateWeight: 0, mirrorPercent: 0 } }, false],
  ['empty group', group({}), false],
  ['empty headers', group({ headers: {} }), false],
  ['two match kinds', group({ headers: { a: { exact: 'x', prefix: 'y' } } }), false],
  ['no match kind', group({ uri: {} }), false],
  ['uri without slash', group({ uri: { prefix: 'api' } }), false],
  ['unknown OS', group({ os: ['BeOS'] }), false],
  ['repeated OS', group({ os: ['iOS', 'iOS'] }), false],
  ['empty browsers', group({ browsers: [] }), false],
  ['same cookie twice', group({ cookies: [{ name: 'a', value: { exact: 'x' } }, { name: 'a', value: { exact: 'y' } }] }), false],
  ['five cookies', group({ cookies: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, value: { exact: 'x' } })) }), false],
  ['cookie value with ;', group({ cookies: [{ name: 'a', value: { exact: 'x;y' } }] }), false],
  ['cookie regex with ;', group({ cookies: [{ name: 'a', value: { regex: 'x;y' } }] }), false],
  ['cookie name with =', group({ cookies: [{ name: 'a=b', value: { exact: 'x' } }] }), false],
  ['header value with newline', group({ headers: { a: { exact: 'x\ny' } } }), false],
  ['seventeen groups', { ...spec, traffic: { candidateWeight: 0, match: Array.from({ length: 17 }, () => ({ uri: { prefix: '/' } })) } }, false],
  ['unknown field', { ...spec, extra: true }, false],
  ['standard preset', { ...spec, ...PROGRESSIVE_PRESETS.standard.spec }, true],
  ['careful preset', { ...spec, ...PROGRESSIVE_PRESETS.careful.spec }, true],
  ['manual preset, paused', { ...spec, ...PROGRESSIVE_PRESETS.manual.spec, paused: true }, true],
  ['steps without analysis', { ...spec, steps: [{ weight: 20, pause: '1h30m' }, { weight: 100 }] }, true],
  ['custom metric', { ...spec, steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'custom', name: 'checkout', eventsQuery: 'sum by (destination_canonical_revision) (increase(x[{{window}}]))', totalQuery: 'sum by (destination_canonical_revision) (increase(y[{{window}}]))', direction: 'higher-is-better', marginPp: 2 }] } }, true],
  ['step weight 0', { ...spec, steps: [{ weight: 0, pause: '1m' }, { weight: 100 }] }, false],
  ['step weight 101', { ...spec, steps: [{ weight: 101 }] }, false],
  ['step pause 5 minutes', { ...spec, steps: [{ weight: 10, pause: '5 minutes' }, { weight: 100 }] }, false],
  ['step unknown field', { ...spec, steps: [{ weight: 100, wait: '1m' }] }, false],
  ['no steps', { ...spec, steps: [] }, false],
  ['threshold not a bucket edge', { ...spec, steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'slow-fraction', thresholdMs: 300, marginPp: 1 }] } }, false],
  ['margin 0', { ...spec, steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'error-rate', marginPp: 0 }] } }, false],
  ['alpha 0.5', { ...spec, steps: [{ weight: 100 }], analysis: { alpha: 0.5, metrics: [{ type: 'error-rate', marginPp: 1 }] } }, false],
  ['minSample 10', { ...spec, steps: [{ weight: 100 }], analysis: { minSample: 10, metrics: [{ type: 'error-rate', marginPp: 1 }] } }, false],
  ['unknown metric type', { ...spec, steps: [{ weight: 100 }], analysis: { metrics: [{ type: 'p95', marginPp: 1 }] } }, false],
  ['no metrics', { ...spec, steps: [{ weight: 100 }], analysis: { metrics: [] } }, false],
  ['unknown reporter', { ...spec, steps: [{ weight: 100 }], analysis: { reporter: 'both', metrics: [{ type: 'error-rate', marginPp: 1 }] } }, false],
  ['paused string', { ...spec, steps: [{ weight: 100 }], paused: 'yes' }, false],
  ['offline string', { ...spec, offline: 'yes' }, false],
];

describe('deploy/crd/grayscalerelease.yaml', () => {
  it('declares the resource as DESIGN.md says', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.metadata.name).toBe('grayscalereleases.graylane.io');
    expect(crd.spec.group).toBe('graylane.io');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({ kind: 'GrayscaleRelease', listKind: 'GrayscaleReleaseList', plural: 'grayscalereleases', singular: 'grayscalerelease', shortNames: ['gr'], categories: ['graylane'] });
    expect(crd.spec.versions.map((v: { name: string; served: boolean; storage: boolean }) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, true]]);
    expect(version.subresources).toEqual({ status: {} });
    expect(version.additionalPrinterColumns.map((c: { name: string; jsonPath: string }) => `${c.name}=${c.jsonPath}`)).toEqual([
      'Strategy=.spec.strategy',
      'Service=.spec.service',
      'Baseline=.spec.baseline.version',
      'Candidate=.spec.candidate.version',
      'Weight=.spec.traffic.candidateWeight',
      'TakeOver=.spec.takeOver',
      'Step=.status.progress.step',
      'Phase=.status.phase',
      'Age=.metadata.creationTimestamp',
    ]);
    expect(root.properties!.status.properties!.phase.enum).toEqual(['Pending', 'WaitingForCandidate', 'Progressing', 'TakenOver', 'Completing', 'Completed', 'Failed']);
  });

  it('uses the same patterns and bounds as the zod schema', () => {
    const p = specSchema.properties!;
    expect(p.service.pattern).toBe(PATTERNS.dns1035Label);
    expect(p.baseline.properties!.version.pattern).toBe(PATTERNS.labelValue);
    expect(p.candidate.properties!.version.pattern).toBe(PATTERNS.candidateVersion);
    expect(p.candidate.properties!.version.maxLength).toBe(LIMITS.candidateVersionMax);
    expect(p.candidate.properties!.images.additionalProperties!.pattern).toBe(PATTERNS.image);
    const g = p.traffic.properties!.match.items!.properties!;
    expect(g.cookies.items!.properties!.name.pattern).toBe(PATTERNS.cookieName);
    expect(g.cookies.items!.properties!.value.properties!.exact.pattern).toBe(PATTERNS.cookieValue);
    expect(g.headers.additionalProperties!.properties!.exact.pattern).toBe(PATTERNS.printable);
    expect(g.uri.properties!.prefix.pattern).toBe(PATTERNS.uriPath);
    expect(root.properties!.metadata.properties!.name.pattern).toBe(PATTERNS.dns1123Label);
  });

  it('carries CEL rules for the cross-field checks OpenAPI cannot express', () => {
    const messages = specSchema['x-kubernetes-validations']!.map((v) => v.message);
    expect(messages).toEqual([
      'spec.candidate.version must differ from spec.baseline.version',
      'spec.takeOver must be empty, the baseline version or the candidate version',
      'spec.traffic.mirrorPercent is required for the Mirror strategy',
      'spec.traffic.mirrorPercent is only allowed with the Mirror strategy',
      'spec.traffic.candidateWeight must be 0 for Mirror',
      'spec.traffic.match is only allowed with the Canary strategy',
      'spec.traffic.candidateWeight must be 0 or 100 for BlueGreen',
      'spec.steps is only allowed with the Canary strategy',
      'spec.analysis needs spec.steps (it gates each step)',
      'spec.paused needs spec.steps (it pauses the schedule)',
    ]);
    const steps = specSchema.properties!.steps['x-kubernetes-validations']!.map((v) => v.message);
    expect(steps).toEqual(['the last step must be weight 100 (take over)', 'step weights must be strictly increasing', 'every step before the take over needs a pause']);
  });

  it('declares every status.progress field the controller writes (the API server prunes the rest)', () => {
    const progress = root.properties!.status.properties!.progress.properties!;
    expect(Object.keys(progress).sort()).toEqual(
      ['step', 'stepIndex', 'stepCount', 'phase', 'appliedWeight', 'stepStartedAt', 'analysisStartedAt', 'lastLookAt', 'nextLookAt', 'message', 'lastVerdict', 'history', 'decisions', 'handedOver'].sort(),
    );
    expect(progress.phase.enum).toEqual(['running', 'paused', 'awaiting-decision', 'rolled-back', 'completed']);
    expect((progress.lastVerdict as Record<string, unknown>)['x-kubernetes-preserve-unknown-fields']).toBe(true);
    const a = specSchema.properties!.analysis.properties!;
    expect(a.metrics.items!.properties!.thresholdMs.enum).toEqual([...ISTIO_DURATION_BUCKETS_MS]);
  });

  it.each(CASES)('agrees with zod on %s', (_what, value, valid) => {
    const zodOk = validateReleaseSpec(value).ok;
    const openApi = openApiErrors(specSchema, JSON.parse(JSON.stringify(value)));
    expect(zodOk, JSON.stringify(validateReleaseSpec(value))).toBe(valid);
    expect(openApi.length === 0, openApi.join('; ')).toBe(valid);
  });
});
