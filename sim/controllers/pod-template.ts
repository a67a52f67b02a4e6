/**
 * Turns a Deployment's pod template into a Pod object the way the ReplicaSet controller and the
 * apiserver's defaulting would, so pods read like those of a real cluster.
 */
import type { KubeObject, OwnerReference } from '../api/types';
import { podNamePrefix } from './pod-naming';

/** The single node of the embedded cluster. */
export const NODE_NAME = 'graylane-node-1';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

type Json = Record<string, unknown>;

interface ContainerLike extends Json {
  name?: string;
  image?: string;
  ports?: Json[];
}

/**
 * `Always` for `:latest` or untagged images, else `IfNotPresent`.
 * @see https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Kubernetes' defaults for a container the user did not spell out. */
function defaultContainer(c: ContainerLike): ContainerLike {
  const out: ContainerLike = {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(String(c.image ?? '')),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: c.resources ?? {},
  };
  if (Array.isArray(c.ports)) out.ports = c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  return out;
}

/**
 * Pod spec with the apiserver's defaults applied.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
 */
export function defaultPodSpec(spec: Json | undefined): Json {
  const s: Json = { ...(spec ?? {}) };
  s.containers = ((s.containers as ContainerLike[] | undefined) ?? []).map(defaultContainer);
  if (Array.isArray(s.initContainers)) s.initContainers = (s.initContainers as ContainerLike[]).map(defaultContainer);
  s.restartPolicy ??= 'Always';
  s.terminationGracePeriodSeconds ??= 30;
  s.dnsPolicy ??= 'ClusterFirst';
  s.serviceAccountName ??= (s.serviceAccount as string | undefined) ?? 'default';
  s.serviceAccount ??= s.serviceAccountName;
  s.securityContext ??= {};
  s.schedulerName ??= 'default-scheduler';
  s.enableServiceLinks ??= true;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  s.priority ??= 0;
  s.tolerations ??= [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  // The embedded cluster has one node; binding at creation skips a scheduler round-trip.
  s.nodeName ??= NODE_NAME;
  return s;
}

/** The controller owner reference a Deployment's pods carry. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * A new Pod for `deployment` with the current template (`hash` is its pod-template-hash). The
 * name comes from `generateName`, as the ReplicaSet controller does it.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
 */
export function podFromTemplate(deployment: KubeObject, hash: string): KubeObject {
  const template = ((deployment.spec as Json | undefined)?.template ?? {}) as { metadata?: Json; spec?: Json };
  const tmeta = template.metadata ?? {};
  const labels = { ...((tmeta.labels as Record<string, string> | undefined) ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const metadata: KubeObject['metadata'] = {
    generateName: podNamePrefix(deployment.metadata.name ?? 'pod', hash),
    namespace: deployment.metadata.namespace,
    labels,
    ownerReferences: [controllerRef(deployment)],
  };
  if (tmeta.annotations) metadata.annotations = { ...(tmeta.annotations as Record<string, string>) };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: defaultPodSpec(template.spec) };
}

/** The uid of the object controlling `obj` when it is of `kind`, else undefined. */
export function controllerUid(obj: KubeObject, kind: string): string | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === kind)?.uid;
}
