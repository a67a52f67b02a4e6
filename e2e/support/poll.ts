/**
 * Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes; a probe that
 * throws counts as "not yet" and its last error is reported on timeout. For waits on the demo
 * stack (traffic reaching Prometheus, the controller finishing a step) that have no event. The
 * pause between probes starts at 250 ms and doubles up to 2 s: a short wait (a deleted object
 * gone, the defaults of a Service) ends within a quarter second of the outcome instead of up to
 * 2 s later, a long one still asks only every 2 s.
 */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let pause = 250;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${last}`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 2000);
  }
}
