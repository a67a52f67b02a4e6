/**
 * View models of the console's REST API (DESIGN.md "REST API (contract)"). Route handlers return
 * exactly these shapes and pages read them, so both sides compile against one definition. Plain
 * JSON only: no Dates (timestamps are ISO 8601 strings), no classes, never raw Secrets.
 */

/** `{items: [...]}`: every list endpoint wraps its rows so fields can be added later (paging). */
export interface ListResponse<T> {
  items: T[];
}

/** A project is a Kubernetes Namespace. GET /api/projects, GET /api/projects/{ns}. */
export interface ProjectView {
  name: string;
  /** from the `graylane.io/display-name` or `kubesphere.io/alias-name` annotation */
  displayName?: string;
  /** Namespace phase: `Active` or `Terminating` */
  status: string;
  /** ISO 8601, null if the cluster did not report it */
  createdAt: string | null;
  labels: Record<string, string>;
  /** sidecar injection is on: label `istio-injection=enabled` or `istio.io/rev` */
  inMesh: boolean;
  /** distinct `app.kubernetes.io/name` values; absent when the console may not list cluster-wide */
  applicationCount?: number;
}

/** running: every version has all replicas ready; updating: rolling out or pods not ready yet; failed: a Deployment reports ProgressDeadlineExceeded or ReplicaFailure. */
export type WorkloadStatus = 'running' | 'updating' | 'failed';

/** One port of a Service. */
export interface ServicePortView {
  name: string | null;
  port: number;
  /** TCP, UDP or SCTP */
  protocol: string;
  /** `appProtocol` as set on the Service (e.g. `http`), null when unset */
  appProtocol: string | null;
}

/** One version of a component: a Deployment selected by the Service, keyed by its pod template's `version` label. */
export interface VersionSummary {
  /** the pod template's `version` label ('' when the Deployment has none) */
  version: string;
  deployment: string;
  /** desired replicas (spec) */
  replicas: number;
  readyReplicas: number;
  /** container name -> image */
  images: Record<string, string>;
  status: WorkloadStatus;
  createdAt: string | null;
}

/** A pod of a version. */
export interface PodView {
  name: string;
  /** Pod phase (Pending, Running, Succeeded, Failed, Unknown) */
  phase: string;
  /** the pod's Ready condition is True */
  ready: boolean;
  ip: string | null;
  /** the pod is being deleted */
  terminating: boolean;
}

/** A version with its pods, as GET /api/projects/{ns}/services returns it. */
export interface VersionDetail extends VersionSummary {
  pods: PodView[];
}

/**
 * A component of an application: one Service and the Deployments it selects. `service` is null for
 * the application's Deployments that no Service of the application selects (listed so nothing of
 * the application is hidden).
 */
export interface ComponentView {
  service: string | null;
  ports: ServicePortView[];
  versions: VersionSummary[];
}

/** An application: the Services and Deployments sharing the label `app.kubernetes.io/name`. GET /api/projects/{ns}/applications. */
export interface ApplicationView {
  /** value of `app.kubernetes.io/name` */
  name: string;
  /** the `app.kubernetes.io/version` label of the application's objects, when they agree */
  version?: string;
  components: ComponentView[];
  status: WorkloadStatus;
  /** earliest creation time of its objects, ISO 8601 */
  createdAt: string | null;
}

/** A Service with its versions. GET /api/projects/{ns}/services. */
export interface ServiceView {
  name: string;
  /** the application it belongs to (`app.kubernetes.io/name`), null when unlabelled */
  app: string | null;
  ports: ServicePortView[];
  /** spec.selector ({} for a Service without selector, which then has no versions) */
  selector: Record<string, string>;
  versions: VersionDetail[];
  /** name of the GrayscaleRelease currently releasing this Service, if any */
  activeRelease?: string;
  /**
   * additive (issue 9): whether the Service's pods get Istio sidecars (lib/mesh/membership.ts);
   * a Service out of the mesh cannot be released. Set by GET /services.
   */
  inMesh?: boolean;
  /** why the Service is not in the mesh, with the fix (only when `inMesh` is false) */
  notInMeshReason?: string;
}

/** What the console knows about the cluster it manages. GET /api/cluster (UI banner). */
export interface ClusterInfo {
  /** host[:port] of the Kubernetes API server (never credentials) */
  apiServer: string;
  /** `gitVersion` from /version, null when unreachable */
  version: string | null;
  reachable: boolean;
  /** Istio's networking.istio.io API group is served */
  istio: boolean;
  /** the graylane.io GrayscaleRelease CRD is served */
  releasesApi: boolean;
  prometheusConfigured: boolean;
  jaegerConfigured: boolean;
  /** why the cluster is unreachable, when it is */
  error?: string;
  /**
   * permissions of docs/real-cluster.md "RBAC" the console lacks (`apps/deployments: update (all
   * namespaces)`); empty when all are granted or the cluster cannot be asked (embedded cluster)
   */
  missingPermissions?: string[];
}
