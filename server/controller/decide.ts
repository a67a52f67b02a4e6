import 'server-only';
import {
  detectDrift,
  detectGatewayDrift,
  isManagedRoute,
  keptVersion,
  planOffline,
  planRouting,
  RELEASE_FINALIZER,
  routedWeights,
  subsetNameFor,
  translateRelease,
  updateCandidateDeployment,
  validateReleaseSpec,
  versionReceivingAllTraffic,
  type Deployment,
  type DestinationRule,
  type GrayscaleReleaseSpec,
  type ReleaseCondition,
  type ReleasePhase,
  type ReleaseVersionStatus,
  type VirtualService,
} from '@/lib/release';
import { canonicalJson } from '@/lib/release/clone';
import { effectiveSpec, isProgressive } from '@/lib/release/progressive';
import { ABORT_ANNOTATION, advanceProgress, PROMOTE_ANNOTATION, type ProgressEvent, type ReleaseProgress } from '@/lib/analysis/progress';
import { meshMembership, templateWorkload } from '@/lib/mesh/membership';
import { IMPORT_PENDING_ANNOTATION } from '@/lib/kubesphere/strategy-types';
import type { World } from './world';

/** Annotation naming who made the last change (set by the REST API); Events quote it. */
export const CHANGED_BY_ANNOTATION = 'graylane.io/changed-by';
/**
 * Drift policy annotation: `report` (default) leaves a manually edited route alone until the job's
 * spec changes; `enforce` re-applies the job's routes at once.
 */
export const DRIFT_POLICY_ANNOTATION = 'graylane.io/drift-policy';

export const CONDITION = {
  accepted: 'Accepted',
  candidateReady: 'CandidateReady',
  routesApplied: 'RoutesApplied',
  drifted: 'Drifted',
} as const;

/** Reason of the Accepted=False condition of a job refused because its Service already has one. */
export const REFUSED_REASON = 'ServiceHasActiveJob';
/** Reason of the Accepted=False condition of a job whose Service has no sidecars (lib/mesh). */
export const NOT_IN_MESH_REASON = 'NotInMesh';
/** Refusals: the job was never accepted (Accepted=False with the reason). */
const REFUSALS = [REFUSED_REASON, NOT_IN_MESH_REASON];

/** One write the controller makes to converge a job; `reason`/`message` become the Event. */
export type Action =
  | { kind: 'addFinalizer'; reason: string; message: string }
  | { kind: 'removeFinalizer'; reason: string; message: string }
  | { kind: 'applyDestinationRule'; object: DestinationRule; reason: string; message: string }
  | { kind: 'applyVirtualService'; object: VirtualService; reason: string; message: string }
  | { kind: 'createDeployment'; object: Deployment; reason: string; message: string }
  | { kind: 'updateDeployment'; object: Deployment; reason: string; message: string }
  | { kind: 'deleteDeployment'; name: string; reason: string; message: string }
  /** a JSON merge patch of the job itself (one-shot annotations cleared, the final take over written) */
  | { kind: 'patchRelease'; patch: Record<string, unknown>; reason: string; message: string };

/** What the job should look like now (status) and the next write, if any. */
export interface Decision {
  action: Action | null;
  phase: ReleasePhase;
  message?: string;
  keptVersion?: string;
  conditions: ReleaseCondition[];
  versions: ReleaseVersionStatus[];
  /** a Warning-worthy state (Failed, Drifted) to record once when it starts */
  warning?: { reason: string; message: string };
  /** re-check later even without events (e.g. waiting on something the watches do not cover) */
  requeueAfterMs?: number;
  /** the job owns nothing any more (finished or vanishing): leave its status alone */
  inert?: boolean;
  /** progressive jobs: the next status.progress and the Events its change records */
  progress?: ReleaseProgress;
  progressEvents?: ProgressEvent[];
}

const cond = (type: string, status: boolean, reason: string, message = '', observedGeneration?: number): ReleaseCondition => ({
  type,
  status: status ? 'True' : 'False',
  reason,
  message,
  ...(observedGeneration !== undefined ? { observedGeneration } : {}),
});

