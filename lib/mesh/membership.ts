/**
 * Whether a Service's workloads run with Istio sidecars ("in the mesh"), from the facts Istio's
 * injector decides on. Traffic can only be split by version through sidecars, so a Service out of
 * the mesh cannot be released. Shared by the REST API (create, service views) and the controller.
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */

/** Namespace label turning automatic injection on (`enabled`) or off (`disabled`). */
export const INJECTION_LABEL = 'istio-injection';
/** Namespace label selecting a revision's injector (revision-based installs). */
export const REVISION_LABEL = 'istio.io/rev';
/** Pod label (or, deprecated, annotation) opting one workload in or out. */
export const INJECT_KEY = 'sidecar.istio.io/inject';

/** A pod template or pod: its kind and name (for the reason) and its labels and annotations. */
export interface MeshWorkload {
  kind: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface MeshFacts {
  namespace: string;
  /** undefined: the namespace could not be read, so membership is not judged */
  namespaceLabels: Record<string, string> | undefined;
  service: string;
  /** the Service's workloads (pod templates) to judge; may be empty */
  workloads: MeshWorkload[];
}

export type MeshMembership = { inMesh: true } | { inMesh: false; reason: string };

/** The pod's own injection choice; the label wins over the deprecated annotation, as in Istio. */
function injectChoice(w: MeshWorkload): string | undefined {
  return w.labels?.[INJECT_KEY] ?? w.annotations?.[INJECT_KEY];
}

/**
 * Decides mesh membership: out when the namespace disables injection or a workload opts out with
 * `sidecar.istio.io/inject: "false"`; in when the namespace enables it (`istio-injection=enabled`
 * or `istio.io/rev`) or every workload opts in with `"true"`; out otherwise, with the reason.
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function meshMembership(facts: MeshFacts): MeshMembership {
  const { namespace, namespaceLabels, service, workloads } = facts;
  if (!namespaceLabels) return { inMesh: true };
  const notRouted = `Service ${service} is not in the mesh, so its traffic cannot be split by version`;
  if (namespaceLabels[INJECTION_LABEL] === 'disabled') {
    return { inMesh: false, reason: `namespace ${namespace} has ${INJECTION_LABEL}=disabled (no sidecars): ${notRouted}` };
  }
  const optedOut = workloads.find((w) => injectChoice(w) === 'false');
  if (optedOut) {
    return { inMesh: false, reason: `${optedOut.kind} ${optedOut.name} sets ${INJECT_KEY}: "false" (no sidecar): ${notRouted}` };
  }
  if (namespaceLabels[INJECTION_LABEL] === 'enabled' || namespaceLabels[REVISION_LABEL]) return { inMesh: true };
  if (workloads.length > 0 && workloads.every((w) => injectChoice(w) === 'true')) return { inMesh: true };
  return {
    inMesh: false,
    reason: `namespace ${namespace} has no sidecar injection (label it ${INJECTION_LABEL}=enabled or ${REVISION_LABEL}=<revision> and restart its pods): ${notRouted}`,
  };
}

/** A Deployment's pod template as a MeshWorkload. */
export function templateWorkload(d: { metadata: { name: string }; spec: { template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } } }): MeshWorkload {
  return { kind: 'Deployment', name: d.metadata.name, labels: d.spec.template.metadata?.labels, annotations: d.spec.template.metadata?.annotations };
}

/** Sidecar injection as a namespace's labels configure it (the project overview). */
export type NamespaceInjection =
  | { injection: 'enabled'; detail: string }
  | { injection: 'revision'; detail: string }
  | { injection: 'disabled'; detail: string }
  | { injection: 'unset'; detail: string };

/**
 * What a namespace's labels say about automatic sidecar injection, in words: `enabled`
 * (`istio-injection=enabled`), `revision` (`istio.io/rev=<rev>`), `disabled`, or `unset` (then only
 * pods that opt in with `sidecar.istio.io/inject: "true"` join the mesh). Same rule as
 * {@link meshMembership}: `disabled` wins over a revision label.
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function namespaceInjection(namespace: string, labels: Record<string, string>): NamespaceInjection {
  if (labels[INJECTION_LABEL] === 'disabled') {
    return { injection: 'disabled', detail: `namespace ${namespace} has ${INJECTION_LABEL}=disabled: its pods get no sidecar and cannot be released` };
  }
  if (labels[INJECTION_LABEL] === 'enabled') return { injection: 'enabled', detail: `${INJECTION_LABEL}=enabled: new pods get an Istio sidecar` };
  const rev = labels[REVISION_LABEL];
  if (rev) return { injection: 'revision', detail: `${REVISION_LABEL}=${rev}: new pods get the sidecar of Istio revision ${rev}` };
  return {
    injection: 'unset',
    detail: `namespace ${namespace} has no sidecar injection: only pods labelled ${INJECT_KEY}: "true" join the mesh (label the namespace ${INJECTION_LABEL}=enabled and restart its pods)`,
  };
}
