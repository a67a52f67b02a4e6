import 'server-only';

/** The auth code's clock; tests replace it to expire sessions and rate-limit windows without waiting. */
let clock: () => number = () => Date.now();

/** Milliseconds since the epoch, from the current clock. */
export function now(): number {
  return clock();
}

/** Replaces the clock (no argument: back to the real one). For tests. */
export function setAuthClock(fn?: () => number): void {
  clock = fn ?? (() => Date.now());
}
