/**
 * The versioned-application graph (Kiali's "versioned app graph", grouped by Kubernetes Service):
 * an ingress node, a box per Service with one node per version, edges from the calling version to
 * the called version. Built purely from the results of `topologyQueries` and the cluster's
 * Services, so the server part is only I/O.
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
import type { Health, TimeWindow, TopologyEdge, TopologyNode, TopologyView, TrafficFigures } from '../api/telemetry-types';
import { addRate, healthOf, mergeCounts, NO_QUANTILES, trafficFigures, zeroCounts, type Quantiles, type RateCounts } from './health';
import { addBucket, histogramQuantiles, mergeBuckets, parseLe, type Buckets } from './histogram';
import type { KubeDeployment, KubeService } from '../api/kube-shapes';
import { serviceSelects } from '../api/label-selector';
import { APP_NAME_LABEL } from '../api/view-models';
import type { InstantSample, Labels } from './prometheus-result';

/** A Service of the namespace as the cluster has it, with its versions (for idle nodes and the app filter). */
export interface InventoryService {
  name: string;
  /** `app.kubernetes.io/name`, else the `app` label */
  app: string | null;
  versions: { version: string; workload: string }[];
}

export interface TopologyInput {
  namespace: string;
  window: TimeWindow;
  app?: string;
  queriedAt: string;
  services: InventoryService[];
  requests: InstantSample[];
  unreached: InstantSample[];
  /** bucket rates of `istio_request_duration_milliseconds` by `le` and edge labels */
  latencyBuckets: InstantSample[];
}

/**
 * Istio's canonical revision of a pod template: its label, else `app.kubernetes.io/version`, else
 * `version`, else `latest` (what `destination_canonical_revision` will carry).
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalRevision
 */
export function canonicalRevision(labels: Record<string, string> | undefined): string {
  const l = labels ?? {};
  return l['service.istio.io/canonical-revision'] ?? l['app.kubernetes.io/version'] ?? l.version ?? 'latest';
}

/**
 * The inventory from a namespace's Services and Deployments: each Service with the Deployments
 * whose pod template it selects (by labels, never by name). Deployments are indexed by template
 * label so each Service checks only those sharing one of its selector's labels: a plain
 * Services x Deployments scan is a million selector checks at 1,000 Services.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
export function inventoryOf(services: KubeService[], deployments: KubeDeployment[]): InventoryService[] {
  const byLabel = new Map<string, KubeDeployment[]>();
  for (const d of deployments) {
    for (const [k, v] of Object.entries(d.spec?.template?.metadata?.labels ?? {})) {
      const key = `${k}\u0000${v}`;
      const list = byLabel.get(key);
      if (list) list.push(d);
      else byLabel.set(key, [d]);
    }
  }
  return services.map((svc) => {
    const labels = svc.metadata?.labels ?? {};
    const selector = svc.spec?.selector ?? {};
    const [first] = Object.entries(selector);
    const candidates = first ? (byLabel.get(`${first[0]}\u0000${first[1]}`) ?? []) : [];
    const versions = candidates
      .filter((d) => serviceSelects(selector, d.spec?.template?.metadata?.labels))
      .map((d) => ({ version: canonicalRevision(d.spec?.template?.metadata?.labels), workload: d.metadata?.name ?? '' }))
      .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }) || a.workload.localeCompare(b.workload));
    return { name: svc.metadata?.name ?? '', app: labels[APP_NAME_LABEL] ?? labels.app ?? null, versions };
  });
}

/** Workload names Istio's default gateways run as. */
export function isIngressWorkload(workload: string): boolean {
  return workload === 'istio-ingressgateway' || /ingressgateway/.test(workload);
}

