import { describe, expect, it } from 'vitest';
import { canarySpec, reviewsService, reviewsV1 } from './fixtures.test-helpers';
import { RELEASE_LABEL } from './managed';
import type { Deployment, DestinationRule } from './types';
import { validateRelease, validateReleaseContext, validateReleaseSpec } from './validate';

const fields = (input: unknown) => {
  const r = validateReleaseSpec(input);
  return r.ok ? [] : r.errors.map((e) => e.field);
};
const messages = (input: unknown) => {
  const r = validateReleaseSpec(input);
  return r.ok ? [] : r.errors.map((e) => e.message);
};
const withMatch = (match: unknown) => ({ ...canarySpec(), traffic: { candidateWeight: 0, match } });

describe('validateReleaseSpec', () => {
  it('accepts the DESIGN.md example and applies defaults', () => {
    const r = validateReleaseSpec({
      strategy: 'Canary',
      service: 'reviews',
      baseline: { version: 'v1' },
      candidate: { version: 'v2', images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
      traffic: {
        candidateWeight: 30,
        match: [{ headers: { 'end-user': { exact: 'jason' } }, cookies: [{ name: 'user', value: { exact: 'jason' } }], uri: { prefix: '/api' }, os: ['Android', 'iOS'], browsers: ['Chrome', 'Firefox'] }],
      },
      takeOver: '',
      offline: false,
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.candidate.replicas).toBe(1);
    const minimal = validateReleaseSpec({ strategy: 'BlueGreen', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2' } });
    expect(minimal).toEqual({
      ok: true,
      value: { strategy: 'BlueGreen', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1 }, traffic: { candidateWeight: 0 } },
    });
  });

  it('names the field in every error', () => {
    const r = validateReleaseSpec({ ...canarySpec(), candidate: { version: 'V2!', replicas: 1 } });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'spec.candidate.version', message: 'spec.candidate.version: must be lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. v2)' }],
    });
  });

  it.each([
    ['strategy', { strategy: 'Rolling' }, 'spec.strategy'],
    ['service uppercase', { service: 'Reviews' }, 'spec.service'],
    ['service starting with a digit', { service: '1reviews' }, 'spec.service'],
    ['service too long', { service: 'a'.repeat(64) }, 'spec.service'],
    ['baseline version with spaces', { baseline: { version: 'v 1' } }, 'spec.baseline.version'],
    ['candidate version too long', { candidate: { version: 'v12345678901234567', replicas: 1 } }, 'spec.candidate.version'],
    ['candidate version with dot', { candidate: { version: 'v2.0', replicas: 1 } }, 'spec.candidate.version'],
    ['candidate equal to baseline', { candidate: { version: 'v1', replicas: 1 } }, 'spec.candidate.version'],
    ['replicas 0', { candidate: { version: 'v2', replicas: 0 } }, 'spec.candidate.replicas'],
    ['replicas 101', { candidate: { version: 'v2', replicas: 101 } }, 'spec.candidate.replicas'],
    ['replicas fractional', { candidate: { version: 'v2', replicas: 1.5 } }, 'spec.candidate.replicas'],
    ['image with spaces', { candidate: { version: 'v2', replicas: 1, images: { reviews: 'bad image:1' } } }, 'spec.candidate.images.reviews'],
    ['image upper-case path', { candidate: { version: 'v2', replicas: 1, images: { reviews: 'Team/App:1' } } }, 'spec.candidate.images.reviews'],
    ['image with newline', { candidate: { version: 'v2', replicas: 1, images: { reviews: 'app:1\n' } } }, 'spec.candidate.images.reviews'],
    ['container name invalid', { candidate: { version: 'v2', replicas: 1, images: { Reviews_X: 'app:1' } } }, 'spec.candidate.images.Reviews_X'],
    ['weight 101', { traffic: { candidateWeight: 101 } }, 'spec.traffic.candidateWeight'],
    ['weight -1', { traffic: { candidateWeight: -1 } }, 'spec.traffic.candidateWeight'],
    ['weight 30.5', { traffic: { candidateWeight: 30.5 } }, 'spec.traffic.candidateWeight'],
    ['weight as string', { traffic: { candidateWeight: '30' } }, 'spec.traffic.candidateWeight'],
    ['mirrorPercent on Canary', { traffic: { candidateWeight: 0, mirrorPercent: 50 } }, 'spec.traffic.mirrorPercent'],
    ['takeOver unknown version', { takeOver: 'v3' }, 'spec.takeOver'],
    ['unknown field', { traffic: { candidateWieght: 30 } }, 'spec.traffic.candidateWieght'],
    ['offline not boolean', { offline: 'yes' }, 'spec.offline'],
  ])('refuses %s', (_what, patch, field) => {
    expect(fields({ ...canarySpec(), ...patch })).toContain(field);
  });

  it('accepts real image references', () => {
    for (const image of [
      'nginx',
      'nginx:1.27',
      'library/nginx:1.27-alpine',
      'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3',
      'registry.example.com:5000/team/app_name__x/app:v1.2.3',
      'localhost:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'ghcr.io/org/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ]) {
      expect(fields({ ...canarySpec(), candidate: { version: 'v2', replicas: 1, images: { reviews: image } } }), image).toEqual([]);
    }
  });

  it('accepts label-value baselines and refuses a candidate whose subset name collides', () => {
    expect(fields({ ...canarySpec(), baseline: { version: '1.2.0_rc' } })).toEqual([]);
    expect(messages({ ...canarySpec(), baseline: { version: 'V2' } })).toEqual([
      'spec.candidate.version: collides with the baseline version V2: both become the subset name "v2"',
    ]);
    expect(fields({ ...canarySpec(), baseline: { version: 'v1.0' }, candidate: { version: 'v1-0', replicas: 1 } })).toEqual(['spec.candidate.version']);
  });

  describe('strategies', () => {
    const mirror = { ...canarySpec(), strategy: 'Mirror' };
    it('Mirror needs mirrorPercent 1..100, weight 0 and no match', () => {
      expect(fields({ ...mirror, traffic: { candidateWeight: 0, mirrorPercent: 50 } })).toEqual([]);
      expect(fields({ ...mirror, traffic: { candidateWeight: 0 } })).toEqual(['spec.traffic.mirrorPercent']);
      expect(fields({ ...mirror, traffic: { candidateWeight: 0, mirrorPercent: 0 } })).toEqual(['spec.traffic.mirrorPercent']);
      expect(fields({ ...mirror, traffic: { candidateWeight: 0, mirrorPercent: 101 } })).toEqual(['spec.traffic.mirrorPercent']);
      expect(fields({ ...mirror, traffic: { candidateWeight: 20, mirrorPercent: 50 } })).toEqual(['spec.traffic.candidateWeight']);
      expect(fields({ ...mirror, traffic: { candidateWeight: 0, mirrorPercent: 50, match: [{ uri: { prefix: '/' } }] } })).toEqual(['spec.traffic.match']);
    });
    it('BlueGreen allows weight 0 or 100 and no match', () => {
      const bg = { ...canarySpec(), strategy: 'BlueGreen' };
      expect(fields({ ...bg, traffic: { candidateWeight: 0 } })).toEqual([]);
      expect(fields({ ...bg, traffic: { candidateWeight: 100 } })).toEqual([]);
      expect(fields({ ...bg, traffic: { candidateWeight: 50 } })).toEqual(['spec.traffic.candidateWeight']);
      expect(fields({ ...bg, traffic: { candidateWeight: 0, match: [{ uri: { prefix: '/' } }] } })).toEqual(['spec.traffic.match']);
    });
    it('Canary accepts weight, match, or both', () => {
      expect(fields({ ...canarySpec(), traffic: { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } })).toEqual([]);
    });
  });

  describe('match groups', () => {
    it('refuses an empty group and empty condition lists', () => {
      expect(messages(withMatch([{}]))).toEqual(['spec.traffic.match[0]: an empty condition group would match every request: add a condition or remove the group']);
      expect(fields(withMatch([{ headers: {} }]))).toEqual(['spec.traffic.match[0].headers']);
      expect(fields(withMatch([{ cookies: [] }]))).toEqual(['spec.traffic.match[0].cookies']);
      expect(fields(withMatch([{ os: [] }]))).toEqual(['spec.traffic.match[0].os']);
      expect(fields(withMatch([{ uri: {} }]))).toEqual(['spec.traffic.match[0].uri']);
    });
    it('accepts every condition kind', () => {
      for (const group of [
        { headers: { 'end-user': { exact: 'jason' } } },
        { headers: { 'x-api-version': { prefix: '2.' } } },
        { headers: { 'x-tenant': { regex: 'team-(a|b)[0-9]+' } } },
        { cookies: [{ name: 'user', value: { exact: 'jason' } }] },
        { cookies: [{ name: 'user', value: { regex: 'j.*' } }] },
        { uri: { exact: '/productpage' } },
        { uri: { prefix: '/api/v2' } },
        { uri: { regex: '/reviews/[0-9]+' } },
        { os: ['Windows', 'macOS', 'Linux', 'Android', 'iOS'] },
        { browsers: ['Chrome', 'Firefox', 'Safari', 'Edge'] },
      ]) {
        expect(fields(withMatch([group])), JSON.stringify(group)).toEqual([]);
      }
    });
    it.each([
      ['upper-case header', { headers: { 'End-User': { exact: 'jason' } } }, 'spec.traffic.match[0].headers.End-User', 'header names must be lower-case (write "end-user")'],
      ['header with space', { headers: { 'end user': { exact: 'jason' } } }, 'spec.traffic.match[0].headers.end user', 'is not a valid HTTP header name'],
      ['header with colon', { headers: { 'x:y': { exact: 'a' } } }, 'spec.traffic.match[0].headers.x:y', 'is not a valid HTTP header name'],
      ['pseudo-header', { headers: { ':path': { exact: '/' } } }, 'spec.traffic.match[0].headers.:path', 'pseudo-headers'],
      ['host header', { headers: { host: { exact: 'a' } } }, 'spec.traffic.match[0].headers.host', 'hop-by-hop or host'],
      ['hop-by-hop header', { headers: { connection: { exact: 'close' } } }, 'spec.traffic.match[0].headers.connection', 'hop-by-hop'],
      ['two match kinds', { headers: { a: { exact: 'x', prefix: 'y' } } }, 'spec.traffic.match[0].headers.a', 'exactly one of exact, prefix, regex'],
      ['header value with CR', { headers: { a: { exact: 'x\r\ny' } } }, 'spec.traffic.match[0].headers.a.exact', 'control characters'],
      ['lookahead', { headers: { a: { regex: 'foo(?=bar)' } } }, 'spec.traffic.match[0].headers.a.regex', 'lookahead'],
      ['negative lookahead', { uri: { regex: '^(?!/admin).*' } }, 'spec.traffic.match[0].uri.regex', 'lookahead'],
      ['lookbehind', { headers: { a: { regex: '(?<=x)y' } } }, 'spec.traffic.match[0].headers.a.regex', 'lookbehind'],
      ['negative lookbehind', { headers: { a: { regex: '(?<!x)y' } } }, 'spec.traffic.match[0].headers.a.regex', 'lookbehind'],
      ['backreference', { headers: { a: { regex: '(a)\\1' } } }, 'spec.traffic.match[0].headers.a.regex', 'backreferences'],
      ['atomic group', { headers: { a: { regex: '(?>a+)b' } } }, 'spec.traffic.match[0].headers.a.regex', 'atomic'],
      ['possessive quantifier', { headers: { a: { regex: 'a++b' } } }, 'spec.traffic.match[0].headers.a.regex', 'possessive'],
      ['broken regex', { headers: { a: { regex: '(abc' } } }, 'spec.traffic.match[0].headers.a.regex', 'not a valid regular expression'],
      ['uri without slash', { uri: { prefix: 'api' } }, 'spec.traffic.match[0].uri.prefix', 'starting with "/"'],
      ['cookie name with =', { cookies: [{ name: 'a=b', value: { exact: 'x' } }] }, 'spec.traffic.match[0].cookies[0].name', 'cookie name'],
      ['cookie value with ;', { cookies: [{ name: 'a', value: { exact: 'x;y' } }] }, 'spec.traffic.match[0].cookies[0].value.exact', 'cookie value'],
      ['cookie regex with ;', { cookies: [{ name: 'a', value: { regex: 'x;y' } }] }, 'spec.traffic.match[0].cookies[0].value.regex', '";"'],
      ['cookie regex lookahead', { cookies: [{ name: 'a', value: { regex: '(?!x)y' } }] }, 'spec.traffic.match[0].cookies[0].value.regex', 'lookahead'],
      ['same cookie twice', { cookies: [{ name: 'a', value: { exact: 'x' } }, { name: 'a', value: { exact: 'y' } }] }, 'spec.traffic.match[0].cookies', 'same cookie twice'],
      ['five cookies', { cookies: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, value: { exact: 'x' } })) }, 'spec.traffic.match[0].cookies', 'at most 4'],
      ['unknown OS', { os: ['BeOS'] }, 'spec.traffic.match[0].os[0]', 'must be one of Windows, macOS, Linux, Android, iOS'],
      ['repeated browser', { browsers: ['Chrome', 'Chrome'] }, 'spec.traffic.match[0].browsers', 'must not repeat'],
      ['user-agent with presets', { headers: { 'user-agent': { prefix: 'curl' } }, os: ['Linux'] }, 'spec.traffic.match[0].headers.user-agent', 'cannot be combined'],
      ['cookie header with cookies', { headers: { cookie: { regex: '.*' } }, cookies: [{ name: 'a', value: { exact: 'x' } }] }, 'spec.traffic.match[0].headers.cookie', 'cannot be combined'],
      ['unknown condition', { query: { a: { exact: 'b' } } }, 'spec.traffic.match[0].query', 'unknown field'],
    ])('refuses %s', (_what, group, field, text) => {
      const r = validateReleaseSpec(withMatch([{ uri: { prefix: '/' } }, group]));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const expectedField = field.replace('match[0]', 'match[1]');
      const hit = r.errors.find((e) => e.field === expectedField);
      expect(hit, JSON.stringify(r.errors)).toBeDefined();
      expect(hit?.message).toContain(text);
    });
  });
});

