/**
 * The GrayscaleRelease controller (DESIGN.md "Lifecycle and safe ordering").
 *
 * - watchers.ts / informer.ts: list+watch caches of jobs, Services, Deployments, pods,
 *   VirtualServices and DestinationRules; each event enqueues the jobs it concerns.
 * - work-queue.ts: dedupe, per-key serialization, exponential backoff; plus a periodic resync.
 * - world.ts reads a job's world from the caches; decide.ts (pure) picks ONE next write and the
 *   status describing the world; apply.ts writes it (with write-through into the caches);
 *   status.ts writes status via the status subresource only when it changes; events.ts records
 *   a core/v1 Event for every change.
 * - Drift: a manual edit of the job's managed routes is reported (condition Drifted + Warning
 *   Event) and left in place until the job's spec changes (a new generation is the user asking for
 *   their routes again), or at once with the annotation `graylane.io/drift-policy: enforce`. Job
 *   Offline and deletion always re-route, since finishing safely needs the routes.
 * - leadership.ts is the seam for Lease-based leader election (later issue).
 */
import 'server-only';
import { loadKubeConfig } from '../kube/config';
import type { Action } from './decide';
import { soleLeader, type Leadership } from './leadership';
import { reconcile } from './reconcile';
import { discoverIstioVersion, istioTypes } from './resources';
import { createKubeRest } from './rest';
import { startWatchers, type Watchers } from './watchers';
import { createWorkQueue } from './work-queue';

export interface ControllerOptions {
  /** default: KUBECONFIG, ~/.kube/config, or the pod's service account */
  kubeconfigPath?: string;
  /** manage one namespace only; default all */
  namespace?: string;
  /** how often every job is reconciled even without events; default 10 s */
  resyncMs?: number;
  log?: (msg: string) => void;
  /** leader election seam; default: this process always leads */
  leadership?: Leadership;
  /** test seam: called after each write (see reconcile.ts) */
  onWrite?: (key: string, action: Action) => void | Promise<void>;
  concurrency?: number;
}

export interface RunningController {
  /** resolves once the caches are synced and reconciling has started */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Starts the GrayscaleRelease controller: watches jobs and what they touch, and reconciles each job
 * level-based into its candidate Deployment, DestinationRule and VirtualService (DESIGN.md
 * "Lifecycle and safe ordering").
 * https://kubernetes.io/docs/concepts/architecture/controller/
 */
export function startController(options: ControllerOptions = {}): RunningController {
  const log = options.log ?? ((msg: string) => console.log(`[controller] ${msg}`));
  const leadership = options.leadership ?? soleLeader;
  const abort = new AbortController();
  let stopping = false;
  let watchers: Watchers | undefined;
  let resync: NodeJS.Timeout | undefined;

  const rest = createKubeRest(loadKubeConfig({ kubeconfigPath: options.kubeconfigPath }));
  let synced: Promise<void> = new Promise(() => undefined);
  let istio = istioTypes('v1');
  const queue = createWorkQueue(
    async (key) => {
      await synced;
      return reconcile({ rest, caches: watchers!.caches, istio, log, onWrite: options.onWrite, stopping: () => stopping }, key);
    },
    { concurrency: options.concurrency ?? 4 },
    (key, err) => log(`reconcile ${key} failed (will retry): ${(err as Error).message}`),
  );

  const ready = (async () => {
    await leadership.acquire(abort.signal);
    leadership.onLost(() => {
      log('leadership lost: stopping');
      void stop();
    });
    // Istio's CRDs may be installed after the console starts: wait for them rather than fail.
    let version = await discoverIstioVersion(rest);
    let warned = false;
    while (!version && !stopping) {
      if (!warned) log('networking.istio.io is not served by the cluster: waiting for Istio to be installed');
      warned = true;
      await delay(5000, abort.signal);
      version = await discoverIstioVersion(rest);
    }
    if (stopping || !version) return;
    istio = istioTypes(version);
    watchers = startWatchers(rest, version, (key) => queue.add(key), log, options.namespace);
    synced = watchers.synced;
    await synced;
    const resyncAll = () => {
      for (const job of watchers!.caches.releases.list(options.namespace)) queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
    };
    resyncAll();
    resync = setInterval(resyncAll, options.resyncMs ?? 10_000);
    resync.unref();
    log(`started (networking.istio.io/${version}${options.namespace ? `, namespace ${options.namespace}` : ''})`);
  })();

  let stopped: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      abort.abort();
      if (resync) clearInterval(resync);
      watchers?.stop();
      await queue.shutdown();
      await leadership.release();
    })();
    return stopped;
  }

  return { ready, stop };
}
