import { describe, expect, it } from 'vitest';
import { confineCookieValueRegex, cookieHeaderRegex } from './cookie-match';
import { re2Problem } from './re2';
import type { CookieCondition } from './types';

const fullMatch = (re: string, s: string) => new RegExp(`^(?:${re})$`).test(s);
const search = (re: string, s: string) => new RegExp(re).test(s);
const both = (re: string, s: string) => {
  const a = fullMatch(re, s);
  expect(search(re, s), `search vs full match on ${s}`).toBe(a);
  return a;
};

const user = (value: CookieCondition['value']): CookieCondition => ({ name: 'user', value });

describe('cookieHeaderRegex', () => {
  it('compiles an exact condition to the documented regex', () => {
    expect(cookieHeaderRegex([user({ exact: 'jason' })])).toBe('^(?:.*; *)?user=jason *(?:;.*)?$');
  });

  it.each([
    ['user=jason', true],
    ['user=jason; theme=dark', true],
    ['session=abc123; user=jason', true],
    ['session=abc123;user=jason;theme=dark', true],
    ['_ga=GA1.1.123.456; user=jason; _gid=GA1.2.789', true],
    ['xuser=jason', false],
    ['session=abc; xuser=jason', false],
    ['user=jasonx', false],
    ['user=jaso', false],
    ['user=; other=jason', false],
    ['theme=user=jason', false],
    ['', false],
    ['USER=jason', false],
  ])('exact user=jason against %j -> %s', (header, expected) => {
    const re = cookieHeaderRegex([user({ exact: 'jason' })]);
    expect(both(re, header)).toBe(expected);
  });

  it('escapes exact values and names', () => {
    const re = cookieHeaderRegex([{ name: 'a.b', value: { exact: 'x+y.z' } }]);
    expect(re2Problem(re)).toBeNull();
    expect(both(re, 'a.b=x+y.z')).toBe(true);
    expect(both(re, 'aXb=x+y.z')).toBe(false);
    expect(both(re, 'a.b=xxyyz')).toBe(false);
  });

  it('confines a regex value to one cookie', () => {
    const re = cookieHeaderRegex([user({ regex: '.*son' })]);
    expect(re2Problem(re)).toBeNull();
    expect(both(re, 'user=jason')).toBe(true);
    expect(both(re, 'a=1; user=harrison; b=2')).toBe(true);
    expect(both(re, 'user=abc; other=jason')).toBe(false);
    expect(both(re, 'user=sonny')).toBe(false);
  });

  it('treats the value regex as anchored and keeps alternation inside the value', () => {
    const re = cookieHeaderRegex([user({ regex: '^jason|mike$' })]);
    expect(both(re, 'user=mike')).toBe(true);
    expect(both(re, 'user=jason; x=1')).toBe(true);
    expect(both(re, 'user=bob; mike=1')).toBe(false);
  });

  it('confines negated classes and negated shorthand classes', () => {
    expect(confineCookieValueRegex('[^a]+')).toBe('[^;a]+');
    expect(confineCookieValueRegex('\\S+\\W\\D')).toBe('[^\\s;]+[^\\w;][^\\d;]');
    expect(confineCookieValueRegex('a\\.b[.]')).toBe('a\\.b[.]');
    const re = cookieHeaderRegex([user({ regex: '[^x]+' })]);
    expect(both(re, 'user=abc; other=zzz')).toBe(true);
    expect(both(re, 'user=x; other=zzz')).toBe(false);
  });

  it('requires every condition of a group, in any order', () => {
    const re = cookieHeaderRegex([user({ exact: 'jason' }), { name: 'beta', value: { regex: '(yes|1)' } }]);
    expect(re2Problem(re)).toBeNull();
    expect(both(re, 'user=jason; beta=yes')).toBe(true);
    expect(both(re, 'beta=1; a=2; user=jason; z=3')).toBe(true);
    expect(both(re, 'user=jason')).toBe(false);
    expect(both(re, 'beta=yes; user=bob')).toBe(false);
    expect(both(re, 'user=jason; beta=no')).toBe(false);
  });

  it('refuses empty and oversized groups', () => {
    expect(() => cookieHeaderRegex([])).toThrow();
    expect(() => cookieHeaderRegex(Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, value: { exact: 'x' } })))).toThrow();
  });
});
