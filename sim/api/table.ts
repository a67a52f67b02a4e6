/**
 * Server-side printing: `meta.k8s.io/v1` Table responses with the columns kubectl shows for each
 * built-in type, and CRDs' additionalPrinterColumns for custom resources.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
 */
import { isObject, type JsonObject } from './json-util';
import type { PrinterColumn } from './registry';
import { labelSelectorToString } from './selectors';
import { resourceKey, type KubeObject, type ResourceType } from './types';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;

interface Printer {
  columns: ColumnDefinition[];
  cells(o: KubeObject, now: number): Cell[];
}

function col(name: string, type = 'string', priority = 0, format = '', description = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'string', 0, 'name', 'Name must be unique within a namespace.');
const AGE = col('Age', 'string', 0, '', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/**
 * Go's duration.HumanDuration, the format of every AGE cell.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/duration/duration.go
 */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  const d = Math.floor(h / 24);
  if (d < 730) return `${d}d`;
  const y = Math.floor(d / 365);
  if (d < 2920) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

function age(ts: unknown, now: number): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function o(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function podStatusText(p: KubeObject): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  const st = o(p.status);
  let reason = typeof st.reason === 'string' ? st.reason : typeof st.phase === 'string' ? st.phase : 'Pending';
  for (const c of arr(st.containerStatuses)) {
    const state = o(o(c).state);
    if (isObject(state.waiting) && typeof state.waiting.reason === 'string') reason = state.waiting.reason;
    else if (isObject(state.terminated) && typeof state.terminated.reason === 'string') reason = state.terminated.reason;
  }
  return reason;
}

function servicePorts(spec: JsonObject): string {
  const ports = arr(spec.ports).map((p) => {
    const q = o(p);
    return `${q.port}${q.nodePort ? `:${q.nodePort}` : ''}/${q.protocol ?? 'TCP'}`;
  });
  return ports.length ? ports.join(',') : '<none>';
}

function externalIp(spec: JsonObject, status: JsonObject): string {
  if (spec.type === 'ExternalName') return String(spec.externalName ?? '<none>');
  const ext = arr(spec.externalIPs).map(String);
  if (spec.type === 'LoadBalancer') {
    const ing = arr(o(status.loadBalancer).ingress).map((i) => String(o(i).ip ?? o(i).hostname ?? ''));
    const all = [...ing, ...ext].filter(Boolean);
    return all.length ? all.join(',') : '<pending>';
  }
  return ext.length ? ext.join(',') : '<none>';
}

function endpointsText(ep: KubeObject): string {
  const list: string[] = [];
  for (const s of arr(ep.subsets)) {
    const ports = arr(o(s).ports).map((p) => o(p).port);
    for (const a of arr(o(s).addresses)) {
      const ip = o(a).ip;
      if (ports.length === 0) list.push(String(ip));
      for (const port of ports) list.push(`${ip}:${port}`);
    }
  }
  if (list.length === 0) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function selectorText(sel: unknown): string {
  if (!isObject(sel)) return '<none>';
  const s = isObject(sel.matchLabels) || Array.isArray(sel.matchExpressions) ? labelSelectorToString(sel) : Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',');
  return s || '<none>';
}

const BUILTIN: Record<string, Printer> = {
  pods: {
    columns: [NAME, col('Ready', 'string', 0, '', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'string', 0, '', 'The aggregate status of the containers in this pod.'), col('Restarts', 'string', 0, '', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), AGE, col('IP', 'string', 1, '', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'), col('Node', 'string', 1, '', 'NodeName is a request to schedule this pod onto a specific node.'), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    cells(p, now) {
      const st = o(p.status);
      const cs = arr(st.containerStatuses);
      const total = arr(o(p.spec).containers).length;
      const ready = cs.filter((c) => o(c).ready === true).length;
      const restarts = cs.reduce((n: number, c) => n + (Number(o(c).restartCount) || 0), 0);
      return [p.metadata.name ?? '', `${ready}/${total}`, podStatusText(p), restarts, age(p.metadata.creationTimestamp, now), (st.podIP as string) || '<none>', (o(p.spec).nodeName as string) || '<none>', (st.nominatedNodeName as string) || '<none>', '<none>'];
    },
  },
  'apps/deployments': {
    columns: [NAME, col('Ready', 'string', 0, '', 'Number of the pod with ready state'), col('Up-to-date', 'string', 0, '', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'), col('Available', 'string', 0, '', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells(d, now) {
      const spec = o(d.spec);
      const st = o(d.status);
      const containers = arr(o(o(spec.template).spec).containers).map(o);
      return [d.metadata.name ?? '', `${st.readyReplicas ?? 0}/${spec.replicas ?? 0}`, Number(st.updatedReplicas ?? 0), Number(st.availableReplicas ?? 0), age(d.metadata.creationTimestamp, now), containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selectorText(spec.selector)];
    },
  },
  'apps/replicasets': {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE],
    cells(r, now) {
      const st = o(r.status);
      return [r.metadata.name ?? '', Number(o(r.spec).replicas ?? 0), Number(st.replicas ?? 0), Number(st.readyReplicas ?? 0), age(r.metadata.creationTimestamp, now)];
    },
  },
  services: {
    columns: [NAME, col('Type', 'string', 0, '', 'type determines how the Service is exposed.'), col('Cluster-IP', 'string', 0, '', 'clusterIP is the IP address of the service.'), col('External-IP', 'string', 0, '', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'), col('Port(s)', 'string', 0, '', 'The list of ports that are exposed by this service.'), AGE, col('Selector', 'string', 1, '', 'Route service traffic to pods with label keys and values matching this selector.')],
    cells(s, now) {
      const spec = o(s.spec);
      return [s.metadata.name ?? '', String(spec.type ?? 'ClusterIP'), String(spec.clusterIP ?? '<none>'), externalIp(spec, o(s.status)), servicePorts(spec), age(s.metadata.creationTimestamp, now), selectorText(spec.selector)];
    },
  },
  serviceaccounts: {
    columns: [NAME, col('Secrets', 'integer'), AGE],
    cells: (s, now) => [s.metadata.name ?? '', arr(s.secrets).length, age(s.metadata.creationTimestamp, now)],
  },
  namespaces: {
    columns: [NAME, col('Status', 'string', 0, '', 'The status of the namespace'), AGE],
    cells: (n, now) => [n.metadata.name ?? '', String(o(n.status).phase ?? 'Active'), age(n.metadata.creationTimestamp, now)],
  },
  endpoints: {
    columns: [NAME, col('Endpoints', 'string', 0, '', 'Endpoints is the list of endpoints in the service.'), AGE],
    cells: (e, now) => [e.metadata.name ?? '', endpointsText(e), age(e.metadata.creationTimestamp, now)],
  },
  configmaps: {
    columns: [NAME, col('Data', 'integer'), AGE],
    cells: (c, now) => [c.metadata.name ?? '', Object.keys(o(c.data)).length + Object.keys(o(c.binaryData)).length, age(c.metadata.creationTimestamp, now)],
  },
  secrets: {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    cells: (s, now) => [s.metadata.name ?? '', String(s.type ?? 'Opaque'), Object.keys(o(s.data)).length, age(s.metadata.creationTimestamp, now)],
  },
  events: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'string', 1), col('Name', 'string', 1)],
    cells(e, now) {
      const io = o(e.involvedObject);
      const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const src = o(e.source);
      return [age(last, now), String(e.type ?? ''), String(e.reason ?? ''), `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, String(io.fieldPath ?? ''), [src.component, src.host].filter(Boolean).join(', '), String(e.message ?? ''), age(e.firstTimestamp ?? last, now), String(e.count ?? 1), e.metadata.name ?? ''];
    },
  },
  'coordination.k8s.io/leases': {
    columns: [NAME, col('Holder'), AGE],
    cells: (l, now) => [l.metadata.name ?? '', String(o(l.spec).holderIdentity ?? ''), age(l.metadata.creationTimestamp, now)],
  },
  'apiextensions.k8s.io/customresourcedefinitions': {
    columns: [NAME, col('Created At', 'date')],
    cells: (c) => [c.metadata.name ?? '', c.metadata.creationTimestamp ?? ''],
  },
  'rbac.authorization.k8s.io/rolebindings': {
    columns: [NAME, col('Role'), AGE],
    cells: (b, now) => [b.metadata.name ?? '', `${o(b.roleRef).kind}/${o(b.roleRef).name}`, age(b.metadata.creationTimestamp, now)],
  },
  'rbac.authorization.k8s.io/clusterrolebindings': {
    columns: [NAME, col('Role'), AGE],
    cells: (b, now) => [b.metadata.name ?? '', `${o(b.roleRef).kind}/${o(b.roleRef).name}`, age(b.metadata.creationTimestamp, now)],
  },
};

const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  cells: (x, now) => [x.metadata.name ?? '', age(x.metadata.creationTimestamp, now)],
};

/**
 * Evaluates the simple JSONPath subset CRD printer columns use: `.a.b`, `.a[0].b`, `.a['x.y']`.
 * @see https://kubernetes.io/docs/reference/kubectl/jsonpath/
 */
export function evalSimpleJsonPath(root: unknown, path: string): unknown {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (p.startsWith('$')) p = p.slice(1);
  const re = /\.([A-Za-z0-9_\-$]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/y;
  let cur: unknown = root;
  let i = 0;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m) return undefined;
    i = re.lastIndex;
    if (cur === null || typeof cur !== 'object') return undefined;
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    else {
      const key = m[1] ?? m[3];
      cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as JsonObject)[key] : undefined;
    }
  }
  return cur;
}

function crdPrinter(columns: PrinterColumn[]): Printer {
  if (columns.length === 0) return DEFAULT_PRINTER;
  return {
    columns: [NAME, ...columns.map((c) => col(c.name, c.type === 'date' ? 'string' : c.type, c.priority ?? 0, c.format ?? '', c.description ?? ''))],
    cells(x, now) {
      return [
        x.metadata.name ?? '',
        ...columns.map((c): Cell => {
          const v = evalSimpleJsonPath(x, c.jsonPath);
          if (v === undefined || v === null) return null;
          if (c.type === 'date') return age(v, now);
          if (typeof v === 'object') return JSON.stringify(v);
          if (c.type === 'string') return String(v);
          return v as Cell;
        }),
      ];
    },
  };
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Picks the printer for a type (CRD columns come from the requested version). */
export function printerFor(t: ResourceType, crdColumns?: PrinterColumn[]): Printer {
  if (t.crdName) return crdPrinter(crdColumns ?? []);
  return BUILTIN[resourceKey(t.group, t.resource)] ?? DEFAULT_PRINTER;
}

/** One row; `object` is PartialObjectMetadata unless the full object was asked for. */
export function tableRow(p: Printer, obj: KubeObject, include: IncludeObject, now = Date.now()): JsonObject {
  const row: JsonObject = { cells: p.cells(obj, now) };
  if (include === 'Object') row.object = obj;
  else if (include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return row;
}

/** A whole Table (list, item or watch event payload). */
export function toTable(p: Printer, objs: KubeObject[], include: IncludeObject, listMeta: JsonObject): JsonObject {
  const now = Date.now();
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: p.columns, rows: objs.map((x) => tableRow(p, x, include, now)) };
}
