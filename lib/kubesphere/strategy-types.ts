/**
 * KubeSphere 3.x's grayscale-release object, `servicemesh.kubesphere.io/v1alpha2` `Strategy`, as
 * stored in clusters that ran KubeSphere's service mesh (only the fields an import reads; the
 * template is an Istio VirtualService spec). KubeSphere 4 dropped it, which is why users migrate.
 * https://github.com/kubesphere/kubesphere/blob/release-3.4/pkg/apis/servicemesh/v1alpha2/strategy_types.go
 */

import type { StringMatch } from '@/lib/release';

export const KS_SERVICEMESH_GROUP = 'servicemesh.kubesphere.io';
export const KS_STRATEGY_VERSION = 'v1alpha2';
export const KS_STRATEGY_PLURAL = 'strategies';
export const KS_STRATEGY_KIND = 'Strategy';
/** The CRD whose presence means "this cluster ran KubeSphere grayscale releases". */
export const KS_STRATEGY_CRD = `${KS_STRATEGY_PLURAL}.${KS_SERVICEMESH_GROUP}`;

/** Annotations KubeSphere's console put on a Strategy to find the two workloads again. */
export const KS_ANNOTATIONS = {
  workloadType: 'servicemesh.kubesphere.io/workloadType',
  oldWorkloadName: 'servicemesh.kubesphere.io/oldWorkloadName',
  newWorkloadName: 'servicemesh.kubesphere.io/newWorkloadName',
  workloadReplicas: 'servicemesh.kubesphere.io/workloadReplicas',
} as const;

/**
 * On a job while its import is being applied (adopt, create, delete the Strategy): the controller
 * leaves such a job unaccepted, so an import rolled back never had any effect on the cluster.
 */
export const IMPORT_PENDING_ANNOTATION = 'graylane.io/import-pending';

export type KsStrategyType = 'Canary' | 'BlueGreen' | 'Mirror';
/** How KubeSphere's controller applied the template. */
export type KsStrategyPolicy = 'WaitForWorkloadReady' | 'Immediately' | 'Paused';

/** An Istio HTTPMatchRequest as found in old templates (any Istio version from v1alpha3 on). */
export interface KsHttpMatch {
  name?: string;
  uri?: StringMatch;
  headers?: Record<string, StringMatch>;
  [key: string]: unknown;
}

export interface KsDestination {
  host?: string;
  subset?: string;
  port?: { number?: number };
  [key: string]: unknown;
}

export interface KsHttpRoute {
  match?: KsHttpMatch[];
  route?: Array<{ destination?: KsDestination; weight?: number; [key: string]: unknown }>;
  mirror?: KsDestination;
  /** Istio >= 1.4 */
  mirrorPercentage?: { value?: number };
  /** Istio < 1.4 (deprecated integer field) */
  mirrorPercent?: number;
  [key: string]: unknown;
}

export interface KsStrategy {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: {
    type?: string;
    /** the reference version (label `version` value) */
    principal?: string;
    /** the version that takes all traffic, when set */
    governor?: string;
    selector?: { matchLabels?: Record<string, string>; [key: string]: unknown };
    template?: {
      metadata?: Record<string, unknown>;
      spec?: { hosts?: string[]; http?: KsHttpRoute[]; tcp?: unknown[]; tls?: unknown[]; [key: string]: unknown };
    };
    strategyPolicy?: string;
    /** KubeSphere <= 3.0 */
    paused?: boolean;
    /** set by KubeSphere's console, not part of the Go type */
    protocol?: string;
    [key: string]: unknown;
  };
  status?: unknown;
}

/** What the importer knows about one of the two workloads (read from the cluster by server/). */
export interface WorkloadFacts {
  name: string;
  /** value of the `version` label of its pods */
  version?: string;
  replicas?: number;
  containers: Array<{ name: string; image?: string }>;
}
