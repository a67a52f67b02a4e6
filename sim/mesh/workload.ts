/**
 * Workload identity of a pod as Istio's peer metadata reports it: workload name, canonical
 * service/revision, SPIFFE principal. The ingress gateway has its own fixed identity.
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalName
 */
import type { PeerLabels } from '../telemetry/istio-metrics';
import type { PodView } from './mesh-state';

export interface WorkloadIdentity extends PeerLabels {
  pod: string;
  ip: string;
  labels: Record<string, string>;
  /** `<app>.<namespace>`, the Jaeger service name Istio uses */
  traceService: string;
}

/**
 * The workload (Deployment) name of a pod: its owner, else the name without the
 * `-<pod-template-hash>-<suffix>` tail. @see https://istio.io/latest/docs/reference/config/metrics/#labels
 */
export function workloadName(pod: PodView): string {
  if (pod.ownerDeployment) return pod.ownerDeployment;
  const hash = pod.labels['pod-template-hash'];
  if (hash) {
    const i = pod.name.lastIndexOf(`-${hash}-`);
    if (i > 0) return pod.name.slice(0, i);
  }
  const parts = pod.name.split('-');
  return parts.length > 2 ? parts.slice(0, -2).join('-') : pod.name;
}

/** Istio's canonical service: label, else `app.kubernetes.io/name`, else `app`, else workload. @see https://istio.io/latest/docs/ops/configuration/telemetry/monitoring-multicluster-prometheus/ */
export function canonicalService(labels: Record<string, string>, workload: string): string {
  return labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app ?? workload;
}

/** Istio's canonical revision: label, else `app.kubernetes.io/version`, else `version`, else `latest`. @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision */
export function canonicalRevision(labels: Record<string, string>): string {
  return labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels.version ?? 'latest';
}

const identityCache = new WeakMap<PodView, WorkloadIdentity>();

/** The identity of a pod, cached per snapshot object. @see https://istio.io/latest/docs/reference/config/metrics/#labels */
export function podIdentity(pod: PodView): WorkloadIdentity {
  let id = identityCache.get(pod);
  if (!id) {
    const workload = workloadName(pod);
    const cs = canonicalService(pod.labels, workload);
    id = {
      workload,
      workloadNamespace: pod.namespace,
      principal: `spiffe://cluster.local/ns/${pod.namespace}/sa/${pod.serviceAccount}`,
      app: pod.labels.app ?? pod.labels['app.kubernetes.io/name'] ?? 'unknown',
      version: pod.labels.version ?? pod.labels['app.kubernetes.io/version'] ?? 'unknown',
      canonicalService: cs,
      canonicalRevision: canonicalRevision(pod.labels),
      cluster: 'Kubernetes',
      pod: pod.name,
      ip: pod.ip,
      labels: pod.labels,
      // Istio's default tracing service name is APP_LABEL_AND_NAMESPACE: `app`, else the canonical name
      traceService: `${pod.labels.app ?? cs}.${pod.namespace}`,
    };
    identityCache.set(pod, id);
  }
  return id;
}

/** The ingress gateway, as a default Istio install names it. @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/ */
export const INGRESS_GATEWAY_IDENTITY: Readonly<WorkloadIdentity> = {
  workload: 'istio-ingressgateway',
  workloadNamespace: 'istio-system',
  principal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
  app: 'istio-ingressgateway',
  version: 'unknown',
  canonicalService: 'istio-ingressgateway',
  canonicalRevision: 'latest',
  cluster: 'Kubernetes',
  pod: 'istio-ingressgateway-7f8d9b6c5d-x2k4p',
  ip: '10.244.0.2',
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  traceService: 'istio-ingressgateway.istio-system',
};