function condition(w: World, type: string): ReleaseCondition | undefined {
  return w.release.status?.conditions?.find((c) => c.type === type);
}

/** Percent of unmatched traffic per version as the VirtualService in the cluster routes it now. */
export function actualWeights(w: World, spec: GrayscaleReleaseSpec): Record<string, number> {
  const name = w.release.metadata.name;
  const vs = w.virtualService;
  if (vs && (vs.spec.http ?? []).some((r) => isManagedRoute(r, name))) return routedWeights(vs, name, spec);
  // No route of ours: Kubernetes balances over the Service's ready pods (or the VS's own catch-all,
  // which we cannot attribute); the pod share is the honest estimate.
  const base = w.readyPods[spec.baseline.version] ?? 0;
  const cand = w.readyPods[spec.candidate.version] ?? 0;
  const total = base + cand;
  if (total === 0) return { [spec.baseline.version]: 0, [spec.candidate.version]: 0 };
  const candWeight = Math.round((cand * 100) / total);
  return { [spec.baseline.version]: 100 - candWeight, [spec.candidate.version]: candWeight };
}

function versionsOf(w: World, spec: GrayscaleReleaseSpec): ReleaseVersionStatus[] {
  const weights = actualWeights(w, spec);
  const entry = (version: string, d: Deployment | null): ReleaseVersionStatus => ({
    version,
    ...(d ? { workload: d.metadata.name } : {}),
    replicas: d ? (d.spec.replicas ?? 1) : 0,
    readyReplicas: w.readyPods[version] ?? 0,
    weight: weights[version] ?? 0,
  });
  return [entry(spec.baseline.version, w.baseline), entry(spec.candidate.version, w.candidate)];
}

function describeWeights(weights: Record<string, number>): string {
  return Object.entries(weights)
    .map(([v, p]) => `${v} ${p}%`)
    .join(' / ');
}

const subsetsOf = (dr: DestinationRule | null) => (dr?.spec.subsets ?? []).map((s) => s.name);

/** Subsets any route (or mirror) of the VirtualService points at. */
function referencedSubsets(vs: VirtualService | null): Set<string> {
  const out = new Set<string>();
  for (const route of vs?.spec.http ?? []) {
    for (const d of route.route ?? []) if (d.destination.subset) out.add(d.destination.subset);
    if (route.mirror?.subset) out.add(route.mirror.subset);
  }
  return out;
}

/** Subsets any route the job's world uses (mesh and gateway VirtualServices) sends to. */
function referencedByRoutes(w: World): Set<string> {
  return new Set([w.virtualService, ...w.gatewayVirtualServices].flatMap((vs) => [...referencedSubsets(vs)]));
}

const sameDestinationRule = (a: DestinationRule, b: DestinationRule | null) => b !== null && canonicalJson(a.spec) === canonicalJson(b.spec);
const sameVirtualService = (a: VirtualService, b: VirtualService | null) =>
  b !== null && canonicalJson(a.spec) === canonicalJson(b.spec) && canonicalJson(a.metadata.annotations ?? {}) === canonicalJson(b.metadata.annotations ?? {});

function drAction(w: World, desired: DestinationRule): Action {
  const from = subsetsOf(w.destinationRule);
  const to = subsetsOf(desired);
  const verb = w.destinationRule ? 'updated' : 'created';
  const added = to.filter((s) => !from.includes(s));
  const dropped = from.filter((s) => !to.includes(s));
  const reason = dropped.length > 0 ? 'SubsetDropped' : 'SubsetAdded';
  const what = [...added.map((s) => `+${s}`), ...dropped.map((s) => `-${s}`)].join(' ');
  return { kind: 'applyDestinationRule', object: desired, reason, message: `DestinationRule ${desired.metadata.name} ${verb} (${what || 'no subset change'}): subsets [${from.join(', ')}] → [${to.join(', ')}]` };
}

function vsReason(spec: GrayscaleReleaseSpec, from: Record<string, number>, offline: boolean): string {
  if (offline) return 'OfflineRouted';
  if (spec.takeOver) return 'TakenOver';
  // Back from a take-over of the candidate to the configured split.
  return from[spec.candidate.version] === 100 && spec.traffic.candidateWeight < 100 ? 'Restored' : 'TrafficChanged';
}

