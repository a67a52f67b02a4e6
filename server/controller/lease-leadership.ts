import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isAppError } from '@/lib/api/errors';
import { systemNamespace } from '../env';
import { isNotFound } from '../kube/not-found';
import type { Leadership } from './leadership';
import { resourcePath, type ResourceType } from './resources';
import type { KubeRest } from '../kube/rest';

export const LEASES: ResourceType = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease' };
const NAMESPACES: ResourceType = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace' };

/** Name of the Lease the controller replicas compete for. */
export const CONTROLLER_LEASE = 'graylane-controller';

/** The election record, as client-go keeps it in a Lease. https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1/ */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

export interface LeaseTimings {
  /** how long a holder's claim is valid after the others last saw it change; default 15 s */
  leaseDurationMs: number;
  /** the leader gives up when it could not renew for this long (< leaseDuration); default 10 s */
  renewDeadlineMs: number;
  /** how often the leader renews; default 5 s */
  renewPeriodMs: number;
  /** how often a candidate (or a leader whose renew failed) tries again; default 2 s */
  retryPeriodMs: number;
}

export interface LeaseLeadershipOptions extends Partial<LeaseTimings> {
  rest: KubeRest;
  /** default GRAYLANE_SYSTEM_NAMESPACE (graylane-system) */
  namespace?: string;
  name?: string;
  /** default hostname_pid_random: unique per process, so a restarted pod never inherits a claim */
  identity?: string;
  log?: (msg: string) => void;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, renewPeriodMs: 5_000, retryPeriodMs: 2_000 };

const seconds = (name: string): number | undefined => {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
};

/**
 * Lease timings from the environment (seconds, fractions allowed; tests shorten them):
 * GRAYLANE_LEASE_DURATION_SECONDS, GRAYLANE_LEASE_RENEW_DEADLINE_SECONDS,
 * GRAYLANE_LEASE_RENEW_PERIOD_SECONDS, GRAYLANE_LEASE_RETRY_PERIOD_SECONDS.
 * https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
 */
export function leaseTimingsFromEnv(): Partial<LeaseTimings> {
  const t: Partial<LeaseTimings> = {
    leaseDurationMs: seconds('GRAYLANE_LEASE_DURATION_SECONDS'),
    renewDeadlineMs: seconds('GRAYLANE_LEASE_RENEW_DEADLINE_SECONDS'),
    renewPeriodMs: seconds('GRAYLANE_LEASE_RENEW_PERIOD_SECONDS'),
    retryPeriodMs: seconds('GRAYLANE_LEASE_RETRY_PERIOD_SECONDS'),
  };
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
}

