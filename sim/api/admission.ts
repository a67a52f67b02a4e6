/**
 * What the API server does to an object between decoding and storage: shape checks (decode
 * errors are 400), defaulting, built-in validation (422 with field causes), CRD schema validation
 * and pruning, unknown-field handling (fieldValidation) and Istio's validating webhook checks.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
 */
import { randomInt } from 'node:crypto';
import { ApiError, badRequest, invalid, type StatusCause } from './errors';
import type { Extensions, FieldValidation } from './extensions';
import { isObject, type JsonObject } from './json-util';
import type { Registry } from './registry';
import type { MemoryStore } from './store';
import { resourceKey, type KubeObject, type ResourceType } from './types';

export interface AdmissionContext {
  registry: Registry;
  store: MemoryStore;
  ext: Extensions;
  type: ResourceType;
  /** version of the request URL */
  version: string;
  fieldValidation: FieldValidation;
  /** collected `Warning` header texts */
  warnings: string[];
}

const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function required(field: string, detail = ''): StatusCause {
  return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}

function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${goValue(value)}: ${detail}`, field };
}

function notSupported(field: string, value: unknown, supported: string[]): StatusCause {
  return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`, field };
}

/** Renders a value the way Go's %#v does in real validation messages (close enough). */
function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (isObject(v) && Object.values(v).every((x) => typeof x === 'string')) {
    return `map[string]string{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v) ?? String(v);
}

// ---- decode-level shape checks (400) ------------------------------------------------------------

function decodeError(kind: string, field: string, got: unknown, want: string): ApiError {
  const gotType = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
  return badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${gotType} into Go struct field ${field} of type ${want}`);
}

/**
 * Rejects bodies whose metadata has the wrong JSON types, as Go's decoder would, so malformed
 * input can never reach (and corrupt) the store.
 */