function vsAction(w: World, spec: GrayscaleReleaseSpec, desired: VirtualService, offline: boolean, overwriting: boolean): Action {
  const from = actualWeights(w, spec);
  const to = routedWeights(desired, w.release.metadata.name, spec);
  const reason = vsReason(spec, from, offline);
  const verb = w.virtualService ? 'updated' : 'created';
  const note = overwriting ? ' (overwrote a manual change of the managed routes)' : '';
  return { kind: 'applyVirtualService', object: desired, reason, message: `VirtualService ${desired.metadata.name} ${verb}: traffic ${describeWeights(from)} → ${describeWeights(to)}${note}` };
}

/** The first governed gateway VirtualService that differs from the one in the cluster. */
function pendingGateway(w: World, desired: VirtualService[]): VirtualService | null {
  return desired.find((g) => !sameVirtualService(g, w.gatewayVirtualServices.find((c) => c.metadata.name === g.metadata.name) ?? null)) ?? null;
}

function gatewayAction(w: World, spec: GrayscaleReleaseSpec, desired: VirtualService, offline: boolean, overwriting = false): Action {
  const reason = vsReason(spec, actualWeights(w, spec), offline);
  const note = overwriting ? ' (overwrote a manual change of its routes)' : '';
  return {
    kind: 'applyVirtualService',
    object: desired,
    reason,
    message: `VirtualService ${desired.metadata.name} (gateways ${(desired.spec.gateways ?? []).join(', ')}) updated: its ingress routes to ${spec.service} follow the job's routing${note}`,
  };
}

function failed(w: World, spec: GrayscaleReleaseSpec | null, reason: string, message: string, extra: ReleaseCondition[] = []): Decision {
  const refused = REFUSALS.includes(reason);
  return {
    action: null,
    phase: 'Failed',
    message,
    conditions: [cond(CONDITION.accepted, !refused, refused ? reason : 'Accepted', refused ? message : ''), ...extra],
    versions: spec ? versionsOf(w, spec) : [],
    warning: { reason: reason === REFUSED_REASON ? 'Refused' : reason === NOT_IN_MESH_REASON ? NOT_IN_MESH_REASON : 'Failed', message },
    // Namespace labels are not watched: look again so labelling the namespace lets the job start.
    requeueAfterMs: reason === REFUSED_REASON ? undefined : 30_000,
  };
}

