/**
 * Next.js instrumentation hook: starts the GrayscaleRelease controller inside the console process
 * (DESIGN.md "Runtime pieces": started with the console by default). `GRAYLANE_CONTROLLER=off`
 * leaves it to a separate `npm run controller`. Only the Node.js runtime runs it: the Edge runtime
 * has no sockets for watches. On SIGTERM/SIGINT the controller stops and releases its Lease before
 * the process exits (server/controller/shutdown.ts).
 * https://nextjs.org/docs/app/guides/instrumentation
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // issue 7: refuse to start without a session secret (outside demo mode); demo accounts in demo mode.
  (await import('./server/auth/startup')).checkAuthAtStartup();
  if (process.env.GRAYLANE_CONTROLLER === 'off') return;
  // One controller per process even if Next registers twice (dev reloads).
  const holder = globalThis as typeof globalThis & { __graylaneController?: unknown };
  if (holder.__graylaneController) return;
  try {
    const { startController } = await import('./server/controller/index');
    const { stopOnSignals } = await import('./server/controller/shutdown');
    const controller = startController({ namespace: process.env.GRAYLANE_CONTROLLER_NAMESPACE || undefined });
    holder.__graylaneController = controller;
    // SIGTERM (a rolling update, a scale-down) releases the Lease, so the other replica leads at once.
    stopOnSignals(controller);
    controller.ready.catch((err: unknown) => console.error(`[controller] could not start: ${(err as Error).message}`));
  } catch (err) {
    // The console stays useful without a cluster (it explains what is missing); so does this.
    console.error(`[controller] not started: ${(err as Error).message}`);
  }
}
