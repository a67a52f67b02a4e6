/**
 * Pure reshaping of Kubernetes lists into the REST view models (lib/api/types.ts). The server
 * lists objects; these functions decide what a project, an application, a service and a version
 * are, so the rules are unit-tested without a cluster.
 */
import type { KubeDeployment, KubeNamespace, KubePod, KubeReleaseRef, KubeService, KubeMeta, Timestamp } from './kube-shapes';
import type {
  ApplicationView,
  ComponentView,
  PodView,
  ProjectView,
  ServicePortView,
  ServiceView,
  VersionDetail,
  VersionSummary,
  WorkloadStatus,
} from './types';
import { matchesSelector, serviceSelects } from './label-selector';

/** Label that groups Services and Deployments into an application. https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';
/** Label naming the application's version. https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export const APP_VERSION_LABEL = 'app.kubernetes.io/version';
/** Istio's workload version label; grayscale releases key versions on it. https://istio.io/latest/docs/ops/deployment/application-requirements/ */
export const VERSION_LABEL = 'version';

/** Namespaces that are never shown as projects: Kubernetes' own, Istio's and the console's. */
export const BUILTIN_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system', 'graylane-system'];

const DISPLAY_NAME_ANNOTATIONS = ['graylane.io/display-name', 'kubesphere.io/alias-name'];

