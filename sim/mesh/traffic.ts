/**
 * A steady load generator, like a user running curl in a loop: `rps` requests per second spread
 * evenly, with a cap on requests in flight so a slow mesh is not buried under a backlog.
 * @see https://istio.io/latest/docs/tasks/observability/metrics/querying-metrics/
 */

export interface TrafficStats {
  sent: number;
  completed: number;
  failed: number;
  /** requests not sent because `maxInFlight` were already pending */
  skipped: number;
}

export interface TrafficGenerator {
  stats(): TrafficStats;
  stop(): Promise<void>;
}

/** Starts sending `rps` requests per second through `send`. @see https://istio.io/latest/docs/tasks/observability/metrics/querying-metrics/ */
export function startTraffic(opts: { rps: number; send: () => Promise<unknown>; maxInFlight?: number; tickMs?: number }): TrafficGenerator {
  const stats: TrafficStats = { sent: 0, completed: 0, failed: 0, skipped: 0 };
  const maxInFlight = opts.maxInFlight ?? Math.max(4, Math.ceil(opts.rps / 10));
  const tickMs = opts.tickMs ?? 20;
  let inFlight = 0;
  let credit = 0;
  let last = performance.now();
  let stopped = false;
  const pending = new Set<Promise<unknown>>();

  function fire(): void {
    inFlight++;
    stats.sent++;
    const p = opts
      .send()
      .then(() => void stats.completed++, () => void stats.failed++)
      .finally(() => {
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  }

  const timer = setInterval(() => {
    const now = performance.now();
    // credit is capped at one tick's worth plus one, so a stall does not cause a burst afterwards
    credit = Math.min(credit + ((now - last) / 1000) * opts.rps, (opts.rps * tickMs) / 1000 + 1);
    last = now;
    while (credit >= 1 && !stopped) {
      credit -= 1;
      if (inFlight >= maxInFlight) stats.skipped++;
      else fire();
    }
  }, tickMs);
  timer.unref?.();

  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled(Array.from(pending));
    },
  };
}
