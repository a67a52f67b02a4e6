import 'server-only';

/** What a stoppable controller offers here (index.ts RunningController). */
interface Stoppable {
  stop(): Promise<void>;
}

export interface StopOnSignalsOptions {
  /** longest the process waits for the controller to stop before exiting anyway; default 5 s */
  graceMs?: number;
  log?: (msg: string) => void;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Stops the controller on SIGTERM/SIGINT and holds the process's exit until it has stopped: the
 * last reconcile finishes and the Lease is released (holder emptied, as client-go's
 * `ReleaseOnCancel`), so another replica leads at its next retry instead of after the lease
 * duration. A second signal, or `graceMs`, exits without waiting.
 *
 * Holding the exit is needed because `next start` (and the standalone server.js) handle these
 * signals themselves and call `process.exit` as soon as their HTTP server has closed, without
 * waiting for anything instrumentation started. When nobody else handles the signal (e.g. with
 * NEXT_MANUAL_SIG_HANDLE, or `npm run controller`), the process exits here once stopped, with the
 * conventional 128 + signal number status.
 * https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution
 * https://pkg.go.dev/k8s.io/client-go/tools/leaderelection#LeaderElectionConfig
 */
export function stopOnSignals(controller: Stoppable, options: StopOnSignalsOptions = {}): () => void {
  const graceMs = options.graceMs ?? 5000;
  const log = options.log ?? ((msg: string) => console.log(`[controller] ${msg}`));
  const realExit = process.exit.bind(process);
  let stopping: Promise<void> | undefined;
  let exitCode: number | undefined;

  const held = ((code?: number | string | null) => {
    if (!stopping) return realExit(code ?? undefined);
    exitCode = typeof code === 'number' ? code : exitCode;
    // Exits once stopped (or at the deadline); returning here lets the caller's code run on, as
    // it would for an exit scheduled on the event loop.
    return undefined as never;
  }) as typeof process.exit;

  const onSignal = (signal: keyof typeof SIGNALS) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting for the controller`);
      realExit(exitCode ?? 128 + SIGNALS[signal]);
      return;
    }
    log(`${signal}: stopping the controller and releasing its lease`);
    // Listeners other than ours (Next's) decide the exit; without any, we do, as the default action would.
    const othersHandle = process.listenerCount(signal) > 1;
    if (!othersHandle) exitCode = 128 + SIGNALS[signal];
    process.exit = held;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    stopping = Promise.race([controller.stop().catch((err: unknown) => log(`stop failed: ${(err as Error).message}`)), deadline]).then(() => {
      process.exit = realExit;
      if (exitCode !== undefined) realExit(exitCode);
    });
  };

  const handlers = Object.keys(SIGNALS).map((signal) => {
    const handler = () => onSignal(signal as keyof typeof SIGNALS);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