/** ISO 8601 of a Kubernetes timestamp (Date from client-node, string from raw JSON). */
export function toIso(ts: Timestamp | undefined): string | null {
  if (ts === undefined || ts === null) return null;
  const date = ts instanceof Date ? ts : new Date(ts);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function earliest(times: (string | null)[]): string | null {
  const known = times.filter((t): t is string => t !== null).sort();
  return known[0] ?? null;
}

function nameOf(meta: KubeMeta | undefined): string {
  return meta?.name ?? '';
}

function byName<T extends { metadata?: KubeMeta }>(a: T, b: T): number {
  return nameOf(a.metadata).localeCompare(nameOf(b.metadata));
}

/** Whether sidecar injection is enabled for a namespace. https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/ */
export function isInMesh(labels: Record<string, string> | undefined): boolean {
  if (!labels) return false;
  return labels['istio-injection'] === 'enabled' || Boolean(labels['istio.io/rev']);
}

/** A Namespace as a project. https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ */
export function projectView(ns: KubeNamespace, applicationCount?: number): ProjectView {
  const meta = ns.metadata ?? {};
  const view: ProjectView = {
    name: nameOf(meta),
    status: ns.status?.phase ?? 'Active',
    createdAt: toIso(meta.creationTimestamp),
    labels: { ...(meta.labels ?? {}) },
    inMesh: isInMesh(meta.labels),
  };
  const displayName = DISPLAY_NAME_ANNOTATIONS.map((a) => meta.annotations?.[a]).find((v) => v && v.trim() !== '');
  if (displayName) view.displayName = displayName;
  if (applicationCount !== undefined) view.applicationCount = applicationCount;
  return view;
}

/**
 * Namespaces as projects, system namespaces left out, sorted by name. `applicationCounts` (by
 * namespace) is omitted when unknown. https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export function projectViews(
  namespaces: KubeNamespace[],
  options: { systemNamespaces?: readonly string[]; applicationCounts?: Map<string, number> } = {},
): ProjectView[] {
  const hidden = new Set(options.systemNamespaces ?? BUILTIN_SYSTEM_NAMESPACES);
  return namespaces
    .filter((ns) => !hidden.has(nameOf(ns.metadata)))
    .sort(byName)
    .map((ns) => {
      const name = nameOf(ns.metadata);
      const count = options.applicationCounts ? (options.applicationCounts.get(name) ?? 0) : undefined;
      return projectView(ns, count);
    });
}

/** Number of distinct applications (`app.kubernetes.io/name` values) per namespace over any labelled objects. */
export function countApplications(objects: { metadata?: KubeMeta }[]): Map<string, number> {
  const names = new Map<string, Set<string>>();
  for (const obj of objects) {
    const ns = obj.metadata?.namespace;
    const app = obj.metadata?.labels?.[APP_NAME_LABEL];
    if (!ns || !app) continue;
    if (!names.has(ns)) names.set(ns, new Set());
    names.get(ns)!.add(app);
  }
  return new Map([...names].map(([ns, apps]) => [ns, apps.size]));
}

/** Ports of a Service. https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec */
export function servicePorts(svc: KubeService): ServicePortView[] {
  return (svc.spec?.ports ?? []).map((p) => ({
    name: p.name ?? null,
    port: p.port,
    protocol: p.protocol ?? 'TCP',
    appProtocol: p.appProtocol ?? null,
  }));
}

function isConditionTrue(conditions: { type: string; status: string }[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/**
 * Rollout state of a Deployment: failed when its progress deadline passed or a ReplicaSet could
 * not create pods, running when every desired replica is up to date and ready, else updating.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */
export function deploymentStatus(d: KubeDeployment): WorkloadStatus {
  const conditions = d.status?.conditions ?? [];
  const stalled = conditions.some((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  if (stalled || isConditionTrue(conditions, 'ReplicaFailure')) return 'failed';
  const desired = d.spec?.replicas ?? 1;
  const status = d.status ?? {};
  const generation = d.metadata?.generation;
  if (generation !== undefined && status.observedGeneration !== undefined && status.observedGeneration < generation) return 'updating';
  if ((status.readyReplicas ?? 0) < desired) return 'updating';
  if (status.updatedReplicas !== undefined && status.updatedReplicas < desired) return 'updating';
  // More pods than desired: old ones are still being scaled down.
  if (status.replicas !== undefined && status.replicas > desired) return 'updating';
  return 'running';
}

/** The version key of a Deployment: its pod template's `version` label. */
export function versionOf(d: KubeDeployment): string {
  return d.spec?.template?.metadata?.labels?.[VERSION_LABEL] ?? d.metadata?.labels?.[VERSION_LABEL] ?? '';
}

/** Container name -> image of a Deployment's pod template. */
export function imagesOf(d: KubeDeployment): Record<string, string> {
  const images: Record<string, string> = {};
  for (const c of d.spec?.template?.spec?.containers ?? []) images[c.name] = c.image ?? '';
  return images;
}

/** A Deployment as one version. https://kubernetes.io/docs/concepts/workloads/controllers/deployment/ */
export function versionSummary(d: KubeDeployment): VersionSummary {
  return {
    version: versionOf(d),
    deployment: nameOf(d.metadata),
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    images: imagesOf(d),
    status: deploymentStatus(d),
    createdAt: toIso(d.metadata?.creationTimestamp),
  };
}

/** A Pod reduced to what the version cards show. https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/ */
export function podView(p: KubePod): PodView {
  return {
    name: nameOf(p.metadata),
    phase: p.status?.phase ?? 'Unknown',
    ready: isConditionTrue(p.status?.conditions, 'Ready'),
    ip: p.status?.podIP || null,
    terminating: p.metadata?.deletionTimestamp !== undefined && p.metadata?.deletionTimestamp !== null,
  };
}

/** A Deployment as one version with its pods (those its selector matches). */
export function versionDetail(d: KubeDeployment, pods: KubePod[]): VersionDetail {
  const own = pods.filter((p) => matchesSelector(d.spec?.selector, p.metadata?.labels)).sort(byName);
  return { ...versionSummary(d), pods: own.map(podView) };
}

function compareVersions(a: KubeDeployment, b: KubeDeployment): number {
  // numeric: true so v10 sorts after v9
  return versionOf(a).localeCompare(versionOf(b), 'en', { numeric: true }) || byName(a, b);
}

/**
 * Deployments whose pod template the Service selects, ordered by version. Matching is on labels,
 * never on names: a Service need not be named like its `app` label.
 * https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
export function deploymentsOfService(svc: KubeService, deployments: KubeDeployment[]): KubeDeployment[] {
  return deployments
    .filter((d) => serviceSelects(svc.spec?.selector, d.spec?.template?.metadata?.labels))
    .sort(compareVersions);
}

/** Phases after which a GrayscaleRelease no longer holds its Service. */
const FINISHED_RELEASE_PHASES = new Set(['Completed']);

/** Name of the release currently working on a Service (the oldest if several), if any. */
export function activeReleaseFor(service: string, releases: KubeReleaseRef[]): string | undefined {
  const active = releases
    .filter((r) => r.spec?.service === service && !FINISHED_RELEASE_PHASES.has(r.status?.phase ?? ''))
    .sort((a, b) => (toIso(a.metadata?.creationTimestamp) ?? '').localeCompare(toIso(b.metadata?.creationTimestamp) ?? '') || byName(a, b));
  return active[0]?.metadata?.name;
}

/** Services of a namespace with their versions and pods, sorted by name. */
export function serviceViews(
  services: KubeService[],
  deployments: KubeDeployment[],
  pods: KubePod[],
  releases: KubeReleaseRef[] = [],
): ServiceView[] {
  return [...services].sort(byName).map((svc) => {
    const name = nameOf(svc.metadata);
    const view: ServiceView = {
      name,
      app: svc.metadata?.labels?.[APP_NAME_LABEL] ?? null,
      ports: servicePorts(svc),
      selector: { ...(svc.spec?.selector ?? {}) },
      versions: deploymentsOfService(svc, deployments).map((d) => versionDetail(d, pods)),
    };
    const release = activeReleaseFor(name, releases);
    if (release) view.activeRelease = release;
    return view;
  });
}

/** Worst state wins: one failed version fails the application, one rolling version makes it updating. */
export function aggregateStatus(statuses: WorkloadStatus[]): WorkloadStatus {
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('updating')) return 'updating';
  return 'running';
}

/**
 * One application from the namespace's objects: its components are its Services (with every
 * Deployment of the namespace they select, so a candidate version shows even before it is
 * labelled) plus, under `service: null`, its Deployments no Service of it selects.
 */
export function applicationView(name: string, services: KubeService[], deployments: KubeDeployment[]): ApplicationView {
  const isMember = (meta: KubeMeta | undefined) => meta?.labels?.[APP_NAME_LABEL] === name;
  const appServices = services.filter((s) => isMember(s.metadata)).sort(byName);
  const appDeployments = deployments.filter((d) => isMember(d.metadata));

  const covered = new Set<string>();
  const components: ComponentView[] = appServices.map((svc) => {
    const selected = deploymentsOfService(svc, deployments);
    selected.forEach((d) => covered.add(nameOf(d.metadata)));
    return { service: nameOf(svc.metadata), ports: servicePorts(svc), versions: selected.map(versionSummary) };
  });
  const orphans = appDeployments.filter((d) => !covered.has(nameOf(d.metadata))).sort(compareVersions);
  if (orphans.length > 0) components.push({ service: null, ports: [], versions: orphans.map(versionSummary) });

  const versions = components.flatMap((c) => c.versions);
  const members = [...appServices, ...appDeployments];
  const view: ApplicationView = {
    name,
    components,
    status: aggregateStatus(versions.map((v) => v.status)),
    createdAt: earliest(members.map((m) => toIso(m.metadata?.creationTimestamp))),
  };
  const appVersions = new Set(members.map((m) => m.metadata?.labels?.[APP_VERSION_LABEL]).filter((v): v is string => Boolean(v)));
  if (appVersions.size === 1) view.version = [...appVersions][0];
  return view;
}

/** All applications of a namespace (distinct `app.kubernetes.io/name` over Services and Deployments), sorted by name. */
export function applicationViews(services: KubeService[], deployments: KubeDeployment[]): ApplicationView[] {
  const names = new Set<string>();
  for (const obj of [...services, ...deployments]) {
    const app = obj.metadata?.labels?.[APP_NAME_LABEL];
    if (app) names.add(app);
  }
  return [...names].sort().map((name) => applicationView(name, services, deployments));
}
