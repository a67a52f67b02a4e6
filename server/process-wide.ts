import 'server-only';

/**
 * A value shared by the whole server process. Next.js compiles the route handlers, the pages'
 * server components and instrumentation.ts into separate bundles, and each bundle evaluates a module
 * of its own: a plain module-level Map exists once per bundle. Caches that a route handler fills or
 * clears and a page reads (the roles the session carries, a topology a page starts computing for the
 * API request that follows) must be one, so they live on globalThis under a registered symbol.
 * Vitest runs each integration file in its own process, so they still start empty there.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`graylane.${name}`);
  const holder = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  let value = holder[key];
  if (value === undefined) {
    value = create();
    holder[key] = value;
  }
  return value;
}
