/**
 * A fixed-window failure counter for login attempts: after `max` failures within `windowMs` a key
 * is blocked until the window that started with its first failure ends. Pure (the clock is passed
 * in); the server keeps one per process, so with several replicas the limit is per replica.
 */

export interface RateLimiterOptions {
  max: number;
  windowMs: number;
  /** cap on remembered keys, so a flood of addresses cannot grow memory without bound */
  maxKeys?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
}

/** Counts failures per key and says how long a blocked key must wait. */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RateLimiterOptions) {}

  /** Milliseconds the key must still wait (0 when it may try). */
  retryAfterMs(key: string, now: number): number {
    const entry = this.current(key, now);
    if (!entry || entry.failures < this.options.max) return 0;
    return entry.windowStart + this.options.windowMs - now;
  }

  /** Records one failure. */
  fail(key: string, now: number): void {
    const entry = this.current(key, now);
    if (entry) entry.failures += 1;
    else {
      if (this.entries.size >= (this.options.maxKeys ?? 10_000)) this.prune(now);
      this.entries.set(key, { failures: 1, windowStart: now });
    }
  }

  /** Forgets a key (after a successful login). */
  reset(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.windowStart >= this.options.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.windowStart >= this.options.windowMs) this.entries.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    while (this.entries.size >= (this.options.maxKeys ?? 10_000)) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
