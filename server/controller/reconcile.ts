import 'server-only';
import { RELEASE_FINALIZER, type GrayscaleRelease, type GrayscaleReleaseStatus } from '@/lib/release';
import { isNotFound } from '../kube/not-found';
import { applyAction } from './apply';
import { CONDITION, decide, type Action, type Decision } from './decide';
import { recordEvent, type ReleaseEvent } from './events';
import type { KubeObject } from './informer';
import { RELEASES, resourcePath, type ResourceType } from './resources';
import { MERGE_PATCH, type KubeRest } from '../kube/rest';
import { buildStatus, statusChanged, statusPatch } from './status';
import type { NamespaceLabels } from './namespace-labels';
import { readWorld, type Caches } from './world';
import { lookIfDue, type PrometheusSource } from './progress';

export interface ReconcileContext {
  rest: KubeRest;
  caches: Caches;
  istio: { virtualServices: ResourceType; destinationRules: ResourceType };
  log: (msg: string) => void;
  /** test seam: called after every write, before status and Event (a crash there must be survivable) */
  onWrite?: (key: string, action: Action) => void | Promise<void>;
  /** whether the controller is stopping or no longer leads: no new writes once set */
  stopping: () => boolean;
  /** this replica's leader-election identity, recorded on each Event as reportingInstance */
  instance?: string;
  /** namespace labels for the mesh check of jobs not yet accepted; absent: not checked */
  namespaceLabels?: NamespaceLabels;
  /** Prometheus of the progressive analysis; default GRAYLANE_PROMETHEUS_URL */
  prometheus?: PrometheusSource;
}

export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** Accepting a job must see every other acceptance first (one active job per Service). */
let acceptChain: Promise<unknown> = Promise.resolve();
function serializeAcceptance<T>(fn: () => Promise<T>): Promise<T> {
  const run = acceptChain.then(fn, fn);
  acceptChain = run.catch(() => undefined);
  return run;
}

async function emit(ctx: ReconcileContext, release: GrayscaleRelease, event: ReleaseEvent): Promise<void> {
  try {
    await recordEvent(ctx.rest, release, event, ctx.instance);
  } catch (err) {
    // History is best effort; the change itself happened and must not be retried for it.
    ctx.log(`event ${event.reason} on ${release.metadata.namespace}/${release.metadata.name} not recorded: ${(err as Error).message}`);
  }
}

function conditionStatus(status: GrayscaleReleaseStatus | undefined, type: string): string | undefined {
  return status?.conditions?.find((c) => c.type === type)?.status;
}

/** Events for transitions only the status shows (no write of ours caused them). */
function transitionEvents(before: GrayscaleReleaseStatus | undefined, after: GrayscaleReleaseStatus, decision: Decision): ReleaseEvent[] {
  const events: ReleaseEvent[] = [];
  if (conditionStatus(after, CONDITION.candidateReady) === 'True' && conditionStatus(before, CONDITION.candidateReady) !== 'True') {
    const message = after.conditions?.find((c) => c.type === CONDITION.candidateReady)?.message ?? '';
    events.push({ type: 'Normal', reason: 'CandidateReady', message: `candidate ready: ${message}` });
  }
  if (decision.warning && decision.warning.reason === 'Drifted' && conditionStatus(before, CONDITION.drifted) !== 'True') {
    events.push({ type: 'Warning', reason: 'Drifted', message: decision.warning.message });
  }
  if (decision.warning && decision.warning.reason !== 'Drifted' && (before?.phase !== 'Failed' || before?.message !== after.message)) {
    events.push({ type: 'Warning', reason: decision.warning.reason, message: decision.warning.message });
  }
  if (after.phase !== before?.phase && after.phase !== 'Failed') {
    events.push({ type: 'Normal', reason: 'PhaseChanged', message: `phase ${before?.phase ?? '(none)'} → ${after.phase}` });
  }
  return events;
}

async function writeStatus(ctx: ReconcileContext, release: GrayscaleRelease, next: GrayscaleReleaseStatus): Promise<void> {
  try {
    const written = await ctx.rest.request<KubeObject>({
      method: 'PATCH',
      path: resourcePath(RELEASES, release.metadata.namespace, release.metadata.name, 'status'),
      body: statusPatch(next, release.status),
      contentType: MERGE_PATCH,
    });
    ctx.caches.releases.observe(written);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * One level-based reconcile of a job: read the world, make at most one write, write the status
 * that describes the world after it, record Events, and say whether to come back at once.
 * https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export async function reconcile(ctx: ReconcileContext, key: string): Promise<ReconcileResult> {
  const [namespace, name] = key.split('/');
  const cached = ctx.caches.releases.get(namespace, name) as unknown as GrayscaleRelease | undefined;
  // Only acceptance judges mesh membership: skip the read for jobs already accepted.
  const needsLabels = cached && !(cached.metadata.finalizers ?? []).includes(RELEASE_FINALIZER) && !cached.metadata.deletionTimestamp;
  const labels = needsLabels ? await ctx.namespaceLabels?.(namespace) : undefined;
  let world = readWorld(ctx.caches, namespace, name, labels);
  if (!world || ctx.stopping()) return {};
  // One clock and at most one analysis look per reconcile: both decides below see the same ones.
  const now = Date.now();
  const look = await lookIfDue(world.release, now, ctx.prometheus);
  if (ctx.stopping()) return {};
  world = { ...(readWorld(ctx.caches, namespace, name, labels) ?? world), now, look };
  let decision = decide(world);

  if (decision.action) {
    let action: Action | null = decision.action;
    const release = world.release;
    const apply = async () => {
      if (ctx.stopping()) return false;
      const { caches } = ctx;
      await applyAction({ rest: ctx.rest, releases: caches.releases, deployments: caches.deployments, virtualServices: caches.virtualServices, destinationRules: caches.destinationRules }, release, action!, ctx.istio);
      return true;
    };
    let done: boolean;
    if (action.kind === 'addFinalizer') {
      done = await serializeAcceptance(async () => {
        // Re-decide inside the lock: another job for the Service may have been accepted meanwhile.
        const fresh = readWorld(ctx.caches, namespace, name, labels);
        const again = fresh ? decide(fresh) : null;
        if (again?.action?.kind !== 'addFinalizer') {
          action = null;
          return false;
        }
        return apply();
      });
    } else {
      done = await apply();
    }
    if (!done || !action) return { requeueAfterMs: 0 };
    await ctx.onWrite?.(key, action);
    if (ctx.stopping()) return {};
    await emit(ctx, release, { type: 'Normal', reason: action.reason, message: action.message });
    const after = readWorld(ctx.caches, namespace, name, labels);
    if (!after) return {};
    world = { ...after, now, look };
    decision = decide(world);
  }

  if (!decision.inert) {
    const next = buildStatus(world.release, decision, new Date().toISOString());
    if (statusChanged(world.release, next)) {
      const before = world.release.status;
      await writeStatus(ctx, world.release, next);
      for (const event of [...transitionEvents(before, next, decision), ...(decision.progressEvents ?? [])]) await emit(ctx, world.release, event);
    }
  }
  return { requeueAfterMs: decision.action ? 0 : decision.requeueAfterMs };
}
