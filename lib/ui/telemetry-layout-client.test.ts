import { describe, expect, it } from 'vitest';
import { buildLayoutInput, layoutTopology } from './telemetry-layout';
import { layoutOffMainThread } from './telemetry-layout-client';
import type { LayoutRequest, LayoutResponse } from './telemetry-layout-worker';
import { bookinfoTopology, syntheticTopology } from './telemetry-test-fixtures';

describe('layout off the main thread', () => {
  it('the worker answers each request with its id and the same layout as on the main thread', async () => {
    // the worker module installs its handler on `self`: give it one that records what it posts
    const posted: LayoutResponse[] = [];
    const scope = { onmessage: null as ((e: { data: LayoutRequest }) => void) | null, postMessage: (m: LayoutResponse) => posted.push(m) };
    const had = 'self' in globalThis;
    const previous = (globalThis as { self?: unknown }).self;
    (globalThis as { self?: unknown }).self = scope;
    try {
      await import('./telemetry-layout-worker');
    } finally {
      if (had) (globalThis as { self?: unknown }).self = previous;
      else delete (globalThis as { self?: unknown }).self;
    }
    const input = buildLayoutInput(syntheticTopology(30));
    scope.onmessage!({ data: { id: 7, input } });
    scope.onmessage!({ data: { id: 8, input: { leaves: [], groups: [], edges: [{ ...input.edges[0]!, layoutSource: 'missing' }] } as never } });
    expect(posted).toHaveLength(2);
    const ok = posted[0]!;
    expect(ok.id).toBe(7);
    expect('layout' in ok && ok.layout).toEqual(layoutTopology(input));
    expect('ms' in ok && ok.ms).toBeGreaterThanOrEqual(0);
    // a layout that throws is answered with the error, so the page can fall back
    expect(posted[1]).toEqual({ id: 8, error: expect.any(String) });
  });

  it('without Worker (server, old browsers) it lays out on the main thread, asynchronously, and can be cancelled', async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    const input = buildLayoutInput(bookinfoTopology());
    const job = layoutOffMainThread(input);
    let settled = false;
    void job.promise.then(() => (settled = true));
    expect(settled).toBe(false);
    const done = await job.promise;
    expect(done.inWorker).toBe(false);
    expect(done.layout).toEqual(layoutTopology(input));

    const cancelled = layoutOffMainThread(input);
    cancelled.cancel();
    const outcome = await Promise.race([cancelled.promise.then(() => 'resolved'), new Promise((r) => setTimeout(() => r('not resolved'), 50))]);
    expect(outcome).toBe('not resolved');
  });
});
