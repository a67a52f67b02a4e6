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
