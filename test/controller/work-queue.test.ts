import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '@/server/controller/work-queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('work queue', () => {
  it('merges keys added while queued and re-runs a key added while it is running, never in parallel', async () => {
    const runs: string[] = [];
    let running = 0;
    let maxParallel = 0;
    const q = createWorkQueue(async (key) => {
      running++;
      maxParallel = Math.max(maxParallel, running);
      runs.push(key);
      await tick(20);
      running--;
    }, { concurrency: 4 });
    q.add('a');
    await tick(1);
    q.add('a'); // while running: marked dirty
    q.add('a'); // merged
    await tick(80);
    expect(runs).toEqual(['a', 'a']);
    expect(maxParallel).toBe(1);
    await q.shutdown();
  });

  it('retries a failing key with growing backoff', async () => {
    const at: number[] = [];
    const q = createWorkQueue(
      async () => {
        at.push(Date.now());
        if (at.length < 4) throw new Error('conflict');
      },
      { baseBackoffMs: 10 },
      () => undefined,
    );
    q.add('k');
    await tick(200);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    await q.shutdown();
  });

  it('honours requeueAfterMs and stops on shutdown', async () => {
    let n = 0;
    const q = createWorkQueue(async () => {
      n++;
      return { requeueAfterMs: 10 };
    });
    q.add('k');
    await tick(45);
    await q.shutdown();
    const seen = n;
    expect(seen).toBeGreaterThanOrEqual(2);
    await tick(40);
    expect(n).toBe(seen);
  });
});
