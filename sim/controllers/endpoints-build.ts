/**
 * Pure construction of a Service's Endpoints subsets and EndpointSlices from its pods.
 */
import type { KubeObject } from '../api/types';
import { isTerminating } from './controller';
import { isPodReady, podIP, podPhase } from './pod-status';
import { stableStringify } from './stable-json';

type Json = Record<string, unknown>;

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** One pod as an endpoint of a Service, with the ports it resolves to. */
export interface PodEndpoint {
  pod: KubeObject;
  ip: string;
  ready: boolean;
  terminating: boolean;
  ports: EndpointPort[];
}

/** Pods belong to a Service when every selector label matches (Services only use equality). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function serviceSelector(svc: KubeObject): Record<string, string> | undefined {
  const sel = (svc.spec as Json | undefined)?.selector as Record<string, string> | undefined;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/**
 * The container port a Service port sends to on `pod`: a number as is, a name looked up among the
 * pod's containerPorts (undefined when the pod has no such port, which drops it for that port).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
 */
export function resolveTargetPort(sp: ServicePort, pod: KubeObject): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of ((pod.spec as Json | undefined)?.containers as Json[] | undefined) ?? []) {
    for (const p of (c.ports as Json[] | undefined) ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return Number(p.containerPort);
    }
  }
  return undefined;
}

function endpointPorts(svc: KubeObject, pod: KubeObject): EndpointPort[] {
  const ports = ((svc.spec as Json | undefined)?.ports as ServicePort[] | undefined) ?? [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = resolveTargetPort(sp, pod);
    if (port === undefined) continue;
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) ep.name = sp.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/**
 * The pods a Service selects that have an address, with readiness as the endpoints controllers see
 * it (`publishNotReadyAddresses` makes every pod ready).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export function podEndpoints(svc: KubeObject, pods: KubeObject[]): PodEndpoint[] {
  const selector = serviceSelector(svc);
  if (!selector) return [];
  const publishNotReady = Boolean((svc.spec as Json | undefined)?.publishNotReadyAddresses);
  const out: PodEndpoint[] = [];
  for (const pod of pods) {
    const ip = podIP(pod);
    const phase = podPhase(pod);
    if (!ip || phase === 'Succeeded' || phase === 'Failed') continue;
    if (pod.metadata.namespace !== svc.metadata.namespace || !selectorMatches(selector, pod.metadata.labels)) continue;
    const terminating = isTerminating(pod);
    out.push({ pod, ip, ready: !terminating && (publishNotReady || isPodReady(pod)), terminating, ports: endpointPorts(svc, pod) });
  }
  return out.sort((a, b) => compareIPs(a.ip, b.ip));
}

function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function targetRef(pod: KubeObject): Json {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

function nodeName(pod: KubeObject): string | undefined {
  return (pod.spec as Json | undefined)?.nodeName as string | undefined;
}

/** Groups endpoints by their port list: one subset / slice per distinct list, as kube does. */
function groupByPorts(eps: PodEndpoint[]): Map<string, { ports: EndpointPort[]; eps: PodEndpoint[] }> {
  const groups = new Map<string, { ports: EndpointPort[]; eps: PodEndpoint[] }>();
  for (const ep of eps) {
    const key = stableStringify(ep.ports);
    const g = groups.get(key) ?? { ports: ep.ports, eps: [] };
    g.eps.push(ep);
    groups.set(key, g);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `subsets` of the Service's Endpoints: ready pods in `addresses`, others in `notReadyAddresses`;
 * terminating pods are left out, as the Endpoints controller does.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoints-v1/
 */
export function buildEndpointSubsets(svc: KubeObject, pods: KubeObject[]): Json[] {
  const eps = podEndpoints(svc, pods).filter((e) => !e.terminating && e.ports.length > 0);
  const subsets: Json[] = [];
  for (const { ports, eps: members } of groupByPorts(eps).values()) {
    const address = (e: PodEndpoint): Json => {
      const a: Json = { ip: e.ip, targetRef: targetRef(e.pod) };
      const node = nodeName(e.pod);
      if (node) a.nodeName = node;
      return a;
    };
    const subset: Json = {};
    const ready = members.filter((e) => e.ready).map(address);
    const notReady = members.filter((e) => !e.ready).map(address);
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    subset.ports = ports;
    subsets.push(subset);
  }
  return subsets;
}

/** Desired content of one EndpointSlice (no metadata): what is compared to avoid rewrites. */
export interface SliceContent {
  portsKey: string;
  endpoints: Json[];
  ports: EndpointPort[];
}

/**
 * EndpointSlice contents for the Service: one per distinct port list, terminating pods included
 * with their conditions; a Service without pods keeps one empty slice, as kube does.
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */
export function buildSliceContents(svc: KubeObject, pods: KubeObject[]): SliceContent[] {
  const eps = podEndpoints(svc, pods).filter((e) => e.ports.length > 0);
  const slices: SliceContent[] = [];
  for (const [portsKey, { ports, eps: members }] of groupByPorts(eps)) {
    const endpoints = members.map((e) => {
      const ep: Json = {
        addresses: [e.ip],
        conditions: { ready: e.ready, serving: e.terminating ? isPodReady(e.pod) : e.ready, terminating: e.terminating },
        targetRef: targetRef(e.pod),
      };
      const node = nodeName(e.pod);
      if (node) ep.nodeName = node;
      return ep;
    });
    slices.push({ portsKey, endpoints, ports });
  }
  if (slices.length === 0) slices.push({ portsKey: stableStringify([]), endpoints: [], ports: [] });
  return slices;
}