export function checkShape(obj: unknown, kind: string): asserts obj is KubeObject {
  if (!isObject(obj)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: the object must be a JSON object`);
  for (const f of ['apiVersion', 'kind'] as const) if (obj[f] !== undefined && typeof obj[f] !== 'string') throw decodeError(kind, f, obj[f], 'string');
  if (obj.metadata === undefined) obj.metadata = {};
  const m = obj.metadata;
  if (!isObject(m)) throw decodeError(kind, 'ObjectMeta.metadata', m, 'v1.ObjectMeta');
  for (const f of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'selfLink']) {
    if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') throw decodeError(kind, `ObjectMeta.metadata.${f}`, m[f], 'string');
    if (m[f] === null) delete m[f];
  }
  if (m.generation !== undefined && typeof m.generation !== 'number') throw decodeError(kind, 'ObjectMeta.metadata.generation', m.generation, 'int64');
  for (const f of ['labels', 'annotations']) {
    const v = m[f];
    if (v === undefined || v === null) {
      delete m[f];
      continue;
    }
    if (!isObject(v)) throw decodeError(kind, `ObjectMeta.metadata.${f}`, v, 'map[string]string');
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw decodeError(kind, `ObjectMeta.metadata.${f}.${k}`, x, 'string');
  }
  if (m.finalizers !== undefined && m.finalizers !== null) {
    if (!Array.isArray(m.finalizers) || m.finalizers.some((f) => typeof f !== 'string')) throw decodeError(kind, 'ObjectMeta.metadata.finalizers', m.finalizers, '[]string');
  } else delete m.finalizers;
  if (m.ownerReferences !== undefined && m.ownerReferences !== null) {
    if (!Array.isArray(m.ownerReferences)) throw decodeError(kind, 'ObjectMeta.metadata.ownerReferences', m.ownerReferences, '[]v1.OwnerReference');
    for (const r of m.ownerReferences) {
      if (!isObject(r)) throw decodeError(kind, 'ObjectMeta.metadata.ownerReferences', r, 'v1.OwnerReference');
      for (const f of ['apiVersion', 'kind', 'name', 'uid']) if (r[f] !== undefined && typeof r[f] !== 'string') throw decodeError(kind, `OwnerReference.metadata.ownerReferences.${f}`, r[f], 'string');
    }
  } else delete m.ownerReferences;
  if (m.managedFields !== undefined && m.managedFields !== null && !Array.isArray(m.managedFields)) throw decodeError(kind, 'ObjectMeta.metadata.managedFields', m.managedFields, '[]v1.ManagedFieldsEntry');
  for (const f of ['spec', 'status']) {
    if (obj[f] !== undefined && obj[f] !== null && !isObject(obj[f]) && kind !== 'Secret' && kind !== 'ConfigMap') throw decodeError(kind, f, obj[f], `v1.${kind}${f === 'spec' ? 'Spec' : 'Status'}`);
  }
}

// ---- metadata validation (422) -------------------------------------------------------------------

function validateName(t: ResourceType, name: string | undefined, causes: StatusCause[]): void {
  if (!name) return;
  if (t.resource === 'namespaces') {
    if (name.length > 63 || !LABEL_RE.test(name)) causes.push(invalidValue('metadata.name', name, LABEL_MSG));
  } else if (t.resource === 'services' && !t.group) {
    if (name.length > 63 || !DNS1035_RE.test(name)) causes.push(invalidValue('metadata.name', name, DNS1035_MSG));
  } else if (t.group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..' || name.includes('/') || name.includes('%')) causes.push(invalidValue('metadata.name', name, 'may not contain \'/\' or \'%\''));
  } else if (name.length > 253 || !SUBDOMAIN_RE.test(name)) causes.push(invalidValue('metadata.name', name, SUBDOMAIN_MSG));
}

function validateLabels(labels: Record<string, string> | undefined, causes: StatusCause[], field = 'metadata.labels'): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const slash = k.indexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : '';
    const nm = slash >= 0 ? k.slice(slash + 1) : k;
    if ((slash >= 0 && (!SUBDOMAIN_RE.test(prefix) || prefix.length > 253)) || nm.length > 63 || !QUALIFIED_NAME_RE.test(nm)) {
      causes.push(invalidValue(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    }
    if (v.length > 63 || !LABEL_VALUE_RE.test(v)) {
      causes.push(invalidValue(`${field}`, v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
}

function validateMeta(t: ResourceType, obj: KubeObject, causes: StatusCause[]): void {
  const m = obj.metadata;
  if (!m.name && !m.generateName) causes.push(required('metadata.name', 'name or generateName is required'));
  validateName(t, m.name, causes);
  validateLabels(m.labels, causes);
  let annSize = 0;
  for (const [k, v] of Object.entries(m.annotations ?? {})) annSize += k.length + v.length;
  if (annSize > 256 * 1024) causes.push({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' });
}

// ---- defaulting ----------------------------------------------------------------------------------

function obj(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** `Always` for :latest or untagged images, else `IfNotPresent`. */
function pullPolicy(image: unknown): string {
  if (typeof image !== 'string' || image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * Pod spec defaults as the apiserver's defaulting functions set them (enough for apply to be
 * idempotent and for `get -o yaml` to look familiar).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/
 */
export function defaultPodSpec(spec: JsonObject): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  for (const list of ['containers', 'initContainers']) {
    if (!Array.isArray(spec[list])) continue;
    for (const c of spec[list] as unknown[]) {
      if (!isObject(c)) continue;
      c.imagePullPolicy ??= pullPolicy(c.image);
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
      if (Array.isArray(c.ports)) for (const p of c.ports) if (isObject(p)) p.protocol ??= 'TCP';
    }
  }
}

function defaultDeployment(o: KubeObject): void {
  const spec = (o.spec = obj(o.spec));
  spec.replicas ??= 1;
  const strategy = (spec.strategy = obj(spec.strategy));
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate = obj(strategy.rollingUpdate));
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const tpl = obj(spec.template);
  if (isObject(spec.template)) {
    tpl.metadata ??= {};
    if (isObject(tpl.spec)) defaultPodSpec(tpl.spec);
  }
}

function allocateClusterIp(store: MemoryStore): string {
  const used = new Set<string>();
  for (const e of store.listEntries('services')) {
    const ip = obj(e.obj.spec).clusterIP;
    if (typeof ip === 'string') used.add(ip);
  }
  for (let i = 0; i < 10_000; i++) {
    const ip = `10.96.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    if (!used.has(ip) && ip !== '10.96.0.1' && ip !== '10.96.0.10') return ip;
  }
  throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
}

