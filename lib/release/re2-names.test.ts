import { describe, expect, it } from 'vitest';
import { candidateDeploymentName, subsetNameFor } from './names';
import { escapeRegex, re2Problem } from './re2';
import { httpPorts } from './service-ports';
import { reviewsService, reviewsV1 } from './fixtures.test-helpers';
import { suggestCandidateImages } from './candidate-deployment';

describe('re2Problem', () => {
  it.each(['jason', '^/api/v[0-9]+/.*$', 'a|b', '(?:x)+', '[(?=]', '\\(?=', 'a{2,3}', '\\d+\\.\\d+', '[^\\]a]'])('accepts %s', (p) => {
    expect(re2Problem(p)).toBeNull();
  });
  it.each([
    ['a(?=b)', 'lookahead'],
    ['a(?!b)', 'lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'only plain'],
    ['(?>a)', 'atomic'],
    ['a*+', 'possessive'],
    ['a{2}+', 'possessive'],
    ['(?i)abc', 'only plain'],
    ['\\y', 'escape'],
    ['[abc', 'unterminated'],
    ['a)', 'not a valid'],
    ['abc\\', 'lone backslash'],
    ['[^]a]', 'escape it'],
    ['[]a]', 'escape it'],
  ])('refuses %s', (p, text) => {
    expect(re2Problem(p)).toContain(text);
  });
  it('escapes metacharacters', () => {
    expect(escapeRegex('a.b*c(d)[e]{f}|g^h$i+j?k\\')).toBe('a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\+j\\?k\\\\');
  });
});

describe('names', () => {
  it.each([
    ['v1', 'v1'],
    ['V1', 'v1'],
    ['1.2.0', '1-2-0'],
    ['release_2024.01', 'release-2024-01'],
    ['a..b', 'a-b'],
  ])('subset for %s is %s', (version, subset) => {
    expect(subsetNameFor(version)).toBe(subset);
  });
  it('derives candidate Deployment names', () => {
    expect(candidateDeploymentName('reviews-v1', 'v1', 'v2')).toBe('reviews-v2');
    expect(candidateDeploymentName('reviews', 'v1', 'v2')).toBe('reviews-v2');
    expect(candidateDeploymentName('reviews-v1-extra', 'v1', 'v2')).toBe('reviews-v1-extra-v2');
    expect(candidateDeploymentName('reviews-1-2-0', '1.2.0', 'v2')).toBe('reviews-v2');
    expect(candidateDeploymentName('v1', 'v1', 'v2')).toBe('v1-v2');
  });
});

describe('httpPorts', () => {
  it('follows Istio protocol selection', () => {
    const service = reviewsService({
      ports: [
        { port: 1, name: 'http' },
        { port: 2, name: 'http2-x' },
        { port: 3, name: 'grpc-web' },
        { port: 4 },
        { port: 5, name: 'web', appProtocol: 'http' },
        { port: 6, name: 'https' },
        { port: 7, name: 'tcp-db' },
        { port: 8, name: 'http', appProtocol: 'tcp' },
        { port: 9, name: 'dns', protocol: 'UDP' },
        { port: 10, name: 'mongo' },
      ],
    });
    expect(httpPorts(service).map((p) => p.port)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('suggestCandidateImages', () => {
  it('replaces the version token in images that carry it', () => {
    const d = reviewsV1();
    d.spec.template.spec.containers.push({ name: 'tagged', image: 'registry.example.com/app:v1.2' });
    expect(suggestCandidateImages(d, 'v1', 'v2')).toEqual({ reviews: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3' });
  });
});