/**
 * Decides the next single write for a job from its world (level-based: nothing is remembered
 * except what the cluster shows) and the status that describes the world now.
 * https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export function decide(w: World): Decision {
  const r = w.release;
  const generation = r.metadata.generation ?? 0;
  const isDeleting = Boolean(r.metadata.deletionTimestamp);
  const accepted = (r.metadata.finalizers ?? []).includes(RELEASE_FINALIZER);

  const valid = validateReleaseSpec(r.spec);
  if (!valid.ok) {
    // The CRD rejects these; a cluster with an older CRD might not.
    if (accepted && isDeleting) return { action: { kind: 'removeFinalizer', reason: 'Deleted', message: 'invalid job deleted; nothing to roll back' }, phase: 'Failed', conditions: [], versions: [] };
    return failed(w, null, 'InvalidSpec', `invalid spec: ${valid.errors.map((e) => e.message).join('; ')}`);
  }
  const spec = valid.value;

  if (!accepted && !isDeleting && r.metadata.annotations?.[IMPORT_PENDING_ANNOTATION]) {
    // An import in progress may still be rolled back (server/kubesphere/import-apply.ts): accepting
    // it now could make its rollback route traffic or delete a workload.
    const message = `waiting for the import of KubeSphere Strategy ${r.metadata.annotations[IMPORT_PENDING_ANNOTATION]} to finish (annotation ${IMPORT_PENDING_ANNOTATION})`;
    return { action: null, phase: 'Pending', message, conditions: [cond(CONDITION.accepted, false, 'ImportPending', message)], versions: versionsOf(w, spec) };
  }

  if (!accepted) {
    if (r.status?.phase === 'Completed' || isDeleting) {
      // Finished (the finalizer goes last) or vanishing: the job no longer owns anything.
      return { action: null, inert: true, phase: r.status?.phase ?? 'Completed', conditions: [], versions: [] };
    }
    const refusedBefore = condition(w, CONDITION.accepted);
    const rival = w.rivals.find((o) => (o.metadata.finalizers ?? []).includes(RELEASE_FINALIZER));
    const stillRefused = refusedBefore?.status === 'False' && refusedBefore.reason === REFUSED_REASON && r.status?.observedGeneration === generation;
    if (rival || stillRefused) {
      // A refusal answers this generation of the request: it stays until the job is changed, even if
      // the other job finishes meanwhile (a Failed job springing to life would surprise its author).
      const message = rival
        ? `Service ${spec.service} already has an active release job "${rival.metadata.name}"; take that job offline or delete it first (one active job per Service)`
        : (refusedBefore?.message ?? 'refused');
      return failed(w, spec, REFUSED_REASON, message);
    }
    // Only sidecars split traffic by version. Judged before acceptance only: an accepted job keeps
    // running (and can always be rolled back) even if the namespace's labels change later.
    const mesh = meshMembership({
      namespace: r.metadata.namespace ?? '',
      namespaceLabels: w.namespaceLabels,
      service: spec.service,
      workloads: w.baseline ? [templateWorkload(w.baseline)] : [],
    });
    if (!mesh.inMesh) return failed(w, spec, NOT_IN_MESH_REASON, mesh.reason);
    return {
      action: { kind: 'addFinalizer', reason: 'Accepted', message: `release job accepted: ${spec.strategy} ${spec.service} ${spec.baseline.version} → ${spec.candidate.version}` },
      phase: 'Pending',
      conditions: [cond(CONDITION.accepted, true, 'Accepted')],
      versions: versionsOf(w, spec),
    };
  }

  if (!w.service) {
    if (isDeleting) {
      if (w.candidate) return { action: { kind: 'deleteDeployment', name: w.candidate.metadata.name, reason: 'DeploymentDeleted', message: `Deployment ${w.candidate.metadata.name} deleted (Service ${spec.service} is gone)` }, phase: 'Completing', conditions: [], versions: [] };
      return { action: { kind: 'removeFinalizer', reason: 'Deleted', message: 'job deleted' }, phase: 'Completing', conditions: [], versions: [] };
    }
    return failed(w, spec, 'ServiceNotFound', `Service ${spec.service} was not found in namespace ${r.metadata.namespace}`);
  }

  // A progressive job goes offline keeping what its schedule routes to (the candidate once taken over).
  if (spec.offline || isDeleting) return decideOffline(w, effectiveSpec(spec, r.status?.progress), isDeleting);
  if (isProgressive(spec)) return decideProgressive(w, spec, generation);
  return decideActive(w, spec, generation);
}

/**
 * A Canary job with spec.steps: the schedule (lib/analysis/progress.ts, with the look taken in this
 * reconcile) decides the next status.progress; the routes follow the weight it implies through the
 * same make-before-break path as any job; when they are in force, one-shot annotations already
 * acted on are cleared and the final take over is written into spec.takeOver.
 */
