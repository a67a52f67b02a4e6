import { describe, expect, it } from 'vitest';
import { fnv1a32, podName, podNamePrefix, podTemplateHash, randomSuffix, SAFE_ALPHABET, safeEncodeString } from './pod-naming';
import { stableStringify } from './stable-json';

const template = {
  metadata: { labels: { app: 'reviews', version: 'v1' } },
  spec: { containers: [{ name: 'reviews', image: 'kubesphere/examples-bookinfo-reviews-v1:1.13.0', ports: [{ containerPort: 9080 }] }] },
};

describe('fnv1a32', () => {
  it('matches the reference FNV-1a values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('safeEncodeString', () => {
  it('maps every character into the safe alphabet like rand.SafeEncodeString', () => {
    // '0' is 48, 48 % 27 = 21 -> '5'
    expect(safeEncodeString('0')).toBe(SAFE_ALPHABET[48 % 27]);
    expect(safeEncodeString('1234567890')).toMatch(new RegExp(`^[${SAFE_ALPHABET}]{10}$`));
  });
});

describe('podTemplateHash', () => {
  it('is stable, key-order independent and 8-10 safe characters', () => {
    const h = podTemplateHash(template);
    expect(h).toMatch(new RegExp(`^[${SAFE_ALPHABET}]{8,10}$`));
    expect(podTemplateHash(structuredClone(template))).toBe(h);
    const reordered = { spec: template.spec, metadata: { labels: { version: 'v1', app: 'reviews' } } };
    expect(podTemplateHash(reordered)).toBe(h);
  });

  it('ignores an existing pod-template-hash label and changes with the template or collision count', () => {
    const h = podTemplateHash(template);
    const labelled = structuredClone(template) as any;
    labelled.metadata.labels['pod-template-hash'] = 'whatever';
    expect(podTemplateHash(labelled)).toBe(h);
    const changed = structuredClone(template);
    changed.spec.containers[0].image = 'kubesphere/examples-bookinfo-reviews-v2:1.13.0';
    expect(podTemplateHash(changed)).not.toBe(h);
    expect(podTemplateHash(template, 1)).not.toBe(h);
  });

  it('does not mutate its input', () => {
    const t = structuredClone(template) as any;
    t.metadata.labels['pod-template-hash'] = 'x';
    podTemplateHash(t);
    expect(t.metadata.labels['pod-template-hash']).toBe('x');
  });
});

describe('names', () => {
  it('builds <deployment>-<hash>-<5 safe chars>', () => {
    expect(podName('reviews-v1', 'abc', () => 0)).toBe('reviews-v1-abc-bbbbb');
    expect(podName('reviews-v1', '7d4f9b8c6x')).toMatch(new RegExp(`^reviews-v1-7d4f9b8c6x-[${SAFE_ALPHABET}]{5}$`));
    expect(randomSuffix(5, () => 0.999)).toBe('99999');
  });

  it('truncates long prefixes to 58 characters as generateName does', () => {
    const prefix = podNamePrefix('a'.repeat(60), 'hash');
    expect(prefix).toHaveLength(58);
    expect(podName('a'.repeat(60), 'hash').length).toBe(63);
  });

  it('stableStringify sorts keys and drops undefined', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});
