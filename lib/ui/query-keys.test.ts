import { describe, expect, it } from 'vitest';
import { queryKeys } from './query-keys';

function startsWith(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, i) => key[i] === part);
}

describe('queryKeys', () => {
  it('nests specific keys under their general prefix', () => {
    expect(startsWith(queryKeys.projects.detail('demo'), queryKeys.projects.all)).toBe(true);
    expect(startsWith(queryKeys.projects.list(), queryKeys.projects.all)).toBe(true);
    expect(startsWith(queryKeys.releases.list('demo'), queryKeys.releases.lists())).toBe(true);
    expect(startsWith(queryKeys.releases.lists(), queryKeys.releases.all)).toBe(true);
    expect(startsWith(queryKeys.releases.detail('demo', 'canary'), queryKeys.releases.details())).toBe(true);
    expect(startsWith(queryKeys.releases.preview('demo', 'canary'), queryKeys.releases.detail('demo', 'canary'))).toBe(true);
    expect(startsWith(queryKeys.traces.detail('demo', 'abc'), queryKeys.traces.all)).toBe(true);
    expect(startsWith(queryKeys.applications.list('demo'), queryKeys.applications.all)).toBe(true);
  });

  it('keeps projects apart', () => {
    expect(queryKeys.releases.list('a')).not.toEqual(queryKeys.releases.list('b'));
    expect(startsWith(queryKeys.releases.list('ab'), queryKeys.releases.list('a'))).toBe(false);
  });

  it('includes filters so different windows cache separately', () => {
    expect(queryKeys.metrics.series('demo', { service: 'reviews', window: '5m' })).not.toEqual(
      queryKeys.metrics.series('demo', { service: 'reviews', window: '1h' }),
    );
  });
});

describe('release wizard keys', () => {
  it('nest under their general prefixes and differ per service and request', () => {
    expect(startsWith(queryKeys.applications.detail('demo', 'bookinfo'), queryKeys.applications.all)).toBe(true);
    expect(startsWith(queryKeys.releases.defaults('demo', 'reviews'), queryKeys.releases.all)).toBe(true);
    expect(queryKeys.releases.defaults('demo', 'reviews')).not.toEqual(queryKeys.releases.defaults('demo', 'ratings'));
    expect(queryKeys.releases.draftPreview('demo', { name: 'a' })).not.toEqual(queryKeys.releases.draftPreview('demo', { name: 'b' }));
    // the wizard's keys are not below lists/details, so invalidating a job list does not refetch them
    expect(startsWith(queryKeys.releases.defaults('demo', 'reviews'), queryKeys.releases.lists())).toBe(false);
  });
});