function decideProgressive(w: World, spec: GrayscaleReleaseSpec, generation: number): Decision {
  const now = w.now ?? Date.now();
  const name = w.release.metadata.name;
  const candidateReady = w.candidate !== null && (w.readyPods[spec.candidate.version] ?? 0) > 0;
  const stored = w.release.status?.progress;
  // A step starts when every route it governs carries its weight: the mesh VirtualService AND the
  // gateway ones (written one per reconcile), else the analysis window would open on a split the
  // ingress does not apply yet (a sample-ratio mismatch). Only our own routes say what is in force
  // (the pod-share estimate could match a step by chance).
  const routed = (w.virtualService?.spec.http ?? []).some((route) => isManagedRoute(route, name));
  const inForce = decideActive(w, effectiveSpec(spec, stored), generation).conditions.find((c) => c.type === CONDITION.routesApplied)?.status === 'True';
  const applied = routed && inForce ? (actualWeights(w, spec)[spec.candidate.version] ?? 0) : null;
  const r = advanceProgress({
    steps: spec.steps!,
    analysis: spec.analysis,
    previous: stored,
    now,
    paused: spec.paused === true,
    annotations: w.release.metadata.annotations,
    candidateReady,
    appliedWeight: applied,
    specTakenOver: spec.takeOver === spec.candidate.version,
    look: w.look,
  });
  const d = decideActive(w, effectiveSpec(spec, r.progress), generation);
  const action = d.action ?? housekeeping(w, spec, stored);
  const rolledBack = r.progress.phase === 'rolled-back';
  const requeue = [d.requeueAfterMs, r.requeueAfterMs ?? undefined].filter((t): t is number => t !== undefined);
  return {
    ...d,
    action,
    phase: rolledBack ? 'Failed' : d.phase,
    message: rolledBack ? r.progress.message : (d.message ?? r.progress.message),
    progress: r.progress,
    progressEvents: r.events,
    ...(requeue.length > 0 ? { requeueAfterMs: Math.min(...requeue) } : {}),
  };
}

/**
 * Writes to the job itself once the status already records what they follow from (so a crash in
 * between loses nothing): a consumed or stale Promote/Abort annotation is cleared, and the
 * completed schedule's take over becomes spec.takeOver. The resourceVersion makes the merge patch
 * conditional: a Promote set meanwhile is not wiped.
 */
function housekeeping(w: World, spec: GrayscaleReleaseSpec, stored: ReleaseProgress | undefined): Action | null {
  const annotations = w.release.metadata.annotations ?? {};
  const final = stored?.phase === 'rolled-back' || stored?.phase === 'completed';
  const resourceVersion = w.release.metadata.resourceVersion;
  const clear = (key: string, why: string): Action => ({
    kind: 'patchRelease',
    patch: { metadata: { resourceVersion, annotations: { [key]: null } } },
    reason: 'AnnotationCleared',
    message: `annotation ${key}=${annotations[key]} cleared: ${why}`,
  });
  const abort = annotations[ABORT_ANNOTATION];
  if (abort !== undefined && (abort !== 'true' || final)) return clear(ABORT_ANNOTATION, abort === 'true' ? 'the job is aborted' : 'only "true" aborts');
  const promote = annotations[PROMOTE_ANNOTATION];
  if (promote !== undefined && (final || promote !== String(stored?.stepIndex ?? 0))) {
    return clear(PROMOTE_ANNOTATION, final ? 'the schedule is over' : `the job is at step index ${stored?.stepIndex ?? 0} (promoted, or a stale request)`);
  }
  if (stored?.phase === 'completed' && !stored.handedOver && !spec.takeOver) {
    return {
      kind: 'patchRelease',
      patch: { metadata: { resourceVersion }, spec: { takeOver: spec.candidate.version } },
      reason: 'TakeOverRecorded',
      message: `schedule completed: spec.takeOver set to ${spec.candidate.version}, the job is now an ordinary taken-over job`,
    };
  }
  return null;
}

