import { describe, expect, it } from 'vitest';
import type { MatchGroup, ReleaseView } from '@/lib/api/release-types';
import { buildEditPatch, editStateFromJob, groupsFromMatch, validateEdit } from './release-edit';
import { compileGroups } from './release-wizard';

type Job = Pick<ReleaseView, 'name' | 'strategy' | 'service' | 'spec' | 'generation'>;
const job = (strategy: Job['strategy'], traffic: Job['spec']['traffic'], replicas = 1): Job => ({
  name: 'j',
  strategy,
  service: 'reviews',
  generation: 4,
  spec: { strategy, service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas }, traffic },
});

describe('editing a running job', () => {
  it('turns every condition kind back into wizard rows and compiles them to the same match', () => {
    const match: MatchGroup[] = [
      { headers: { 'end-user': { exact: 'jason' }, 'x-tier': { prefix: 'gold' } }, cookies: [{ name: 'user', value: { regex: 'ja.*' } }], uri: { regex: '/api/v[0-9]+' } },
      { os: ['Android', 'iOS'], browsers: ['Chrome'] },
    ];
    const groups = groupsFromMatch(match);
    expect(groups.map((g) => g.conditions.map((c) => `${c.kind}:${c.name}:${c.op}:${c.value}:${c.presets.join('+')}`))).toEqual([
      ['header:end-user:exact:jason:', 'header:x-tier:prefix:gold:', 'cookie:user:regex:ja.*:', 'uri::regex:/api/v[0-9]+:'],
      ['os::exact::Android+iOS', 'browser::exact::Chrome'],
    ]);
    expect(compileGroups(groups)).toEqual(match);
  });

  it('sends only what changed, with the generation it was based on', () => {
    const canary = job('Canary', { candidateWeight: 20, match: [{ headers: { 'end-user': { exact: 'jason' } } }] });
    const state = editStateFromJob(canary);
    expect(state).toMatchObject({ canaryMode: 'content', candidateWeight: 20, replicas: '1' });
    expect(buildEditPatch(canary, state)).toBeNull();
    expect(buildEditPatch(canary, { ...state, candidateWeight: 50, replicas: '3' })).toEqual({ candidateWeight: 50, candidateReplicas: 3, generation: 4 });
    expect(buildEditPatch(canary, { ...state, canaryMode: 'weight' })).toEqual({ match: [], generation: 4 });
    const mirror = job('Mirror', { candidateWeight: 0, mirrorPercent: 50 });
    expect(buildEditPatch(mirror, { ...editStateFromJob(mirror), mirrorPercent: 80 })).toEqual({ mirrorPercent: 80, generation: 4 });
    const blueGreen = job('BlueGreen', { candidateWeight: 0 }, 2);
    expect(buildEditPatch(blueGreen, { ...editStateFromJob(blueGreen), blueGreenTarget: 'candidate' })).toEqual({ candidateWeight: 100, generation: 4 });
  });

  it('refuses what create refuses: replicas, empty groups, bad regexes, mirror range', () => {
    const canary = job('Canary', { candidateWeight: 0, match: [{ headers: { 'end-user': { exact: 'jason' } } }] });
    const state = editStateFromJob(canary);
    expect(validateEdit(state)).toEqual({});
    expect(validateEdit({ ...state, replicas: '0' })).toHaveProperty('replicas');
    expect(validateEdit({ ...state, replicas: 'two' })).toHaveProperty('replicas');
    expect(validateEdit({ ...state, groups: [] })).toHaveProperty('groups');
    const bad = structuredClone(state);
    bad.groups[0].conditions[0] = { ...bad.groups[0].conditions[0], op: 'regex', value: '(?=jason)' };
    expect(validateEdit(bad)).toHaveProperty('groups.0.0');
    const mirror = job('Mirror', { candidateWeight: 0, mirrorPercent: 50 });
    expect(validateEdit({ ...editStateFromJob(mirror), mirrorPercent: 0 })).toHaveProperty('mirrorPercent');
  });
});
