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
 * - Drift: a manual edit of the job's managed routes (mesh VirtualService, or the routes it governs
 *   in gateway-only ones) is reported (condition Drifted + Warning Event) and left in place until
 *   the job's spec changes (a new generation is the user asking for
 *   their routes again), or at once with the annotation `graylane.io/drift-policy: enforce`. Job
 *   Offline and deletion always re-route, since finishing safely needs the routes.
 * - progress.ts + lib/analysis/progress.ts: Canary jobs with spec.steps (issue 11): one analysis
 *   look per due interval, the step schedule in status.progress, routes by effectiveSpec.
 * - leadership.ts / lease-leadership.ts: leader election over a `coordination.k8s.io/v1` Lease.
 *   Every replica keeps warm caches; only the leader reconciles, and a replica that loses the
 *   Lease stops writing at once and stands as a candidate again.
 */
import 'server-only';
import { createKubeClients } from '../kube/client';
import type { GrayscaleRelease } from '@/lib/release';
import type { Action } from './decide';
import { setInProcessController, type CachedNamespaceObjects, type InProcessController } from './in-process';
import type { KubeObject } from './informer';
import { leaseLeadership } from './lease-leadership';
import { reportPermissionsAtStartup } from '../startup/permissions';
import { namespaceLabelReader } from './namespace-labels';
import { soleLeader, type Leadership } from './leadership';
import { reconcile } from './reconcile';
import type { PrometheusSource } from './progress';
import { discoverIstioVersion, istioTypes } from './resources';
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
  /**
   * leader election; default: the `graylane-controller` Lease in GRAYLANE_SYSTEM_NAMESPACE
   * (timings from GRAYLANE_LEASE_*_SECONDS), or none when GRAYLANE_LEADER_ELECTION=off
   */
  leadership?: Leadership;
  /** test seam: called after each write (see reconcile.ts) */
  onWrite?: (key: string, action: Action) => void | Promise<void>;
  concurrency?: number;
  /** Prometheus of the progressive analysis (default: GRAYLANE_PROMETHEUS_URL, read at each look) */
  prometheus?: PrometheusSource;
}

export interface RunningController {
  /** resolves once the caches are synced and this process leads (reconciling has started) */
  ready: Promise<void>;
  /** whether this process currently reconciles */
  isLeader(): boolean;
  /** the identity this process holds the Lease under */
  identity: string;
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
  const abort = new AbortController();
  let stopping = false;
  let leading = false;
  let watchers: Watchers | undefined;
  let resync: NodeJS.Timeout | undefined;

  const { rest } = createKubeClients({ kubeconfigPath: options.kubeconfigPath });
  const leadership =
    options.leadership ?? (process.env.GRAYLANE_LEADER_ELECTION === 'off' ? soleLeader : leaseLeadership({ rest, log }));
  const namespaceLabels = namespaceLabelReader(rest, log);
  let synced: Promise<void> = new Promise(() => undefined);
  let istio = istioTypes('v1');
  // Not leading (or stopping) counts as stopping for reconcile: it checks before every write.
  const halted = () => stopping || !leading;
  const queue = createWorkQueue(
    async (key) => {
      await synced;
      // Keys queued while following are dropped: becoming leader resyncs every job.
      if (halted()) return {};
      return reconcile({ rest, caches: watchers!.caches, istio, log, onWrite: options.onWrite, stopping: halted, instance: leadership.identity, namespaceLabels, prometheus: options.prometheus }, key);
    },
    { concurrency: options.concurrency ?? 4 },
    (key, err) => log(`reconcile ${key} failed (will retry): ${(err as Error).message}`),
  );
  const inScope = (namespace: string | undefined) => !options.namespace || namespace === options.namespace;
  let cachesSynced = false;
  // The console's REST layer reads jobs from the warm cache and hands over the ones it writes
  // (in-process.ts): a take-over is reconciled as soon as the API server accepted it.
  const inProcess: InProcessController = {
    cachedRelease(namespace, name) {
      if (!cachesSynced || stopping || !inScope(namespace)) return undefined;
      const cached = watchers?.caches.releases.get(namespace, name);
      return cached ? (structuredClone(cached) as unknown as GrayscaleRelease) : undefined;
    },
    namespaceObjects(namespace) {
      if (!cachesSynced || stopping || !inScope(namespace) || !watchers) return undefined;
      const c = watchers.caches;
      // Copies: callers reshape them, the caches must stay as the API server sent them.
      return structuredClone({
        services: c.services.list(namespace),
        deployments: c.deployments.list(namespace),
        pods: c.pods.list(namespace),
        releases: c.releases.list(namespace),
        virtualServices: c.virtualServices.list(namespace),
        destinationRules: c.destinationRules.list(namespace),
      }) as unknown as CachedNamespaceObjects;
    },
    namespaceWorkloads(namespace) {
      if (!cachesSynced || stopping || !inScope(namespace) || !watchers) return undefined;
      const c = watchers.caches;
      return { services: c.services.list(namespace), deployments: c.deployments.list(namespace) } as unknown as Pick<CachedNamespaceObjects, 'services' | 'deployments'>;
    },
    written(release) {
      if (!cachesSynced || stopping || !inScope(release.metadata.namespace)) return;
      // Newer-resourceVersion-wins: the watch delivering the same write later changes nothing.
      watchers?.caches.releases.observe(release as unknown as KubeObject);
    },
  };
  const resyncAll = () => {
    if (halted() || !watchers) return;
    for (const job of watchers.caches.releases.list(options.namespace)) queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
  };

  let onLost: () => void = () => undefined;
  leadership.onLost(() => {
    leading = false;
    onLost();
  });

  /** Leads until the lease is lost or the controller stops; then stands again (unless stopping). */
  const aborted = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  async function campaign(markReady: () => void): Promise<void> {
    while (!stopping) {
      await Promise.race([leadership.acquire(abort.signal), aborted]);
      if (stopping) break;
      const lost = new Promise<void>((resolve) => (onLost = resolve));
      leading = true;
      log(`became leader (${leadership.identity}): reconciling`);
      resyncAll();
      markReady();
      await Promise.race([lost, aborted]);
      if (!stopping) log('leadership lost: stopped reconciling; standing as a candidate again');
    }
    // Stopped before leading: `ready` settles as it did before leader election existed.
    markReady();
  }

  // Missing RBAC is reported up front, not discovered one failed write at a time.
  void reportPermissionsAtStartup(rest, log).catch(() => undefined);

  const ready = (async () => {
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
    // Every replica keeps warm caches so a new leader starts reconciling without a full list.
    watchers = startWatchers(rest, version, (key) => queue.add(key), log, options.namespace);
    synced = watchers.synced;
    await synced;
    if (stopping) return;
    cachesSynced = true;
    setInProcessController(inProcess);
    resync = setInterval(resyncAll, options.resyncMs ?? 10_000);
    resync.unref();
    log(`caches synced (networking.istio.io/${version}${options.namespace ? `, namespace ${options.namespace}` : ''})`);
    await new Promise<void>((resolve) => {
      campaign(resolve).catch((err: unknown) => log(`leader election failed: ${(err as Error).message}`));
    });
    if (!stopping) log('started');
  })();

  let stopped: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      setInProcessController(undefined, inProcess);
      abort.abort();
      if (resync) clearInterval(resync);
      watchers?.stop();
      await queue.shutdown();
      // After the last write: the next leader must not overlap with ours.
      await leadership.release();
      leading = false;
    })();
    return stopped;
  }

  return { ready, stop, isLeader: () => leading && !stopping, identity: leadership.identity };
}