function decideActive(w: World, spec: GrayscaleReleaseSpec, generation: number): Decision {
  const service = w.service!;
  const candidateReady = w.candidate !== null && (w.readyPods[spec.candidate.version] ?? 0) > 0;
  if (w.foreignCandidate) {
    return failed(w, spec, 'CandidateNameTaken', `Deployment ${w.foreignCandidate.metadata.name} already exists and is not managed by this job; choose another candidate version`);
  }
  if (!w.baseline && !candidateReady) {
    return failed(w, spec, 'BaselineNotFound', `no Deployment of Service ${spec.service} has pods labelled version=${spec.baseline.version}`);
  }

  let t: ReturnType<typeof translateRelease>;
  try {
    t = translateRelease({
      // a progressive job routes by its current step (effectiveSpec); other jobs exactly as stored
      release: isProgressive(spec) ? { ...w.release, spec } : w.release,
      service,
      baselineDeployment: w.baseline,
      candidateDeployment: w.candidate,
      candidateReady,
      existingVirtualService: w.virtualService,
      existingDestinationRule: w.destinationRule,
      gatewayVirtualServices: w.gatewayVirtualServices,
    });
  } catch (err) {
    return failed(w, spec, 'TranslationFailed', (err as Error).message);
  }
  const { plan, notes: safetyNotes } = planRouting(spec, { baseline: w.baseline !== null, candidate: candidateReady });

  const meshDrift = detectDrift(w.virtualService, t.virtualService);
  // Gateway-only VirtualServices the job governs drift the same way (their own stamp).
  const gatewayCtx = { releaseName: w.release.metadata.name, namespace: w.release.metadata.namespace, serviceName: service.metadata.name, spec, plan };
  const gatewayDrifts = w.gatewayVirtualServices
    .map((g) => ({ name: g.metadata.name, report: detectGatewayDrift(g, gatewayCtx) }))
    .filter((d) => d.report.drifted);
  const drift = {
    drifted: meshDrift.drifted || gatewayDrifts.length > 0,
    details: [...meshDrift.details, ...gatewayDrifts.flatMap((d) => d.report.details.map((x) => `VirtualService ${d.name}: ${x}`))],
  };
  const driftedNames = [...(meshDrift.drifted && w.virtualService ? [w.virtualService.metadata.name] : []), ...gatewayDrifts.map((d) => d.name)];
  const routesCondition = condition(w, CONDITION.routesApplied);
  const appliedGeneration = routesCondition?.observedGeneration ?? 0;
  const enforce = w.release.metadata.annotations?.[DRIFT_POLICY_ANNOTATION] === 'enforce';
  // A spec change after the drift is the user asking for their routes again; until then the manual
  // edit stands and is reported.
  const mayOverwrite = !drift.drifted || enforce || generation > appliedGeneration;

  const drSame = sameDestinationRule(t.destinationRule, w.destinationRule);
  const vsSame = sameVirtualService(t.virtualService, w.virtualService);
  const dropped = subsetsOf(w.destinationRule).filter((s) => !subsetsOf(t.destinationRule).includes(s));

  // Ingress (gateway-only VirtualServices) follows the same plan, in the same make-before-break slot;
  // one edited by hand is left alone like the mesh one (reported, re-applied on a spec change).
  const gatewayOutOfSync = pendingGateway(w, t.gatewayVirtualServices) !== null;
  const gateway = pendingGateway(w, mayOverwrite ? t.gatewayVirtualServices : t.gatewayVirtualServices.filter((g) => !gatewayDrifts.some((d) => d.name === g.metadata.name)));

  let action: Action | null = null;
  if (!drSame && dropped.length === 0) action = drAction(w, t.destinationRule);
  else if (!vsSame && mayOverwrite) action = vsAction(w, spec, t.virtualService, false, meshDrift.drifted);
  else if (gateway) action = gatewayAction(w, spec, gateway, false, gatewayDrifts.some((d) => d.name === gateway.metadata.name));
  else if (!drSame && !dropped.some((s) => referencedByRoutes(w).has(s))) action = drAction(w, t.destinationRule);
  else if (t.candidateDeployment && !w.candidate) {
    const images = Object.entries(spec.candidate.images ?? {}).map(([c, i]) => `${c}=${i}`).join(', ');
    action = {
      kind: 'createDeployment',
      object: t.candidateDeployment,
      reason: 'CandidateCreated',
      message: `Deployment ${t.candidateDeployment.metadata.name} created from ${w.baseline?.metadata.name} (${spec.candidate.version}, ${spec.candidate.replicas} replica(s)${images ? `, ${images}` : ''})`,
    };
  } else if (t.candidateDeployment && w.candidate) {
    action = candidateUpdate(w.candidate, spec);
  }

  const routesApplied = vsSame && drSame && !gatewayOutOfSync && safetyNotes.length === 0;
  const routesReason = routesApplied ? 'Applied' : drift.drifted && !mayOverwrite ? 'Drifted' : safetyNotes.length > 0 ? 'WaitingForCandidate' : 'Applying';
  const routesMessage = routesApplied ? `routes of generation ${generation} are in force` : drift.drifted && !mayOverwrite ? 'managed routes were changed by hand; see Drifted' : (safetyNotes[0] ?? 'applying');
  // observedGeneration on RoutesApplied = the generation whose routes are in the cluster: it is what
  // tells a later manual edit (drift) from a spec change still to apply.
  // Gateways count too: a drifted gateway must still be re-applied by the next spec change.
  const routesGeneration = vsSame && !gatewayOutOfSync ? generation : appliedGeneration || undefined;

  const weights = actualWeights(w, spec);
  const phase: ReleasePhase = !candidateReady ? 'WaitingForCandidate' : spec.takeOver && weights[spec.takeOver] === 100 ? 'TakenOver' : 'Progressing';
  const candidateMessage = w.candidate ? `${w.candidate.metadata.name}: ${w.readyPods[spec.candidate.version] ?? 0}/${w.candidate.spec.replicas ?? 1} ready` : 'candidate Deployment not created yet';
  return {
    action,
    phase,
    message: phase === 'WaitingForCandidate' ? `waiting for ${spec.candidate.version} to have ready pods (${candidateMessage})` : undefined,
    conditions: [
      cond(CONDITION.accepted, true, 'Accepted'),
      cond(CONDITION.candidateReady, candidateReady, candidateReady ? 'PodsReady' : w.candidate ? 'WaitingForPods' : 'NotCreated', candidateMessage),
      cond(CONDITION.routesApplied, routesApplied, routesReason, routesMessage, routesGeneration),
      cond(CONDITION.drifted, drift.drifted, drift.drifted ? 'ManualChange' : 'InSync', drift.details.join('; ')),
    ],
    versions: versionsOf(w, spec),
    ...(drift.drifted && !mayOverwrite ? { warning: { reason: 'Drifted', message: `managed routes of VirtualService ${driftedNames.join(', ')} were changed outside the job: ${drift.details.join('; ')}` } } : {}),
  };
}

