import { describe, expect, it } from 'vitest';
import type { TopologyView } from '@/lib/api/telemetry-types';
import { needsQuickGraph, shownTopology } from './topology-shown';

const view = (window: TopologyView['window'], latencyOmitted?: true): TopologyView => ({
  namespace: 'demo',
  window,
  queriedAt: '2026-11-27T00:00:00Z',
  nodes: [],
  edges: [],
  ...(latencyOmitted ? { latencyOmitted } : {}),
});
const answer = (data: TopologyView | undefined, isPlaceholderData = false) => ({ data, isPlaceholderData });

describe('shownTopology', () => {
  it('draws the quick graph until the full one arrives, then the full one', () => {
    const quick = view('5m', true);
    const full = view('5m');
    expect(shownTopology(answer(undefined), answer(undefined))).toBeUndefined();
    expect(shownTopology(answer(undefined), answer(quick))).toBe(quick);
    expect(shownTopology(answer(full), answer(quick))).toBe(full);
    expect(shownTopology(answer(full), answer(undefined))).toBe(full);
  });

  it('after a window change: the new quick graph beats the previous window, the previous full beats the previous quick', () => {
    const oldFull = view('5m');
    const oldQuick = view('5m', true);
    const newQuick = view('1h', true);
    expect(shownTopology(answer(oldFull, true), answer(newQuick))).toBe(newQuick);
    expect(shownTopology(answer(oldFull, true), answer(oldQuick, true))).toBe(oldFull);
    expect(shownTopology(answer(undefined), answer(oldQuick, true))).toBe(oldQuick);
  });

  it('asks for the quick graph only while the full answer for this window is missing', () => {
    expect(needsQuickGraph(answer(undefined))).toBe(true);
    expect(needsQuickGraph(answer(view('5m'), true))).toBe(true);
    expect(needsQuickGraph(answer(view('5m')))).toBe(false);
  });
});