describe('validateRelease', () => {
  it('checks the name as a DNS-1123 label of at most 63 characters', () => {
    expect(validateRelease({ name: 'canary-release', spec: canarySpec() }).ok).toBe(true);
    const r = validateRelease({ name: 'Canary_Release', spec: { ...canarySpec(), service: '' } });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['metadata.name', 'spec.service', 'spec.service']);
    expect(validateRelease({ name: 'a'.repeat(64), spec: canarySpec() }).ok).toBe(false);
  });
});

describe('validateReleaseContext', () => {
  const base = () => ({
    releaseName: 'canary-release',
    service: reviewsService(),
    baselineDeployment: reviewsV1(),
    deployments: [reviewsV1()],
    activeReleases: [] as Array<{ name: string; service: string }>,
  });
  const v2 = (labels: Record<string, string> = {}): Deployment => {
    const d = reviewsV1();
    d.metadata.name = 'reviews-v2';
    d.metadata.labels = { app: 'reviews', version: 'v2', ...labels };
    d.spec.template.metadata = { labels: { app: 'reviews', version: 'v2' } };
    return d;
  };

  it('accepts a job whose facts are fine, including its own candidate', () => {
    expect(validateReleaseContext(canarySpec(), base())).toEqual([]);
    expect(validateReleaseContext(canarySpec(), { ...base(), deployments: [reviewsV1(), v2({ [RELEASE_LABEL]: 'canary-release' })] })).toEqual([]);
  });

  it('refuses a second active job for the same Service', () => {
    expect(validateReleaseContext(canarySpec(), { ...base(), activeReleases: [{ name: 'older-job', service: 'reviews' }, { name: 'canary-release', service: 'reviews' }] })).toEqual([
      {
        field: 'spec.service',
        message: 'spec.service: Service reviews already has an active release job "older-job"; take that job offline or delete it first (one active job per Service)',
      },
    ]);
  });

  it('refuses an unknown service and a missing baseline', () => {
    expect(validateReleaseContext(canarySpec(), { ...base(), service: null })).toEqual([{ field: 'spec.service', message: 'spec.service: Service reviews was not found in this namespace' }]);
    expect(validateReleaseContext(canarySpec(), { ...base(), baselineDeployment: null })).toEqual([
      { field: 'spec.baseline.version', message: 'spec.baseline.version: no Deployment of Service reviews has pods labelled version=v1' },
    ]);
  });

  it('refuses a Service without HTTP ports or selector', () => {
    const tcpOnly = reviewsService({ ports: [{ port: 5432, name: 'tcp-postgres' }], selector: {} });
    expect(validateReleaseContext(canarySpec(), { ...base(), service: tcpOnly }).map((e) => e.message)).toEqual([
      'spec.service: Service reviews has no pod selector, so its versions cannot be told apart',
      'spec.service: Service reviews has no HTTP port (name ports http/http-*/grpc-* or set appProtocol: http)',
    ]);
  });

  it('refuses images for containers the baseline does not have', () => {
    const spec = canarySpec({ candidate: { version: 'v2', replicas: 1, images: { review: 'app:1' } } });
    expect(validateReleaseContext(spec, base())).toEqual([
      { field: 'spec.candidate.images.review', message: 'spec.candidate.images.review: Deployment reviews-v1 has no container named review (containers: reviews, sidecar-helper)' },
    ]);
  });

  it('refuses a candidate version or name that already exists unmanaged', () => {
    expect(validateReleaseContext(canarySpec(), { ...base(), deployments: [reviewsV1(), v2()] })).toEqual([
      { field: 'spec.candidate.version', message: 'spec.candidate.version: Deployment reviews-v2 already exists and is not managed by this job; choose another version' },
    ]);
    const other = v2();
    other.metadata.name = 'reviews-new';
    expect(validateReleaseContext(canarySpec(), { ...base(), deployments: [reviewsV1(), other] }).map((e) => e.message)).toEqual([
      'spec.candidate.version: version v2 of Service reviews is already running (Deployment reviews-new); choose another version',
    ]);
  });

  it('refuses subset name collisions with an existing DestinationRule', () => {
    const dr: DestinationRule = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v3' } }] },
    };
    expect(validateReleaseContext(canarySpec(), { ...base(), destinationRule: dr })).toEqual([
      {
        field: 'spec.candidate.version',
        message: 'spec.candidate.version: DestinationRule reviews already has a subset "v2" with other labels ({"version":"v3"}); rename that subset or choose another version',
      },
    ]);
  });
});