/**
 * The candidate as the job wants it, built by the same function the YAML preview uses
 * (updateCandidateDeployment: replicas and the job's named images enforced, the rest of the
 * template left to the user); the diff only words the Event.
 */
function candidateUpdate(current: Deployment, spec: GrayscaleReleaseSpec): Action | null {
  const next = updateCandidateDeployment(current, spec);
  const changes: string[] = [];
  if ((current.spec.replicas ?? 1) !== (next.spec.replicas ?? 1)) changes.push(`replicas ${current.spec.replicas ?? 1} → ${next.spec.replicas ?? 1}`);
  for (const field of ['initContainers', 'containers'] as const) {
    for (const c of next.spec.template.spec[field] ?? []) {
      const before = (current.spec.template.spec[field] ?? []).find((x) => x.name === c.name);
      if (before && before.image !== c.image) changes.push(`${c.name} image ${before.image} → ${c.image}`);
    }
  }
  if (changes.length === 0) return null;
  return { kind: 'updateDeployment', object: next, reason: 'CandidateUpdated', message: `Deployment ${current.metadata.name} updated: ${changes.join(', ')}` };
}

function decideOffline(w: World, spec: GrayscaleReleaseSpec, isDeleting: boolean): Decision {
  const name = w.release.metadata.name;
  const kept = keptVersion(spec);
  const removed = kept === spec.baseline.version ? spec.candidate.version : spec.baseline.version;
  const removedDeployment = removed === spec.baseline.version ? w.baseline : w.candidate;
  const keptReady = (w.readyPods[kept] ?? 0) > 0;
  const hasOurRoutes = (w.virtualService?.spec.http ?? []).some((r) => isManagedRoute(r, name));
  // Nothing was ever routed by this job and the other version serves nothing: no route to write.
  const meshAllTo = !hasOurRoutes && (w.readyPods[removed] ?? 0) === 0 ? kept : versionReceivingAllTraffic(w.virtualService, name, spec);
  const offlineSpec = { ...spec, offline: true };
  const translateOffline = () =>
    translateRelease({
      release: { metadata: w.release.metadata, spec: offlineSpec },
      service: w.service!,
      baselineDeployment: w.baseline,
      candidateDeployment: w.candidate,
      candidateReady: w.candidate !== null && (w.readyPods[spec.candidate.version] ?? 0) > 0,
      existingVirtualService: w.virtualService,
      existingDestinationRule: w.destinationRule,
      gatewayVirtualServices: w.gatewayVirtualServices,
    });
  // Ingress too must send everything to the kept version before the other one goes.
  let gatewayPending = false;
  if (w.gatewayVirtualServices.length > 0 && meshAllTo === kept) {
    try {
      gatewayPending = pendingGateway(w, translateOffline().gatewayVirtualServices) !== null;
    } catch {
      gatewayPending = true;
    }
  }
  const allTrafficTo = gatewayPending ? null : meshAllTo;
  const plan = planOffline(spec, { allTrafficTo, removedDeployment: removedDeployment?.metadata.name ?? null, keptReady, destinationRule: w.destinationRule });
  const step = plan.steps[0];
  const user = isDeleting ? 'job deleted' : 'job offline';

  let action: Action | null = null;
  let message = `${user}: keeping ${kept}, removing ${removed}`;
  let phase: ReleasePhase = 'Completing';
  switch (step.step) {
    case 'wait-ready':
      message = `${user}: waiting for ${kept} to have ready pods before routing all traffic to it`;
      break;
    case 'route-all-to': {
      try {
        const t = translateOffline();
        const missing = subsetsOf(t.destinationRule).filter((s) => !subsetsOf(w.destinationRule).includes(s));
        const gateway = pendingGateway(w, t.gatewayVirtualServices);
        // The kept subset must exist before the route to it; a job going offline always overwrites drift.
        if (missing.length > 0) action = drAction(w, t.destinationRule);
        else if (!sameVirtualService(t.virtualService, w.virtualService)) action = vsAction(w, spec, t.virtualService, true, detectDrift(w.virtualService, t.virtualService).drifted);
        else if (gateway) action = gatewayAction(w, spec, gateway, true);
      } catch (err) {
        return failed(w, spec, 'TranslationFailed', (err as Error).message);
      }
      break;
    }
    case 'delete-deployment':
      action = { kind: 'deleteDeployment', name: step.name, reason: 'DeploymentDeleted', message: `Deployment ${step.name} (${removed}) deleted: all traffic is on ${kept}` };
      break;
    case 'drop-subset': {
      const dr = structuredClone(w.destinationRule!);
      dr.spec.subsets = (dr.spec.subsets ?? []).filter((s) => s.name !== step.name);
      if (referencedByRoutes(w).has(step.name)) {
        message = `${user}: waiting for no route to use subset ${step.name}`;
        break;
      }
      action = drAction(w, dr);
      break;
    }
    case 'complete':
      if (isDeleting) {
        action = { kind: 'removeFinalizer', reason: 'RolledBack', message: `job deleted: all traffic on ${kept}, ${removed} removed; releasing the object` };
      } else if (w.release.status?.phase === 'Completed') {
        // Status says Completed first, then the finalizer goes: a crash in between still ends Completed.
        action = { kind: 'removeFinalizer', reason: 'Completed', message: `job completed: ${kept} serves all traffic, ${removed} removed` };
        phase = 'Completed';
      } else {
        phase = 'Completed';
      }
      message = `job completed: ${kept} serves all traffic, ${removed} removed`;
      break;
  }
  const subsetGone = !subsetsOf(w.destinationRule).includes(subsetNameFor(removed));
  return {
    action,
    phase,
    message,
    keptVersion: kept,
    conditions: [
      cond(CONDITION.accepted, true, 'Accepted'),
      cond(CONDITION.routesApplied, allTrafficTo === kept, allTrafficTo === kept ? 'AllTrafficToKept' : 'Applying', allTrafficTo === kept ? `all traffic on ${kept}` : `routing all traffic to ${kept}`, allTrafficTo === kept ? (w.release.metadata.generation ?? 0) : undefined),
      cond('Offline', step.step === 'complete', step.step === 'complete' ? 'Done' : step.step, `${removedDeployment ? `Deployment ${removedDeployment.metadata.name} present` : `${removed} Deployment removed`}; subset ${subsetNameFor(removed)} ${subsetGone ? 'dropped' : 'present'}`),
    ],
    versions: versionsOf(w, spec),
  };
}
