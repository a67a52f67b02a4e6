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
import type { PodView } from './types';

export type { GrayscaleReleaseSpec, MatchGroup, ReleasePhase, Strategy };

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
}

/** POST /api/projects/{ns}/releases body */
export interface CreateReleaseRequest {
  name: string;
  spec: GrayscaleReleaseSpec;
}

/** PATCH /api/projects/{ns}/releases/{name} body: any subset; resourceVersion optional (409 when stale) */
export interface PatchReleaseRequest {
  resourceVersion?: string;
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
}