/**
 * Ids and Kubernetes names are ASCII (RFC 1123 names, `kind:ns/name` ids): order them by code
 * units. localeCompare asks ICU for every comparison, which was a third of building a
 * 1,000-service graph (~4,000 ids sorted).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const serviceNodeId = (ns: string, service: string) => `service:${ns}/${service}`;
export const versionNodeId = (ns: string, service: string, version: string) => `version:${ns}/${service}/${version}`;
const ingressNodeId = (ns: string, workload: string) => `ingress:${ns}/${workload}`;
const unknownNodeId = (ns: string, workload: string) => `unknown:${ns}/${workload}`;

interface NodeAcc {
  node: Omit<TopologyNode, 'health' | 'traffic'>;
  inbound: RateCounts;
  outbound: RateCounts;
  /** duration histogram of the requests it received */
  buckets: Buckets;
}

interface EdgeAcc {
  source: string;
  target: string;
  counts: RateCounts;
  buckets: Buckets;
}

function latencyKey(m: Labels, labels: readonly string[]): string {
  return labels.map((l) => m[l] ?? '').join('\u0000');
}

/** Quantile series (with a `quantile` label, see latencyQuantiles) keyed by `labels`. */
export function quantilesBy(samples: InstantSample[], labels: readonly string[], where: (m: Labels) => boolean = () => true): Map<string, Quantiles> {
  const out = new Map<string, Quantiles>();
  for (const s of samples) {
    if (!where(s.metric)) continue;
    const key = latencyKey(s.metric, labels);
    const q = out.get(key) ?? { ...NO_QUANTILES };
    const field = s.metric.quantile === '0.5' ? 'p50Ms' : s.metric.quantile === '0.95' ? 'p95Ms' : s.metric.quantile === '0.99' ? 'p99Ms' : undefined;
    if (field) q[field] = s.v;
    out.set(key, q);
  }
  return out;
}

/**
 * Builds the graph. Joins happen in memory on the label sets of the three queries: the workload
 * of each source is resolved to its version node through the Services (or, for workloads not
 * in the inventory, through the destination labels the same workload had when it was called).
 * Latency quantiles come from the bucket rates summed per graph edge, per version and per
 * Service, exactly what `histogram_quantile` over those groupings returns. `observe` sees every
 * histogram whose quantiles the answer shows (the server checks that the buckets it asked for
 * decide them: lib/telemetry/latency-bounds.ts).
 * @see https://kiali.io/docs/features/topology/
 */
