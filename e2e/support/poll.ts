/**
 * Polls `probe` every 2 s until it returns a value (not undefined) or `timeoutMs` passes; a probe
 * that throws counts as "not yet" and its last error is reported on timeout. For waits on the
 * demo stack (traffic reaching Prometheus, the controller finishing a step) that have no event.
 */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${last}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
