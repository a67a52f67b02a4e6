import { describe, expect, it } from 'vitest';
import type { ServiceView } from '@/lib/api/types';
import { validateReleaseSpec } from '@/lib/release/validate';
import { buildCreateRequest, candidateImage, initialWizardState, mapServerFields, serviceUnavailableReason, stepOfField, suggestNextVersion, validateStep, wizardFieldFor, type WizardState } from './release-wizard';

function svc(over: Partial<ServiceView> = {}): ServiceView {
  return {
    name: 'reviews',
    app: 'bookinfo',
    ports: [{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: null }],
    selector: { app: 'reviews' },
    versions: [{ version: 'v1', deployment: 'reviews-v1', replicas: 1, readyReplicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v1:1.13.0' }, status: 'running', createdAt: null, pods: [] }],
    ...over,
  };
}

function filled(over: Partial<WizardState> = {}): WizardState {
  return {
    ...initialWizardState('Canary'),
    name: 'canary-release',
    app: 'bookinfo',
    service: 'reviews',
    baselineVersion: 'v1',
    version: 'v2',
    images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' },
    candidateWeight: 30,
    ...over,
  };
}

describe('step validation', () => {
  it('requires a DNS-1123 name', () => {
    expect(validateStep('basic', filled({ name: '' })).name).toMatch(/Enter a name/);
    expect(validateStep('basic', filled({ name: 'Canary_1' })).name).toMatch(/DNS-1123/);
    expect(validateStep('basic', filled({ name: 'a'.repeat(64) })).name).toMatch(/63/);
    expect(validateStep('basic', filled())).toEqual({});
  });
  it('requires an application and an available service', () => {
    expect(validateStep('service', filled({ app: '', service: '' }))).toEqual({ app: 'Choose an application.', service: 'Choose the service to release.' });
    expect(validateStep('service', filled(), { services: [svc({ activeRelease: 'other' })] }).service).toMatch(/"other" is already active/);
    expect(validateStep('service', filled(), { services: [svc()] })).toEqual({});
  });
  it('checks version, replicas and images', () => {
    const e = validateStep('version', filled({ version: 'v1', replicas: '0', images: { reviews: 'has space:1' } }));
    expect(e.version).toMatch(/differ from the running version v1/);
    expect(e.replicas).toMatch(/Between 1 and 100/);
    expect(e['images.reviews']).toMatch(/image reference/);
    expect(validateStep('version', filled({ version: 'V2' })).version).toMatch(/lower-case/);
    expect(validateStep('version', filled({ replicas: '1.5' })).replicas).toMatch(/whole number/);
    expect(validateStep('version', filled())).toEqual({});
  });
  it('checks condition groups and mirror percentages', () => {
    const s = filled({ canaryMode: 'content', groups: [] });
    expect(validateStep('strategy', s).groups).toMatch(/at least one condition group/);
    const bad = filled({
      canaryMode: 'content',
      groups: [
        { id: 'g', conditions: [{ id: 'c', kind: 'header', name: 'End User', op: 'exact', value: 'jason', presets: [] }] },
        { id: 'h', conditions: [] },
      ],
    });
    const errors = validateStep('strategy', bad);
    expect(errors['groups.0.0']).toMatch(/Header names/);
    expect(errors['groups.1']).toMatch(/at least one condition/);
    expect(validateStep('strategy', filled({ strategy: 'Mirror', mirrorPercent: 0 })).mirrorPercent).toMatch(/between 1 and 100/);
  });
});

describe('request building', () => {
  it('builds the canary request the API contract expects, valid by the shared schema', () => {
    const req = buildCreateRequest(filled({ replicas: '2' }));
    expect(req).toEqual({
      name: 'canary-release',
      spec: {
        strategy: 'Canary',
        service: 'reviews',
        baseline: { version: 'v1' },
        candidate: { version: 'v2', replicas: 2, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
        traffic: { candidateWeight: 30 },
      },
    });
    expect(validateReleaseSpec(req.spec).ok).toBe(true);
  });
  it('compiles content conditions, blue-green targets and mirror percentages', () => {
    const content = buildCreateRequest(
      filled({
        canaryMode: 'content',
        candidateWeight: 20,
        groups: [
          {
            id: 'g',
            conditions: [
              { id: '1', kind: 'header', name: 'end-user', op: 'exact', value: 'jason', presets: [] },
              { id: '2', kind: 'cookie', name: 'user', op: 'exact', value: 'jason', presets: [] },
              { id: '3', kind: 'uri', name: '', op: 'prefix', value: '/api', presets: [] },
              { id: '4', kind: 'os', name: '', op: 'exact', value: '', presets: ['Android'] },
              { id: '5', kind: 'browser', name: '', op: 'exact', value: '', presets: ['Chrome', 'Nope'] },
            ],
          },
        ],
      }),
    );
    expect(content.spec.traffic).toEqual({
      candidateWeight: 20,
      match: [{ headers: { 'end-user': { exact: 'jason' } }, cookies: [{ name: 'user', value: { exact: 'jason' } }], uri: { prefix: '/api' }, os: ['Android'], browsers: ['Chrome'] }],
    });
    expect(validateReleaseSpec(content.spec).ok).toBe(true);
    expect(buildCreateRequest(filled({ strategy: 'BlueGreen', blueGreenTarget: 'candidate' })).spec.traffic).toEqual({ candidateWeight: 100 });
    expect(buildCreateRequest(filled({ strategy: 'Mirror', mirrorPercent: 50 })).spec.traffic).toEqual({ candidateWeight: 0, mirrorPercent: 50 });
  });
  it('drops empty images so the baseline image is kept', () => {
    expect(buildCreateRequest(filled({ images: { reviews: ' ' } })).spec.candidate).toEqual({ version: 'v2', replicas: 1 });
  });
});

describe('prefill helpers', () => {
  it('replaces the version token in the image', () => {
    expect(candidateImage('kubesphere/examples-bookinfo-reviews-v1:1.13.0', 'v1', 'v2')).toBe('kubesphere/examples-bookinfo-reviews-v2:1.13.0');
    expect(candidateImage('registry:5000/app:v1', 'v1', 'v2')).toBe('registry:5000/app:v1');
    expect(candidateImage('nginx:1.25', 'v1', 'v2')).toBe('nginx:1.25');
  });
  it('suggests the next version', () => {
    expect(suggestNextVersion('v1')).toBe('v2');
    expect(suggestNextVersion('v1', ['v2'])).toBe('v3');
    expect(suggestNextVersion('stable')).toBe('');
  });
  it('explains unavailable services', () => {
    expect(serviceUnavailableReason(svc())).toBeNull();
    expect(serviceUnavailableReason(svc({ versions: [] }))).toBe('No Deployment runs this service');
    expect(serviceUnavailableReason(svc({ inMesh: false, notInMeshReason: 'namespace has istio-injection=disabled' }))).toBe('namespace has istio-injection=disabled');
    expect(serviceUnavailableReason(svc({ inMesh: false }))).toBe('The service is not in the mesh (no Istio sidecar)');
    expect(serviceUnavailableReason(svc({ inMesh: true }))).toBeNull();
    expect(serviceUnavailableReason(svc({ selector: {} }))).toBe('The service has no pod selector');
  });
});

describe('server field errors', () => {
  it('maps API field paths to wizard fields and steps', () => {
    expect(wizardFieldFor('spec.candidate.version')).toBe('version');
    expect(wizardFieldFor('name')).toBe('name');
    expect(wizardFieldFor('spec.candidate.images.reviews')).toBe('images.reviews');
    expect(wizardFieldFor('spec.traffic.match[0].headers.X')).toBe('groups');
    expect(wizardFieldFor('spec.baseline.version')).toBe('service');
    expect(wizardFieldFor('something.else')).toBe('form');
    expect(stepOfField('images.reviews')).toBe('version');
    const mapped = mapServerFields([
      { field: 'spec.candidate.version', message: 'spec.candidate.version: must differ from the baseline' },
      { field: 'spec.service', message: 'already has an active job' },
    ]);
    expect(mapped).toEqual({ errors: { version: 'must differ from the baseline', service: 'already has an active job' }, step: 'service' });
  });
});
