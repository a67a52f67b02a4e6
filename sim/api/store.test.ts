/** Unit tests of the store, selectors and watch hub without HTTP. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from './builtin-types';
import { ApiError } from './errors';
import { Registry } from './registry';
import { matchLabels, parseFieldSelector, parseLabelSelector, matchFields } from './selectors';
import { MemoryStore } from './store';
import { WatchHub } from './watch';

function newStore(): MemoryStore {
  const r = new Registry();
  for (const t of BUILTIN_TYPES) r.register(t);
  const s = new MemoryStore(r);
  s.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  return s;
}

const cm = (name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', labels } });

describe('selectors', () => {
  it('parses every label operator', () => {
    const reqs = parseLabelSelector('a=1,b==2,c!=3,d in (x, y),e notin (z),f,!g');
    expect(matchLabels(reqs, { a: '1', b: '2', c: '4', d: 'y', e: 'w', f: '' })).toBe(true);
    expect(matchLabels(reqs, { a: '1', b: '2', d: 'y', f: '', g: 'x' })).toBe(false);
    expect(matchLabels(parseLabelSelector('c!=3'), {})).toBe(true);
    expect(() => parseLabelSelector('a b c')).toThrow(ApiError);
  });

  it('matches field selectors on nested paths', () => {
    const obj = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { name: 'x', uid: 'u' } };
    expect(matchFields(parseFieldSelector('involvedObject.name=x,involvedObject.uid=u'), obj)).toBe(true);
    expect(matchFields(parseFieldSelector('involvedObject.name!=x'), obj)).toBe(false);
  });
});

describe('store', () => {
  it('assigns metadata, bumps resourceVersion monotonically and never leaks internal objects', () => {
    const s = newStore();
    const a = s.create('configmaps', cm('a'));
    const b = s.create('configmaps', cm('b'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    a.metadata.labels = { mutated: 'yes' };
    expect(s.get('configmaps', 'ns', 'a')?.metadata.labels).toBeUndefined();
    expect(() => s.create('configmaps', cm('a'))).toThrow(/already exists/);
    expect(() => s.create('configmaps', { ...cm('x'), metadata: { name: 'x', namespace: 'missing' } })).toThrow(/namespaces "missing" not found/);
  });

  it('does not bump resourceVersion or emit events for no-op updates', () => {
    const s = newStore();
    const a = s.create('configmaps', cm('a'));
    const events: string[] = [];
    s.subscribe((ev) => events.push(ev.type));
    const same = s.update('configmaps', a);
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it('gives each listener its own copy of event objects', () => {
    const s = newStore();
    const seen: unknown[] = [];
    s.subscribe((ev) => {
      ev.object.metadata.name = 'hacked';
    });
    s.subscribe((ev) => seen.push(ev.object.metadata.name));
    s.create('configmaps', cm('a'));
    expect(seen).toEqual(['a']);
    expect(s.get('configmaps', 'ns', 'a')).toBeDefined();
  });

  it('delivers writes made by listeners after the current event, in order', () => {
    const s = newStore();
    const order: string[] = [];
    s.subscribe((ev) => {
      if (ev.type === 'ADDED' && ev.object.metadata.name === 'a') s.create('configmaps', cm('b'));
    });
    s.subscribe((ev) => order.push(`${ev.type}:${ev.object.metadata.name}`));
    s.create('configmaps', cm('a'));
    expect(order).toEqual(['ADDED:a', 'ADDED:b']);
  });
});

describe('watch hub', () => {
  it('replays history after a resourceVersion, maps selector transitions, and expires old versions', () => {
    const s = newStore();
    const hub = new WatchHub(s, 5);
    const rv0 = s.currentResourceVersion();
    s.create('configmaps', cm('a', { x: '1' }));
    const got: string[] = [];
    const cancel = hub.watch('configmaps', { resourceVersion: rv0, predicate: (o) => o.metadata.labels?.x === '1' }, (t, e) => got.push(`${t}:${e.obj.metadata.name}`));
    const a = s.get('configmaps', 'ns', 'a')!;
    s.update('configmaps', { ...a, metadata: { ...a.metadata, labels: { x: '2' } } });
    cancel();
    expect(got).toEqual(['ADDED:a', 'DELETED:a']);
    for (let i = 0; i < 10; i++) s.create('configmaps', cm(`n${i}`));
    expect(() => hub.watch('configmaps', { resourceVersion: rv0 }, () => undefined)).toThrow(/too old resource version/);
    hub.close();
  });
});
