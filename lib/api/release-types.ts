/**
 * View models of the release-job REST API (DESIGN.md "REST API (contract)"):
 *   GET/POST   /api/projects/{ns}/releases
 *   GET/PATCH/DELETE /api/projects/{ns}/releases/{name}
 *   POST .../releases/{name}/takeover {version} | /restore | /offline
 *   GET  .../releases/{name}/preview
 * The server reshapes GrayscaleRelease objects (plus their Deployments, pods and Events) into these;
 * the browser never sees raw VirtualServices. Plain JSON only.
 */
import type { GrayscaleReleaseSpec, MatchGroup, ReleasePhase, Strategy } from '../release/types';
import type { DiffLine } from '../release/line-diff';
import type { ReleaseProgressiveView } from './release-progress';
import type { PodView } from './types';

export type { DiffLine, GrayscaleReleaseSpec, MatchGroup, ReleasePhase, Strategy };

/** One version of a job (baseline or candidate) as the controller sees it now. */
export interface ReleaseVersionView {
  version: string;
  role: 'baseline' | 'candidate';
  /** Deployment name; null when it does not exist (yet, or any more) */
  workload: string | null;
  replicas: number;
  readyReplicas: number;
  /** percent of (unmatched) traffic this version receives as applied now, 0..100 */
  weight: number;
  /** container name -> image */
  images: Record<string, string>;
  pods: PodView[];
}

export interface ReleaseConditionView {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** One recorded change (a Kubernetes Event on the job). */
export interface ReleaseHistoryEntry {
  time: string;
  /** who made the change ('controller' for its own steps) */
  user: string;
  /** e.g. Created, TrafficChanged, TakenOver, Restored, OfflineRequested, CandidateReady, RoutesApplied, Completed */
  action: string;
  message: string;
  from?: string;
  to?: string;
  /** additive (release-api): the Event was a Warning (e.g. Failed, Drifted) */
  warning?: boolean;
}

/** GET /api/projects/{ns}/releases -> {items: ReleaseView[]}; GET .../releases/{name} -> ReleaseView */
export interface ReleaseView {
  name: string;
  namespace: string;
  strategy: Strategy;
  service: string;
  /** the object's resourceVersion: send it back on PATCH to get 409 on a stale write */
  resourceVersion: string;
  generation: number;
  observedGeneration: number;
  phase: ReleasePhase;
  spec: GrayscaleReleaseSpec;
  versions: ReleaseVersionView[];
  conditions: ReleaseConditionView[];
  /** the controller reported a manual change of managed routes */
  drifted: boolean;
  createdAt: string | null;
  /** being deleted (finalizer rolling back) */
  deleting: boolean;
  history: ReleaseHistoryEntry[];
  /** additive (release-api): what Job Offline would keep and remove, and whether it is offered now; always set by the server */
  offline?: ReleaseOfflineView;
  /** additive (issue 11): the step schedule, analysis and controller progress of a progressive Canary; null for other jobs */
  progressive?: ReleaseProgressiveView | null;
}

/** POST /api/projects/{ns}/releases body */
export interface CreateReleaseRequest {
  name: string;
  spec: GrayscaleReleaseSpec;
}

/** PATCH /api/projects/{ns}/releases/{name} body: any subset; resourceVersion optional (409 when stale) */
export interface PatchReleaseRequest {
  resourceVersion?: string;
  /**
   * additive (release-api): the view's `generation`; 409 only when the spec changed since (the
   * controller's status updates change resourceVersion, not generation), so prefer it to resourceVersion
   */
  generation?: number;
  candidateWeight?: number;
  candidateReplicas?: number;
  match?: MatchGroup[];
  mirrorPercent?: number;
}

/** POST .../takeover body */
export interface TakeOverRequest {
  version: string;
}

/** GET .../preview -> the objects the controller will write (or wrote) and a diff against the cluster */
export interface ReleasePreview {
  yaml: string;
  diff: DiffLine[];
  /** additive (release-api): each object on its own (kind, name, new and current YAML, whether it changes) */
  documents: ReleasePreviewDocument[];
  /** additive (release-api): why the routing differs from the spec now (e.g. candidate not ready yet) */
  notes: string[];
}

/** One object of a preview. */
export interface ReleasePreviewDocument {
  kind: string;
  name: string;
  /** what will be written */
  yaml: string;
  /** what the cluster holds now ('' when the object is new) */
  existingYaml: string;
  changed: boolean;
}

// ---------------------------------------------------------------------------------------------
// Additive (release-api helper): offline outcome on ReleaseView and the wizard's prefill.
// ---------------------------------------------------------------------------------------------

/**
 * What Job Offline would do now (DESIGN.md: keep the takeOver version, else the baseline). It is
 * only offered when that outcome is unambiguous; `reason` says why not (POST .../offline then 409).
 */
export interface ReleaseOfflineView {
  allowed: boolean;
  /** the version that stays */
  keeps: string;
  /** the version whose Deployment and subset are removed */
  removes: string;
  reason?: string;
}

/** GET /api/projects/{ns}/releases/defaults?service=S[&baseline=V]: the wizard's prefill for a Service. */
export interface ReleaseDefaults {
  service: string;
  baseline: {
    version: string;
    deployment: string;
    replicas: number;
    /** container name -> image */
    images: Record<string, string>;
  };
  candidate: {
    /** a free version name suggestion (v1 -> v2, skipping versions that exist) */
    version: string;
    replicas: number;
    /** the baseline images with the baseline version replaced (reviews-v1 -> reviews-v2) */
    images: Record<string, string>;
  };
  /** every version the Service has now (to pick another baseline) */
  versions: string[];
  /** the active job already releasing this Service, if any (a new one would be refused) */
  activeRelease?: string;
}
