import { describe, expect, it } from 'vitest';
import { convertMatch, cookieFromHeaderRegex } from './strategy-match';

describe('cookieFromHeaderRegex', () => {
  it('reads the Istio-docs cookie idiom as a cookie condition', () => {
    expect(cookieFromHeaderRegex('^(.*?;)?(user=jason)(;.*)?$')).toEqual({ name: 'user', value: { exact: 'jason' } });
    expect(cookieFromHeaderRegex('^(.*?;)?(type=insider|beta)(;.*)?$')).toEqual({ name: 'type', value: { regex: 'insider|beta' } });
  });

  it('leaves other regexes alone', () => {
    expect(cookieFromHeaderRegex('q=c')).toBeUndefined();
    expect(cookieFromHeaderRegex('^(.*?;)?(session=.*)(;.*)?$')).toEqual({ name: 'session', value: { regex: '.*' } });
  });
});

describe('convertMatch', () => {
  it('keeps a non-idiomatic cookie regex as a raw header match, with a warning', () => {
    const out = convertMatch({ headers: { Cookie: { regex: 'q=c' } } }, 'm');
    expect(out.group).toEqual({ headers: { cookie: { regex: 'q=c' } } });
    expect(out.warnings[0]).toMatch(/kept as a raw Cookie header match/);
  });

  it('refuses presence-only, pseudo and non-RE2 header matches as a whole group', () => {
    expect(convertMatch({ headers: { 'x-a': {} } }, 'm').group).toBeUndefined();
    expect(convertMatch({ headers: { ':authority': { exact: 'a' } } }, 'm').group).toBeUndefined();
    expect(convertMatch({ headers: { 'x-a': { regex: '(?=x)' } } }, 'm').group).toBeUndefined();
    expect(convertMatch({}, 'm').warnings[0]).toMatch(/would match every request/);
  });

  it('keeps uri regexes that are RE2', () => {
    expect(convertMatch({ uri: { regex: '/api/v[0-9]+/.*' } }, 'm').group).toEqual({ uri: { regex: '/api/v[0-9]+/.*' } });
  });
});