/** A unique identity per process: host (the pod name in a cluster), pid and a random suffix. */
export function defaultIdentity(): string {
  return `${hostname()}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** MicroTime: RFC 3339 with microseconds, as the API server stores Lease times. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Whether a candidate may take the Lease now (client-go's rule): it is free (no holder), ours, or
 * its record has not changed for its whole `leaseDurationSeconds` as measured on OUR clock since we
 * first saw that record. Local observation makes the rule immune to clock skew between replicas.
 * https://pkg.go.dev/k8s.io/client-go/tools/leaderelection
 */
export function mayAcquire(record: LeaseSpec, identity: string, observedAtMs: number, nowMs: number): boolean {
  if (!record.holderIdentity || record.holderIdentity === identity) return true;
  const durationMs = (record.leaseDurationSeconds ?? 0) * 1000;
  return observedAtMs + durationMs <= nowMs;
}

/** The record a successful acquire or renew writes. */
export function nextRecord(current: LeaseSpec | undefined, identity: string, leaseDurationSeconds: number, nowMs: number): LeaseSpec {
  const renewing = current?.holderIdentity === identity;
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: renewing && current?.acquireTime ? current.acquireTime : microTime(nowMs),
    renewTime: microTime(nowMs),
    leaseTransitions: renewing ? (current?.leaseTransitions ?? 0) : current ? (current.leaseTransitions ?? 0) + 1 : 0,
  };
}

const isConflict = (err: unknown) => isAppError(err) && (err.code === 'conflict' || err.code === 'already_exists');

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Leader election over a `coordination.k8s.io/v1` Lease, after client-go's leaderelection: acquire
 * and renew are resourceVersion-guarded updates (two candidates can never both win one version);
 * the leader renews every renewPeriod and declares itself lost as soon as it has not renewed for
 * renewDeadline (< leaseDuration, so it stops before anyone else may start); release on a graceful
 * stop empties the holder so another replica takes over at its next retry.
 * https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
 */
export function leaseLeadership(options: LeaseLeadershipOptions): Leadership & { isLeader(): boolean } {
  const { rest } = options;
  const timings: LeaseTimings = { ...DEFAULT_LEASE_TIMINGS, ...leaseTimingsFromEnv(), ...stripUndefined(options) };
  if (timings.renewDeadlineMs >= timings.leaseDurationMs) throw new Error('lease renew deadline must be shorter than the lease duration');
  const namespace = options.namespace ?? systemNamespace();
  const name = options.name ?? CONTROLLER_LEASE;
  const identity = options.identity ?? defaultIdentity();
  const log = options.log ?? ((msg: string) => console.log(`[controller] ${msg}`));
  const durationSeconds = Math.max(1, Math.ceil(timings.leaseDurationMs / 1000));
  const leasePath = resourcePath(LEASES, namespace, name);

  let cached: Lease | undefined;
  let observedJson = '';
  let observedAt = 0;
  let leading = false;
  /** bumped on every loss: a renew that was in flight then must not resurrect the old term */
  let term = 0;
  let renewTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let namespaceChecked = false;
  let lastProblem = '';
  const lostCallbacks: (() => void)[] = [];

  function note(msg: string): void {
    if (msg !== lastProblem) log(msg);
    lastProblem = msg;
  }

  function observe(lease: Lease): void {
    cached = lease;
    const json = JSON.stringify(lease.spec ?? {});
    if (json !== observedJson) {
      observedJson = json;
      observedAt = Date.now();
    }
  }

  async function ensureNamespace(): Promise<void> {
    if (namespaceChecked) return;
    try {
      await rest.request({ method: 'GET', path: resourcePath(NAMESPACES, undefined, namespace) });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // The embedded cluster (demo, tests) starts without it; on a real cluster deploy/ creates it
      // and the console may not create namespaces, so this fails there with a clear message.
      try {
        await rest.request({ method: 'POST', path: resourcePath(NAMESPACES), body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'graylane' } } } });
        log(`created namespace ${namespace} for the leader election Lease`);
      } catch (createErr) {
        if (!isConflict(createErr)) throw new Error(`namespace ${namespace} does not exist and could not be created (apply deploy/ first): ${(createErr as Error).message}`);
      }
    }
    namespaceChecked = true;
  }

  /** One attempt; true when we hold the Lease afterwards. */
  async function tryAcquireOrRenew(): Promise<boolean> {
    const now = Date.now();
    // Fast path for a leader: update the copy we wrote last; a conflict means someone else wrote.
    if (leading && cached?.spec?.holderIdentity === identity) {
      try {
        const body = { ...cached, spec: nextRecord(cached.spec, identity, durationSeconds, now) };
        observe(await rest.request<Lease>({ method: 'PUT', path: leasePath, body }));
        return true;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    let current: Lease;
    try {
      current = await rest.request<Lease>({ method: 'GET', path: leasePath });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await ensureNamespace();
      try {
        const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: nextRecord(undefined, identity, durationSeconds, now) };
        observe(await rest.request<Lease>({ method: 'POST', path: resourcePath(LEASES, namespace), body }));
        return true;
      } catch (createErr) {
        if (isConflict(createErr)) return false;
        throw createErr;
      }
    }
    observe(current);
    if (!mayAcquire(current.spec ?? {}, identity, observedAt, now)) return false;
    try {
      const body = { ...current, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: nextRecord(current.spec, identity, durationSeconds, now) };
      observe(await rest.request<Lease>({ method: 'PUT', path: leasePath, body }));
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  let inFlight: Promise<boolean> | undefined;
  function attempt(): Promise<boolean> {
    inFlight = attemptOnce();
    return inFlight;
  }
  async function attemptOnce(): Promise<boolean> {
    try {
      const ok = await tryAcquireOrRenew();
      lastProblem = '';
      return ok;
    } catch (err) {
      note(`lease ${namespace}/${name}: ${(err as Error).message}`);
      return false;
    }
  }

  function clearTimers(): void {
    if (renewTimer) clearTimeout(renewTimer);
    if (deadlineTimer) clearTimeout(deadlineTimer);
    renewTimer = deadlineTimer = undefined;
  }

  function lose(why: string): void {
    if (!leading) return;
    leading = false;
    term++;
    clearTimers();
    log(`lost the lease ${namespace}/${name} (${why})`);
    for (const cb of lostCallbacks) cb();
  }

  function armDeadline(): void {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    // Fires even while a renew request hangs: the leader must stop before the Lease may expire for others.
    deadlineTimer = setTimeout(() => lose(`not renewed for ${timings.renewDeadlineMs} ms`), timings.renewDeadlineMs);
    deadlineTimer.unref();
  }

  function scheduleRenew(ms: number): void {
    const myTerm = term;
    renewTimer = setTimeout(async () => {
      if (!leading || myTerm !== term) return;
      const ok = await attempt();
      if (!leading || myTerm !== term) return;
      if (ok) {
        armDeadline();
        scheduleRenew(timings.renewPeriodMs);
      } else if (cached?.spec?.holderIdentity && cached.spec.holderIdentity !== identity) {
        lose(`now held by ${cached.spec.holderIdentity}`);
      } else {
        scheduleRenew(timings.retryPeriodMs);
      }
    }, ms);
    renewTimer.unref();
  }

  return {
    identity,
    isLeader: () => leading,
    async acquire(signal) {
      let waitingLogged = false;
      while (!signal.aborted) {
        if (await attempt()) {
          if (signal.aborted) break;
          leading = true;
          term++;
          armDeadline();
          scheduleRenew(timings.renewPeriodMs);
          log(`became leader: holds lease ${namespace}/${name} as ${identity}`);
          return;
        }
        if (!waitingLogged) log(`waiting for the lease ${namespace}/${name} (held by ${cached?.spec?.holderIdentity || 'nobody'}); this replica reconciles once it leads`);
        waitingLogged = true;
        // Jitter (as client-go's 1.2 factor) keeps candidates from retrying in lockstep.
        await sleep(timings.retryPeriodMs * (1 + Math.random() * 0.2), signal);
      }
      // Aborted: never resolve, so the caller does not start reconciling.
      return new Promise<void>(() => undefined);
    },
    onLost(callback) {
      lostCallbacks.push(callback);
    },
    async release() {
      const wasLeading = leading;
      leading = false;
      term++;
      clearTimers();
      if (!wasLeading) return;
      // A renew still in flight would bump the resourceVersion under our release: let it land first.
      await inFlight?.catch(() => undefined);
      for (let tries = 0; tries < 3; tries++) {
        try {
          const current = await rest.request<Lease>({ method: 'GET', path: leasePath });
          if (current.spec?.holderIdentity !== identity) return;
          const now = microTime(Date.now());
          const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.spec?.leaseTransitions ?? 0 };
          await rest.request({ method: 'PUT', path: leasePath, body: { ...current, spec } });
          log(`released the lease ${namespace}/${name}`);
          return;
        } catch (err) {
          if (isConflict(err)) continue;
          // Best effort: the others take over when the lease expires instead.
          log(`could not release the lease ${namespace}/${name}: ${(err as Error).message}`);
          return;
        }
      }
    },
  };
}

function stripUndefined(o: Partial<LeaseTimings>): Partial<LeaseTimings> {
  const keys: (keyof LeaseTimings)[] = ['leaseDurationMs', 'renewDeadlineMs', 'renewPeriodMs', 'retryPeriodMs'];
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}