function defaultService(o: KubeObject, store: MemoryStore, old?: KubeObject): void {
  const spec = (o.spec = obj(o.spec));
  const oldSpec = old ? obj(old.spec) : undefined;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    if (oldSpec && (spec.clusterIP === undefined || spec.clusterIP === '')) spec.clusterIP = oldSpec.clusterIP;
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = allocateClusterIp(store);
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (Array.isArray(spec.ports)) {
    const oldPorts = Array.isArray(oldSpec?.ports) ? (oldSpec!.ports as JsonObject[]) : [];
    for (const p of spec.ports) {
      if (!isObject(p)) continue;
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && p.nodePort === undefined) {
        p.nodePort = oldPorts.find((q) => isObject(q) && q.port === p.port)?.nodePort ?? randomInt(30000, 32768);
      }
    }
  }
}

/** Applies the built-in defaults of the type (no-op for types without any). */
export function applyDefaults(t: ResourceType, o: KubeObject, store: MemoryStore, old?: KubeObject): void {
  const key = resourceKey(t.group, t.resource);
  switch (key) {
    case 'apps/deployments':
    case 'apps/replicasets':
      defaultDeployment(o);
      break;
    case 'services':
      defaultService(o, store, old);
      break;
    case 'pods':
      if (isObject(o.spec)) {
        defaultPodSpec(o.spec);
        o.spec.serviceAccountName ??= 'default';
        o.spec.serviceAccount ??= o.spec.serviceAccountName;
        o.spec.enableServiceLinks ??= true;
        o.spec.preemptionPolicy ??= 'PreemptLowerPriority';
        o.spec.priority ??= 0;
      }
      break;
    case 'namespaces': {
      const spec = (o.spec = obj(o.spec));
      spec.finalizers ??= ['kubernetes'];
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      break;
    }
    case 'secrets': {
      o.type ??= 'Opaque';
      // stringData is write-only: merged into data (base64) as the real server does.
      if (isObject(o.stringData)) {
        const data = (o.data = obj(o.data));
        for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
        delete o.stringData;
      }
      break;
    }
    default:
      break;
  }
}

// ---- built-in validation -------------------------------------------------------------------------

