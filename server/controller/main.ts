import 'server-only';
import { startController, type RunningController } from './index';
import { stopOnSignals } from './shutdown';

/**
 * Standalone entry (`npm run controller`): reconciles GrayscaleReleases against KUBECONFIG until
 * SIGINT/SIGTERM. https://kubernetes.io/docs/concepts/architecture/controller/
 */
let controller: RunningController;
try {
  controller = startController({ namespace: process.env.GRAYLANE_CONTROLLER_NAMESPACE || undefined });
} catch (err) {
  console.error(`[controller] could not start: ${(err as Error).message}`);
  process.exit(1);
}
controller.ready.then(
  () => console.log('[controller] ready'),
  (err: unknown) => {
    console.error(`[controller] could not start: ${(err as Error).message}`);
    process.exit(1);
  },
);
// Stops the last reconcile, releases the Lease, then exits.
stopOnSignals(controller);