export function buildTopology(input: TopologyInput, observe?: (histogram: Buckets) => void): TopologyView {
  // every bound of the bucket series, ascending (filled by the latency pass below)
  let sortedBounds: number[] = [];
  const quantiles = (h: Buckets) => {
    observe?.(h);
    return histogramQuantiles(h, sortedBounds);
  };
  const ns = input.namespace;
  const nodes = new Map<string, NodeAcc>();
  // Samples name nodes by label values: look nodes and edges up by those strings and by node
  // objects, and build an id string only when a node or edge is created. Building ids per sample
  // (template strings hashed on every lookup) and a closure per sample was most of building a
  // 1,000-Service graph (~15 ms of ~25).
  const byService = new Map<string, { node: NodeAcc; versions: Map<string, NodeAcc> }>();
  const bySource = new Map<string, Map<string, NodeAcc>>();
  const edgesFrom = new Map<NodeAcc, Map<NodeAcc, EdgeAcc>>();
  const edges = new Map<string, EdgeAcc>();

  const add = (node: NodeAcc['node']): NodeAcc => {
    const n: NodeAcc = { node, inbound: zeroCounts(), outbound: zeroCounts(), buckets: new Map() };
    nodes.set(node.id, n);
    return n;
  };
  const serviceEntry = (service: string) => {
    let s = byService.get(service);
    if (!s) {
      s = { node: add({ id: serviceNodeId(ns, service), kind: 'service', label: service, namespace: ns, service }), versions: new Map() };
      byService.set(service, s);
    }
    return s;
  };
  const serviceNode = (service: string) => serviceEntry(service).node;
  const versionNode = (service: string, version: string, workload?: string) => {
    const s = serviceEntry(service);
    let n = s.versions.get(version);
    if (!n) {
      n = add({ id: versionNodeId(ns, service, version), kind: 'version', label: version, namespace: ns, service, version, parent: s.node.node.id });
      s.versions.set(version, n);
    }
    if (workload && workload !== 'unknown' && !n.node.workload) n.node.workload = workload;
    return n;
  };
  /** An existing version node (the latency pass only attaches to what the request pass built). */
  const findVersion = (service: string, version: string) => byService.get(service)?.versions.get(version);

  // Which version node a workload of this namespace is: Services first, then observed traffic.
  const workloadVersion = new Map<string, { service: string; version: string }>();
  const appOf = new Map<string, string | null>();
  for (const svc of [...input.services].sort((a, b) => byCodeUnits(a.name, b.name))) {
    appOf.set(svc.name, svc.app);
    serviceNode(svc.name);
    for (const v of svc.versions) {
      versionNode(svc.name, v.version, v.workload);
      if (!workloadVersion.has(v.workload)) workloadVersion.set(v.workload, { service: svc.name, version: v.version });
    }
  }
  for (const s of input.requests) {
    const m = s.metric;
    const w = m.destination_workload;
    if (w && w !== 'unknown' && !workloadVersion.has(w) && m.destination_service_name) {
      workloadVersion.set(w, { service: m.destination_service_name, version: m.destination_canonical_revision ?? 'unknown' });
    }
  }

  // The node a source workload is: a gateway, a version of this namespace, or a caller we do not
  // know (another namespace, or no workload). `create` false: only an existing node (the latency
  // pass only attaches to what the request pass built).
  const sourceNode = (m: Labels, create: boolean): NodeAcc | undefined => {
    const w = m.source_workload ?? 'unknown';
    const wns = m.source_workload_namespace ?? 'unknown';
    const known = wns === ns && !isIngressWorkload(w) ? workloadVersion.get(w) : undefined;
    if (known) return create ? versionNode(known.service, known.version, w) : findVersion(known.service, known.version);
    let inNs = bySource.get(wns);
    let n = inNs?.get(w);
    if (n || !create) return n;
    if (!inNs) bySource.set(wns, (inNs = new Map()));
    n = isIngressWorkload(w)
      ? add({ id: ingressNodeId(wns, w), kind: 'ingress', label: w, namespace: wns, workload: w })
      : add({ id: unknownNodeId(wns, w), kind: 'unknown', label: w === 'unknown' ? 'unknown' : w, namespace: wns, ...(w !== 'unknown' ? { workload: w } : {}) });
    inNs.set(w, n);
    return n;
  };

  const edgeOf = (from: NodeAcc, to: NodeAcc, create: boolean): EdgeAcc | undefined => {
    let out = edgesFrom.get(from);
    let e = out?.get(to);
    if (e || !create) return e;
    if (!out) edgesFrom.set(from, (out = new Map()));
    e = { source: from.node.id, target: to.node.id, counts: zeroCounts(), buckets: new Map() };
    out.set(to, e);
    edges.set(`${from.node.id}->${to.node.id}`, e);
    return e;
  };
  const addEdge = (from: NodeAcc, to: NodeAcc, code: string, rate: number) => {
    addRate(edgeOf(from, to, true)!.counts, code, rate);
    addRate(from.outbound, code, rate);
    addRate(to.inbound, code, rate);
  };

  for (const s of input.requests) {
    if (s.v === null || !(s.v > 0)) continue;
    const m = s.metric;
    const service = m.destination_service_name;
    if (!service) continue;
    const target = versionNode(service, m.destination_canonical_revision ?? 'unknown', m.destination_workload);
    addEdge(sourceNode(m, true)!, target, m.response_code ?? '', s.v);
  }
  // Requests that reached no pod (no subset, no healthy upstream, no route): errors on an edge
  // into the Service box, since no version answered.
  for (const s of input.unreached) {
    if (s.v === null || !(s.v > 0)) continue;
    const m = s.metric;
    if (!m.destination_service_name) continue;
    addEdge(sourceNode(m, true)!, serviceNode(m.destination_service_name), m.response_code ?? '0', s.v);
  }

  // Service inbound = its versions' inbound + what reached none of them.
  for (const n of nodes.values()) {
    if (n.node.kind === 'version' && n.node.parent) mergeCounts(nodes.get(n.node.parent)!.inbound, n.inbound);
  }

  // Latency: each bucket series to its graph edge and called version; Services sum their versions.
  // ~20 bucket series per edge: resolve each edge's histograms once (by its labels, all but
  // `le`, in nested maps: no key string per series), and each `le` once.
  const histogramsOf = new Map<string, Map<string, Map<string, Map<string, { target?: Buckets; edge?: Buckets }>>>>();
  const level = <V>(map: Map<string, V>, key: string, make: () => V): V => {
    let v = map.get(key);
    if (v === undefined) map.set(key, (v = make()));
    return v;
  };
  const bounds = new Map<string, number>();
  for (const s of input.latencyBuckets) {
    if (s.v === null || !Number.isFinite(s.v)) continue;
    const m = s.metric;
    let le = bounds.get(m.le ?? '');
    if (le === undefined) bounds.set(m.le ?? '', (le = parseLe(m.le)));
    const service = m.destination_service_name;
    if (Number.isNaN(le) || !service) continue;
    const revision = m.destination_canonical_revision ?? 'unknown';
    const byRevision = level(level(level(histogramsOf, m.source_workload_namespace ?? '', () => new Map()), m.source_workload ?? '', () => new Map()), service, () => new Map());
    let h = byRevision.get(revision);
    if (!h) {
      const target = findVersion(service, revision);
      const source = target && sourceNode(m, false);
      h = target ? { target: target.buckets, edge: source && edgeOf(source, target, false)?.buckets } : {};
      byRevision.set(revision, h);
    }
    if (h.target) addBucket(h.target, le, s.v);
    if (h.edge) addBucket(h.edge, le, s.v);
  }
  sortedBounds = [...bounds.values()].filter((b) => !Number.isNaN(b)).sort((a, b) => a - b);
  for (const n of nodes.values()) {
    if (n.node.kind === 'version' && n.node.parent) mergeBuckets(nodes.get(n.node.parent)!.buckets, n.buckets);
  }

  let keep: (id: string) => boolean = () => true;
  if (input.app) {
    const member = (id: string): boolean => {
      const n = nodes.get(id)?.node;
      return !!n?.service && appOf.get(n.service) === input.app;
    };
    const kept = new Set<string>();
    for (const n of nodes.values()) if (member(n.node.id)) kept.add(n.node.id);
    // neighbours of the application stay visible, as in Kiali's app graph
    for (const e of edges.values()) {
      if (member(e.source) || member(e.target)) {
        for (const id of [e.source, e.target]) {
          kept.add(id);
          const parent = nodes.get(id)?.node.parent;
          if (parent) kept.add(parent);
        }
      }
    }
    keep = (id) => kept.has(id);
  }

  const outNodes: TopologyNode[] = [];
  for (const n of nodes.values()) {
    if (!keep(n.node.id)) continue;
    // ingress and callers outside the namespace have no inbound traffic here: show what they sent
    const counts = n.node.kind === 'ingress' || n.node.kind === 'unknown' ? n.outbound : n.inbound;
    const latency = n.node.kind === 'version' || n.node.kind === 'service' ? quantiles(n.buckets) : NO_QUANTILES;
    const traffic: TrafficFigures = trafficFigures(counts, latency);
    const health: Health = healthOf(traffic);
    outNodes.push({ ...n.node, health, traffic });
  }
  const outEdges: TopologyEdge[] = [];
  for (const [id, e] of edges) {
    if (!keep(e.source) || !keep(e.target)) continue;
    const traffic = trafficFigures(e.counts, quantiles(e.buckets));
    const sourceTotal = nodes.get(e.source)!.outbound.total;
    outEdges.push({ id, source: e.source, target: e.target, health: healthOf(traffic), traffic, share: sourceTotal > 0 ? e.counts.total / sourceTotal : null });
  }
  outNodes.sort((a, b) => byCodeUnits(a.id, b.id));
  outEdges.sort((a, b) => byCodeUnits(a.id, b.id));
  const view: TopologyView = { namespace: ns, window: input.window, queriedAt: input.queriedAt, nodes: outNodes, edges: outEdges };
  if (input.app) view.app = input.app;
  return view;
}
