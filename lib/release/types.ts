/**
 * Plain typed objects for the GrayscaleRelease resource and the few Kubernetes/Istio objects the
 * release translation reads and writes. Only the fields we touch are spelled out; index signatures
 * carry every other field through untouched, so adopting an existing object never loses data.
 */

import type { AnalysisSpec, Step } from '../analysis/spec';
import type { ReleaseProgress } from '../analysis/progress';

export const RELEASE_GROUP = 'graylane.io';
export const RELEASE_API_VERSION = 'graylane.io/v1alpha1';
export const RELEASE_KIND = 'GrayscaleRelease';
export const RELEASE_PLURAL = 'grayscalereleases';

/** The pod label that tells versions apart (Istio's Bookinfo convention). */
export const VERSION_LABEL = 'version';

export const STRATEGIES = ['Canary', 'BlueGreen', 'Mirror'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const OS_PRESETS = ['Windows', 'macOS', 'Linux', 'Android', 'iOS'] as const;
export type OsPreset = (typeof OS_PRESETS)[number];

export const BROWSER_PRESETS = ['Chrome', 'Firefox', 'Safari', 'Edge'] as const;
export type BrowserPreset = (typeof BROWSER_PRESETS)[number];

export const RELEASE_PHASES = [
  'Pending',
  'WaitingForCandidate',
  'Progressing',
  'TakenOver',
  'Completing',
  'Completed',
  'Failed',
] as const;
export type ReleasePhase = (typeof RELEASE_PHASES)[number];

/** Exactly one of the keys is set (Istio's StringMatch). */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** A cookie condition: the cookie `name` has a value matching exactly or by RE2 regex. */
export interface CookieCondition {
  name: string;
  value: { exact?: string; regex?: string };
}

/** One condition group: every condition inside must hold (AND); groups are OR-ed. */
export interface MatchGroup {
  headers?: Record<string, StringMatch>;
  cookies?: CookieCondition[];
  uri?: StringMatch;
  os?: OsPreset[];
  browsers?: BrowserPreset[];
}

export interface ReleaseTraffic {
  candidateWeight: number;
  match?: MatchGroup[];
  mirrorPercent?: number;
}

export interface GrayscaleReleaseSpec {
  strategy: Strategy;
  service: string;
  baseline: { version: string };
  candidate: {
    version: string;
    replicas: number;
    images?: Record<string, string>;
  };
  traffic: ReleaseTraffic;
  takeOver?: string;
  offline?: boolean;
  /** Canary only: the progressive schedule; while set, the current step decides the candidate's weight */
  steps?: Step[];
  /** the metrics gating each step (needs `steps`) */
  analysis?: AnalysisSpec;
  /** pauses the schedule (a regression shown by the analysis still rolls back) */
  paused?: boolean;
}

export interface ReleaseCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface ReleaseVersionStatus {
  version: string;
  workload?: string;
  replicas?: number;
  readyReplicas?: number;
  weight?: number;
}

export interface GrayscaleReleaseStatus {
  phase?: ReleasePhase;
  observedGeneration?: number;
  conditions?: ReleaseCondition[];
  versions?: ReleaseVersionStatus[];
  /** Human-readable reason for the current phase (e.g. why it is Failed). */
  message?: string;
  /** The version that stays when the job goes offline (set once offline starts). */
  keptVersion?: string;
  /** Where a progressive job (spec.steps) stands; absent for other jobs. */
  progress?: ReleaseProgress;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface GrayscaleRelease {
  apiVersion: typeof RELEASE_API_VERSION;
  kind: typeof RELEASE_KIND;
  metadata: ObjectMeta;
  spec: GrayscaleReleaseSpec;
  status?: GrayscaleReleaseStatus;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes core/apps (https://kubernetes.io/docs/reference/kubernetes-api/)
// ---------------------------------------------------------------------------------------------

export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec: { containers: Container[]; initContainers?: Container[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Deployment {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[]; [key: string]: unknown };
    template: PodTemplate;
    [key: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
  [key: string]: unknown;
}

export interface Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: { selector?: Record<string, string>; ports?: ServicePort[]; [key: string]: unknown };
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Istio networking (https://istio.io/latest/docs/reference/config/networking/)
// ---------------------------------------------------------------------------------------------

export const ISTIO_API_VERSION = 'networking.istio.io/v1';

export interface PortSelector {
  number: number;
  [key: string]: unknown;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: PortSelector;
  [key: string]: unknown;
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
  [key: string]: unknown;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  port?: number;
  [key: string]: unknown;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  mirror?: Destination;
  mirrorPercentage?: { value: number };
  [key: string]: unknown;
}

export interface VirtualService {
  apiVersion: string;
  kind: 'VirtualService';
  metadata: ObjectMeta;
  spec: {
    hosts?: string[];
    gateways?: string[];
    http?: HTTPRoute[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface DestinationRule {
  apiVersion: string;
  kind: 'DestinationRule';
  metadata: ObjectMeta;
  spec: { host: string; subsets?: Subset[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** A validation problem: `field` is a dotted path such as `spec.candidate.version`. */
export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
