/**
 * `work`'s result if it settles within `ms`, else undefined (work goes on; its result is dropped).
 * For reads a server-rendered page can do without: past the bound the browser asks for them itself.
 */
export function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * A server-rendered page's read of what an API route would answer: its result within `ms` as plain
 * JSON (as it would have arrived over the wire: no undefined fields, no class instances), or
 * undefined when it is late or fails, so the browser asks the API itself with its usual states.
 */
export async function prefetched<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  try {
    const value = await within(ms, work);
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
  } catch {
    return undefined;
  }
}
