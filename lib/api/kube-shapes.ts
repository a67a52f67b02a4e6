/**
 * The few fields of Kubernetes objects the view models read. Structural subsets, so objects from
 * `@kubernetes/client-node` (where timestamps are Dates) and plain JSON (strings) both fit, and lib/
 * stays free of the Node-only client.
 */

export type Timestamp = string | Date;

export interface KubeMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: Timestamp;
  deletionTimestamp?: Timestamp;
  generation?: number;
}

export interface KubeNamespace {
  metadata?: KubeMeta;
  status?: { phase?: string };
}

export interface KubeServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface KubeService {
  metadata?: KubeMeta;
  spec?: { selector?: Record<string, string>; ports?: KubeServicePort[] };
}

/** https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements */
export interface KubeLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface KubeDeployment {
  metadata?: KubeMeta;
  spec?: {
    replicas?: number;
    selector?: KubeLabelSelector;
    template?: { metadata?: KubeMeta; spec?: { containers?: { name: string; image?: string }[] } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: KubeCondition[];
  };
}

export interface KubePod {
  metadata?: KubeMeta;
  status?: { phase?: string; podIP?: string; conditions?: KubeCondition[] };
}

/** The fields of a GrayscaleRelease needed to tell which Service it releases and whether it is done. */
export interface KubeReleaseRef {
  metadata?: KubeMeta;
  spec?: { service?: string };
  status?: { phase?: string };
}