function validateContainers(list: unknown, field: string, causes: StatusCause[]): void {
  if (!Array.isArray(list) || list.length === 0) {
    causes.push(required(field));
    return;
  }
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (!isObject(c)) {
      causes.push(required(f));
      return;
    }
    if (typeof c.name !== 'string' || !c.name) causes.push(required(`${f}.name`));
    else {
      if (!LABEL_RE.test(c.name) || c.name.length > 63) causes.push(invalidValue(`${f}.name`, c.name, LABEL_MSG));
      if (seen.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(c.name)}`, field: `${f}.name` });
      seen.add(c.name);
    }
    if (typeof c.image !== 'string' || !c.image.trim()) causes.push(required(`${f}.image`));
    if (Array.isArray(c.ports)) {
      c.ports.forEach((p, j) => {
        const cp = isObject(p) ? p.containerPort : undefined;
        if (typeof cp !== 'number' || !Number.isInteger(cp) || cp < 1 || cp > 65535) causes.push(invalidValue(`${f}.ports[${j}].containerPort`, cp ?? 0, 'must be between 1 and 65535, inclusive'));
      });
    }
  });
}

function selectorMatches(selector: JsonObject, labels: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(obj(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (!isObject(e) || typeof e.key !== 'string') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = Array.isArray(e.values) ? e.values : [];
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function validateDeployment(o: KubeObject, causes: StatusCause[], old?: KubeObject): void {
  const spec = obj(o.spec);
  const sel = spec.selector;
  if (!isObject(sel) || (Object.keys(obj(sel.matchLabels)).length === 0 && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length))) {
    causes.push(required('spec.selector'));
  }
  const tpl = obj(spec.template);
  const labels = obj(obj(tpl.metadata).labels);
  if (isObject(sel) && !selectorMatches(sel, labels)) causes.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  if (typeof spec.replicas !== 'number' || spec.replicas < 0 || !Number.isInteger(spec.replicas)) causes.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  validateContainers(obj(tpl.spec).containers, 'spec.template.spec.containers', causes);
  if (old && isObject(obj(old.spec).selector) && JSON.stringify(obj(old.spec).selector) !== JSON.stringify(sel)) {
    causes.push(invalidValue('spec.selector', sel, 'field is immutable'));
  }
  const strategyType = obj(spec.strategy).type;
  if (strategyType !== 'RollingUpdate' && strategyType !== 'Recreate') causes.push(notSupported('spec.strategy.type', strategyType, ['Recreate', 'RollingUpdate']));
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(o: KubeObject, causes: StatusCause[]): void {
  const spec = obj(o.spec);
  if (!SERVICE_TYPES.includes(spec.type as string)) causes.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  const ports = spec.ports;
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && (!Array.isArray(ports) || ports.length === 0)) causes.push(required('spec.ports'));
  if (!Array.isArray(ports)) return;
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (!isObject(p)) {
      causes.push(required(f));
      return;
    }
    if (ports.length > 1 && !p.name) causes.push(required(`${f}.name`));
    if (typeof p.name === 'string' && p.name) {
      if (names.has(p.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(p.name)}`, field: `${f}.name` });
      names.add(p.name);
    }
    if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) causes.push(invalidValue(`${f}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol as string)) causes.push(notSupported(`${f}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    const tp = p.targetPort;
    if (typeof tp === 'number' && (tp < 1 || tp > 65535)) causes.push(invalidValue(`${f}.targetPort`, tp, 'must be between 1 and 65535, inclusive'));
    if (tp !== undefined && typeof tp !== 'number' && typeof tp !== 'string') causes.push(invalidValue(`${f}.targetPort`, tp, 'must be an int or a string'));
  });
}

