/**
 * An immutable snapshot of what the data plane needs from the cluster: Services, Pods with
 * readiness, VirtualServices, DestinationRules and Gateways, pre-resolved (hosts as FQDNs,
 * gateway names as `ns/name`) so routing a request does no parsing.
 * @see https://istio.io/latest/docs/ops/deployment/architecture/
 */
import type { KubeObject } from '../api/types';
import { resolveHost, serviceFqdn } from './hosts';
import type { DestinationRuleSpec, GatewaySpec, HTTPRoute, Subset, VirtualServiceSpec } from './istio-types';

export interface ServiceView {
  name: string;
  namespace: string;
  fqdn: string;
  /** undefined: a Service without selector (no endpoints managed by us) */
  selector?: Record<string, string>;
  ports: number[];
}

export interface PodView {
  uid: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  ready: boolean;
  image: string;
  env: Record<string, string>;
  serviceAccount: string;
  ownerDeployment?: string;
}

export interface VirtualServiceView {
  name: string;
  namespace: string;
  created: string;
  /** hosts resolved relative to the VirtualService's namespace */
  hosts: string[];
  /** `mesh` or `ns/name` */
  gateways: string[];
  exportTo?: string[];
  http: HTTPRoute[];
}

export interface DestinationRuleView {
  name: string;
  namespace: string;
  created: string;
  host: string;
  subsets: Subset[];
  exportTo?: string[];
}

export interface GatewayView {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  hosts: string[];
}

export interface MeshState {
  services: Map<string, ServiceView>;
  pods: PodView[];
  virtualServices: VirtualServiceView[];
  destinationRules: DestinationRuleView[];
  gateways: GatewayView[];
}

/** Raw lists the snapshot is built from. */
export interface MeshObjects {
  services: KubeObject[];
  pods: KubeObject[];
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  gateways: KubeObject[];
}

type AnyRecord = Record<string, any>;

/**
 * Whether a pod serves traffic: Ready condition True, an IP, not terminating.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
 */
export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const status = (pod.status ?? {}) as AnyRecord;
  if (!status.podIP) return false;
  const conditions = (status.conditions ?? []) as AnyRecord[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function envOf(container: AnyRecord | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of (container?.env ?? []) as AnyRecord[]) if (typeof e.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
  return env;
}

function podView(pod: KubeObject): PodView {
  const spec = (pod.spec ?? {}) as AnyRecord;
  const containers = (spec.containers ?? []) as AnyRecord[];
  // The app container is the first one that is not an injected sidecar.
  const app = containers.find((c) => c.name !== 'istio-proxy') ?? containers[0];
  const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'Deployment' || o.kind === 'ReplicaSet');
  return {
    uid: pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`,
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels ?? {},
    ip: ((pod.status ?? {}) as AnyRecord).podIP ?? '',
    ready: isPodReady(pod),
    image: typeof app?.image === 'string' ? app.image : '',
    env: envOf(app),
    serviceAccount: spec.serviceAccountName ?? spec.serviceAccount ?? 'default',
    ownerDeployment: owner?.kind === 'Deployment' ? owner.name : undefined,
  };
}

function serviceView(svc: KubeObject): ServiceView {
  const spec = (svc.spec ?? {}) as AnyRecord;
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const selector = spec.selector && Object.keys(spec.selector).length > 0 ? (spec.selector as Record<string, string>) : undefined;
  return {
    name,
    namespace: ns,
    fqdn: serviceFqdn(name, ns),
    selector,
    ports: ((spec.ports ?? []) as AnyRecord[]).map((p) => Number(p.port)).filter((n) => Number.isFinite(n)),
  };
}

function byAge(a: { created: string; name: string }, b: { created: string; name: string }): number {
  // Istio resolves conflicts by creation time, then by name.
  return a.created < b.created ? -1 : a.created > b.created ? 1 : a.name.localeCompare(b.name);
}

function virtualServiceView(vs: KubeObject): VirtualServiceView {
  const ns = vs.metadata.namespace ?? 'default';
  const spec = (vs.spec ?? {}) as VirtualServiceSpec;
  const gateways = spec.gateways && spec.gateways.length > 0 ? spec.gateways : ['mesh'];
  return {
    name: vs.metadata.name ?? '',
    namespace: ns,
    created: vs.metadata.creationTimestamp ?? '',
    hosts: (spec.hosts ?? []).map((h) => resolveHost(h, ns)),
    gateways: gateways.map((g) => qualifyGateway(g, ns)),
    exportTo: spec.exportTo,
    http: spec.http ?? [],
  };
}

/** `name` → `ns/name`; `mesh` and `ns/name` unchanged. @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService */
export function qualifyGateway(gateway: string, namespace: string): string {
  if (gateway === 'mesh' || gateway.includes('/')) return gateway;
  // `name.ns` is the legacy way to name a gateway in another namespace
  const dot = gateway.indexOf('.');
  if (dot > 0) return `${gateway.slice(dot + 1).split('.')[0]}/${gateway.slice(0, dot)}`;
  return `${namespace}/${gateway}`;
}

/**
 * Builds the snapshot from raw objects.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export function buildMeshState(objs: MeshObjects): MeshState {
  const services = new Map<string, ServiceView>();
  for (const s of objs.services) {
    const v = serviceView(s);
    services.set(v.fqdn, v);
  }
  const destinationRules = objs.destinationRules
    .map((dr): DestinationRuleView => {
      const ns = dr.metadata.namespace ?? 'default';
      const spec = (dr.spec ?? {}) as DestinationRuleSpec;
      return {
        name: dr.metadata.name ?? '',
        namespace: ns,
        created: dr.metadata.creationTimestamp ?? '',
        host: resolveHost(spec.host ?? '', ns),
        subsets: spec.subsets ?? [],
        exportTo: spec.exportTo,
      };
    })
    .sort(byAge);
  const gateways = objs.gateways.map((g): GatewayView => {
    const spec = (g.spec ?? {}) as GatewaySpec;
    return {
      name: g.metadata.name ?? '',
      namespace: g.metadata.namespace ?? 'default',
      selector: spec.selector ?? {},
      hosts: (spec.servers ?? []).flatMap((s) => (s.hosts ?? []).map((h) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h))),
    };
  });
  return {
    services,
    pods: objs.pods.map(podView),
    virtualServices: objs.virtualServices.map(virtualServiceView).sort(byAge),
    destinationRules,
    gateways,
  };
}

/**
 * Whether config with `exportTo` in `ownNamespace` is visible from `fromNamespace`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-export_to
 */
export function isExportedTo(exportTo: string[] | undefined, ownNamespace: string, fromNamespace: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  for (const e of exportTo) {
    if (e === '*' || e === fromNamespace) return true;
    if (e === '.' && ownNamespace === fromNamespace) return true;
  }
  return false;
}