function validateCrd(o: KubeObject, causes: StatusCause[]): void {
  const spec = obj(o.spec);
  const names = obj(spec.names);
  if (typeof spec.group !== 'string' || !spec.group) causes.push(required('spec.group'));
  if (typeof names.plural !== 'string' || !names.plural) causes.push(required('spec.names.plural'));
  if (typeof names.kind !== 'string' || !names.kind) causes.push(required('spec.names.kind'));
  if (!['Namespaced', 'Cluster'].includes(spec.scope as string)) causes.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) causes.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => isObject(v) && v.storage === true).length !== 1) causes.push(invalidValue('spec.versions', versions.length, 'must have exactly one version marked as storage version'));
  versions.forEach((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string' || !v.name) causes.push(required(`spec.versions[${i}].name`));
  });
  if (typeof names.plural === 'string' && typeof spec.group === 'string' && o.metadata.name !== `${names.plural}.${spec.group}`) {
    causes.push(invalidValue('metadata.name', o.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
}

/** CRDs are accepted and established immediately (there is no naming controller to wait for). */
export function establishCrd(o: KubeObject): void {
  const spec = obj(o.spec);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const storage = (Array.isArray(spec.versions) ? spec.versions : []).find((v) => isObject(v) && v.storage === true) as JsonObject | undefined;
  const names = { ...obj(spec.names) };
  names.singular ??= typeof names.kind === 'string' ? names.kind.toLowerCase() : '';
  names.listKind ??= `${names.kind}List`;
  const prev = obj(o.status);
  const stored = new Set<string>(Array.isArray(prev.storedVersions) ? (prev.storedVersions as string[]) : []);
  if (storage && typeof storage.name === 'string') stored.add(storage.name);
  o.status = {
    acceptedNames: names,
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
    ],
    storedVersions: [...stored],
  };
}

// ---- entry points --------------------------------------------------------------------------------

function unknownFieldsMessage(fields: string[]): string {
  return `strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`;
}

function handleUnknownFields(ctx: AdmissionContext, fields: string[]): void {
  if (fields.length === 0 || ctx.fieldValidation === 'Ignore') return;
  if (ctx.fieldValidation === 'Strict') {
    const t = ctx.type;
    throw badRequest(`${t.kind} in version "${ctx.version}" cannot be handled as a ${t.kind}: ${unknownFieldsMessage(fields)}`);
  }
  for (const f of fields) ctx.warnings.push(`unknown field "${f}"`);
}

/**
 * Defaulting + validation for a create or update; returns the object to store.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
export function admit(ctx: AdmissionContext, input: KubeObject, old?: KubeObject): KubeObject {
  const t = ctx.type;
  let o = input;
  const gvk = { group: t.group, version: ctx.version, kind: t.kind };
  o.apiVersion = t.group ? `${t.group}/${ctx.version}` : ctx.version;
  o.kind = t.kind;
  const causes: StatusCause[] = [];
  if (t.crdName) {
    const info = ctx.registry.crdVersion(resourceKey(t.group, t.resource), ctx.version);
    if (info?.schema && ctx.ext.validateCustomResource) {
      const res = ctx.ext.validateCustomResource(o, info.schema, { fieldValidation: ctx.fieldValidation });
      handleUnknownFields(ctx, res.unknownFields);
      o = res.object;
      causes.push(...res.causes);
    }
  } else {
    if (ctx.ext.unknownFieldsOfBuiltin) {
      const unknown = ctx.ext.unknownFieldsOfBuiltin(o, gvk).filter((f) => !f.startsWith('metadata.managedFields'));
      handleUnknownFields(ctx, unknown);
    }
    applyDefaults(t, o, ctx.store, old);
  }
  validateMeta(t, o, causes);
  switch (resourceKey(t.group, t.resource)) {
    case 'apps/deployments':
      validateDeployment(o, causes, old);
      break;
    case 'services':
      validateService(o, causes);
      break;
    case 'pods':
      validateContainers(obj(o.spec).containers, 'spec.containers', causes);
      break;
    case 'apiextensions.k8s.io/customresourcedefinitions':
      validateCrd(o, causes);
      break;
    default:
      break;
  }
  if (t.group === 'networking.istio.io' && ctx.ext.admitIstioObject && causes.length === 0) causes.push(...ctx.ext.admitIstioObject(o));
  if (causes.length > 0) throw invalid(t.group, t.kind, o.metadata.name ?? o.metadata.generateName ?? '', causes);
  return o;
}

/** Status a create starts from for types with a status subresource (clients cannot set it). */
export function initialStatus(t: ResourceType, o: KubeObject): void {
  const key = resourceKey(t.group, t.resource);
  if (key === 'apiextensions.k8s.io/customresourcedefinitions') {
    delete o.status;
    establishCrd(o);
    return;
  }
  if (key === 'namespaces') {
    o.status = { phase: 'Active' };
    return;
  }
  if (key === 'pods') {
    o.status = { phase: 'Pending', qosClass: 'BestEffort' };
    return;
  }
  if (key === 'services') {
    o.status = { loadBalancer: {} };
    return;
  }
  if (t.subresources.includes('status')) delete o.status;
}
