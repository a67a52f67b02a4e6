/**
 * The generic resource verbs (get, list, watch, create, update, patch, delete) for every
 * registered type, over the one store. Per-kind behaviour lives only in admission, table and
 * scale; everything here is type-agnostic.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#api-verbs
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit, checkShape, initialStatus, type AdmissionContext } from './admission';
import { ApiError, badRequest, methodNotAllowed, notFound, unsupportedMediaType } from './errors';
import type { Extensions, FieldValidation } from './extensions';
import { decodeBody, mediaType, readBody, sendError, sendJson, sendJsonBuffer, sendJsonText, statusOf, warningHeaders, wantsTable } from './http-util';
import { isObject } from './json-util';
import type { Registry } from './registry';
import { applyScale, toScale } from './scale';
import { selectorPredicate } from './selectors';
import { entryBuffer, entryJson, kubeTime, type Entry, type MemoryStore } from './store';
import { printerFor, tableRow, toTable, type IncludeObject } from './table';
import { resourceKey, type DeleteOptions, type KubeObject, type ResourceType } from './types';
import type { WatchHub } from './watch';

export interface ApiContext {
  store: MemoryStore;
  registry: Registry;
  hub: WatchHub;
  ext: Extensions;
  bookmarkIntervalMs: number;
  /** open watch responses, ended on shutdown */
  watches: Set<ServerResponse>;
}

export interface ResourceRequest {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  watchPath: boolean;
}

// ---- output helpers --------------------------------------------------------------------------------

function apiVersionOf(t: ResourceType, version: string): string {
  return t.group ? `${t.group}/${version}` : version;
}

/** JSON of a stored entry as the requested version (conversion strategy None: only apiVersion changes). */
function versionedJson(e: Entry, t: ResourceType, version: string): string {
  const av = apiVersionOf(t, version);
  if (e.obj.apiVersion === av) return entryJson(e);
  e.alt ??= new Map();
  let s = e.alt.get(av);
  if (s === undefined) {
    s = JSON.stringify({ ...e.obj, apiVersion: av });
    e.alt.set(av, s);
  }
  return s;
}

function versionedObject(e: Entry, t: ResourceType, version: string): KubeObject {
  const av = apiVersionOf(t, version);
  return e.obj.apiVersion === av ? e.obj : { ...e.obj, apiVersion: av };
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function printer(ctx: ApiContext, r: ResourceRequest) {
  const info = r.type.crdName ? ctx.registry.crdVersion(resourceKey(r.type.group, r.type.resource), r.version) : undefined;
  return printerFor(r.type, info?.printerColumns);
}

function sendEntry(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest, e: Entry, code = 200, warnings: string[] = []): void {
  const headers = warningHeaders(warnings);
  if (wantsTable(req.headers.accept)) {
    sendJson(res, code, toTable(printer(ctx, r), [versionedObject(e, r.type, r.version)], includeObject(r.query), { resourceVersion: e.obj.metadata.resourceVersion }), headers);
    return;
  }
  sendJsonText(res, code, versionedJson(e, r.type, r.version), headers);
}

function fieldManagerOf(req: IncomingMessage, q: URLSearchParams): string {
  const fm = q.get('fieldManager');
  if (fm) return fm.slice(0, 128);
  const ua = String(req.headers['user-agent'] ?? 'unknown');
  return ua.split('/')[0].trim().slice(0, 128) || 'unknown';
}

function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  if (v) throw badRequest(`fieldValidation parameter unsupported: ${v}`);
  return 'Ignore';
}

function isDryRun(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  for (const d of v) if (d !== 'All') throw badRequest(`unsupported dry run value: ${d}`);
  return v.length > 0;
}

/**
 * Maintains one managedFields entry per manager/operation with `fieldsV1: {}` (field ownership is
 * not tracked; an empty set keeps kubectl from sending migration patches).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
function recordManager(obj: KubeObject, prior: unknown, manager: string, operation: 'Update' | 'Apply', apiVersion: string, subresource?: string): void {
  const base = Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields : Array.isArray(prior) ? prior : [];
  const list = base.filter((m): m is Record<string, unknown> => isObject(m) && typeof m.manager === 'string').map((m) => ({ ...m }));
  const entry: Record<string, unknown> = { manager, operation, apiVersion, time: kubeTime(), fieldsType: 'FieldsV1', fieldsV1: {} };
  if (subresource) entry.subresource = subresource;
  const i = list.findIndex((m) => m.manager === manager && m.operation === operation && (m.subresource ?? undefined) === subresource);
  if (i >= 0) list[i] = entry;
  else list.push(entry);
  obj.metadata.managedFields = list;
}

function admission(ctx: ApiContext, r: ResourceRequest, warnings: string[]): AdmissionContext {
  return { registry: ctx.registry, store: ctx.store, ext: ctx.ext, type: r.type, version: r.version, fieldValidation: fieldValidationOf(r.query), warnings };
}

function storeKey(r: ResourceRequest): string {
  return resourceKey(r.type.group, r.type.resource);
}

async function readObject(req: IncomingMessage, r: ResourceRequest, kind = r.type.kind): Promise<KubeObject> {
  const ct = mediaType(req.headers['content-type']) || 'application/json';
  if (ct !== 'application/json' && ct !== 'application/yaml' && ct !== '*/*') throw unsupportedMediaType(ct);
  const body = decodeBody(await readBody(req), ct, kind);
  checkShape(body, kind);
  return body;
}

/** URL and body must agree on namespace/name, as the real server insists. */
function reconcileIdentity(r: ResourceRequest, obj: KubeObject, requireName: boolean): void {
  const m = obj.metadata;
  if (r.type.namespaced) {
    if (m.namespace && r.namespace && m.namespace !== r.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    m.namespace = r.namespace;
  } else delete m.namespace;
  if (requireName) {
    if (!m.name) m.name = r.name;
    else if (m.name !== r.name) throw badRequest(`the name of the object (${m.name}) does not match the name on the URL (${r.name})`);
  }
  if (obj.kind !== undefined && obj.kind !== r.type.kind && obj.kind !== '') {
    throw badRequest(`${obj.kind} in version "${r.version}" cannot be handled as a ${r.type.kind}: the object kind does not match the URL`);
  }
}

function requireNamespace(r: ResourceRequest): void {
  if (r.type.namespaced && !r.namespace) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

// ---- list / watch ------------------------------------------------------------------------------------

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof v.rv === 'number' && typeof v.start === 'string') return { rv: v.rv, start: v.start };
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function keyOf(e: Entry): string {
  return `${e.obj.metadata.namespace ?? ''}/${e.obj.metadata.name}`;
}

const COMMA = Buffer.from(',');
const CLOSE_LIST = Buffer.from(']}');

function handleList(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): void {
  const q = r.query;
  const pred = selectorPredicate(q.get('labelSelector'), q.get('fieldSelector'));
  const limitRaw = q.get('limit');
  const limit = limitRaw ? Math.max(0, Math.floor(Number(limitRaw)) || 0) : 0;
  const cont = q.get('continue');
  const token = cont ? decodeContinue(cont) : undefined;
  let listRv = token ? token.rv : ctx.store.currentRv();
  let entries = ctx.store.listEntries(storeKey(r), r.namespace);
  if (token) entries = entries.filter((e) => keyOf(e) > token.start);
  if (pred) entries = entries.filter((e) => pred(e.obj));
  let next: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 && entries.length > limit) {
    remaining = entries.length - limit;
    entries = entries.slice(0, limit);
    next = encodeContinue({ rv: listRv, start: keyOf(entries[entries.length - 1]) });
  }
  if (!token) listRv = ctx.store.currentRv();
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (next) {
    meta.continue = next;
    if (!pred) meta.remainingItemCount = remaining;
  }
  if (wantsTable(req.headers.accept)) {
    const objs = entries.map((e) => versionedObject(e, r.type, r.version));
    sendJson(res, 200, toTable(printer(ctx, r), objs, includeObject(q), meta));
    return;
  }
  // Items are spliced in as cached UTF-8 JSON: no per-request re-serialisation of stored objects.
  const head = JSON.stringify({ kind: r.type.listKind, apiVersion: apiVersionOf(r.type, r.version), metadata: meta });
  const av = apiVersionOf(r.type, r.version);
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"items":[`)];
  entries.forEach((e, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(e.obj.apiVersion === av ? entryBuffer(e) : Buffer.from(versionedJson(e, r.type, r.version)));
  });
  parts.push(CLOSE_LIST);
  sendJsonBuffer(res, 200, Buffer.concat(parts));
}

function handleWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): void {
  const q = r.query;
  const pred = selectorPredicate(q.get('labelSelector'), q.get('fieldSelector'));
  const table = wantsTable(req.headers.accept);
  const include = includeObject(q);
  const pr = table ? printer(ctx, r) : undefined;
  const bookmarks = q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1';
  const timeoutSec = Number(q.get('timeoutSeconds'));

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.socket?.setNoDelay(true);
  res.flushHeaders();
  ctx.watches.add(res);

  let closed = false;
  const write = (line: string) => {
    if (!closed) res.write(line);
  };
  const sink = (type: string, e: Entry) => {
    if (pr) {
      const obj = versionedObject(e, r.type, r.version);
      write(`{"type":"${type}","object":${JSON.stringify({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: obj.metadata.resourceVersion }, columnDefinitions: pr.columns, rows: [tableRow(pr, obj, include)] })}}\n`);
    } else write(`{"type":"${type}","object":${versionedJson(e, r.type, r.version)}}\n`);
  };

  let cancel: (() => void) | undefined;
  try {
    cancel = ctx.hub.watch(storeKey(r), { namespace: r.namespace, predicate: pred, resourceVersion: q.get('resourceVersion') ?? undefined }, sink);
  } catch (err) {
    // Like the watch cache: a too-old resourceVersion is an ERROR event carrying a 410 Status.
    const st = statusOf(err);
    write(`{"type":"ERROR","object":${JSON.stringify(st)}}\n`);
    ctx.watches.delete(res);
    closed = true;
    res.end();
    return;
  }

  const timers: NodeJS.Timeout[] = [];
  if (bookmarks) {
    const bm = setInterval(() => {
      write(`{"type":"BOOKMARK","object":${JSON.stringify({ kind: r.type.kind, apiVersion: apiVersionOf(r.type, r.version), metadata: { resourceVersion: ctx.store.currentResourceVersion() } })}}\n`);
    }, ctx.bookmarkIntervalMs);
    bm.unref();
    timers.push(bm);
  }
  const finish = () => {
    if (closed) return;
    closed = true;
    cancel?.();
    for (const t of timers) clearInterval(t);
    ctx.watches.delete(res);
    if (!res.writableEnded) res.end();
  };
  if (Number.isFinite(timeoutSec) && timeoutSec > 0) {
    const t = setTimeout(finish, timeoutSec * 1000);
    t.unref();
    timers.push(t);
  }
  req.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);
}

// ---- writes ------------------------------------------------------------------------------------------

async function handleCreate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  if (r.type.namespaced && !r.namespace) throw methodNotAllowed();
  const obj = await readObject(req, r);
  reconcileIdentity(r, obj, false);
  const warnings: string[] = [];
  const dry = isDryRun(r.query);
  const admitted = admit(admission(ctx, r, warnings), obj);
  initialStatus(r.type, admitted);
  recordManager(admitted, undefined, fieldManagerOf(req, r.query), 'Update', apiVersionOf(r.type, r.version));
  const e = ctx.store.createEntry(storeKey(r), admitted, dry);
  sendEntry(ctx, req, res, r, e, 201, warnings);
}

/** Shared tail of PUT and PATCH: validate and store `next` as the new state of the item. */
function commitUpdate(ctx: ApiContext, req: IncomingMessage, r: ResourceRequest, next: KubeObject, old: Entry, operation: 'Update' | 'Apply', warnings: string[]): Entry {
  const dry = isDryRun(r.query);
  const manager = fieldManagerOf(req, r.query);
  const av = apiVersionOf(r.type, r.version);
  if (r.subresource === 'status') {
    checkShape(next, r.type.kind);
    recordManager(next, old.obj.metadata.managedFields, manager, operation, av, 'status');
    return ctx.store.updateEntry(storeKey(r), next, { subresource: 'status', dryRun: dry });
  }
  const admitted = admit(admission(ctx, r, warnings), next, old.obj);
  recordManager(admitted, old.obj.metadata.managedFields, manager, operation, av);
  return ctx.store.updateEntry(storeKey(r), admitted, { dryRun: dry });
}

function existing(ctx: ApiContext, r: ResourceRequest): Entry {
  const e = ctx.store.getEntry(storeKey(r), r.namespace, r.name!);
  if (!e) throw notFound(r.type.group, r.type.resource, r.name!);
  return e;
}

function scalePaths(ctx: ApiContext, r: ResourceRequest) {
  if (!r.type.crdName) return undefined;
  const info = ctx.registry.crdVersion(storeKey(r), r.version);
  if (!info?.scale) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  return info.scale;
}

async function handleUpdate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  if (r.subresource === 'scale') {
    const body = decodeBody(await readBody(req), req.headers['content-type'] ?? 'application/json', 'Scale');
    const old = existing(ctx, r);
    const paths = scalePaths(ctx, r);
    const next = applyScale(versionedObject(old, r.type, r.version), body, paths);
    const e = commitUpdate(ctx, req, { ...r, subresource: undefined }, next, old, 'Update', []);
    sendJson(res, 200, toScale(e.obj, paths));
    return;
  }
  const obj = await readObject(req, r);
  reconcileIdentity(r, obj, true);
  const old = existing(ctx, r);
  const warnings: string[] = [];
  const e = commitUpdate(ctx, req, r, obj, old, 'Update', warnings);
  sendEntry(ctx, req, res, r, e, 200, warnings);
}

const PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/apply-patch+cbor'];

async function handlePatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  const ct = mediaType(req.headers['content-type']);
  if (!PATCH_TYPES.includes(ct) || ct === 'application/apply-patch+cbor') throw unsupportedMediaType(ct || 'none');
  if (ct === 'application/strategic-merge-patch+json' && r.type.crdName) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
  }
  const patch = decodeBody(await readBody(req), ct, r.subresource === 'scale' ? 'Scale' : r.type.kind);
  const gvk = { group: r.type.group, version: r.version, kind: r.type.kind };
  const warnings: string[] = [];
  const cur = ctx.store.getEntry(storeKey(r), r.namespace, r.name!);

  if (ct === 'application/apply-patch+yaml') {
    if (!r.query.get('fieldManager')) throw badRequest('PATCH requests of type application/apply-patch+yaml must specify a fieldManager');
    checkShape(patch, r.type.kind);
    reconcileIdentity(r, patch, true);
    if (!ctx.ext.applyServerSide) throw unsupportedMediaType(ct);
    const schema = r.type.crdName ? ctx.registry.crdVersion(storeKey(r), r.version)?.schema : undefined;
    if (!cur) {
      if (r.subresource) throw notFound(r.type.group, r.type.resource, r.name!);
      const created = ctx.ext.applyServerSide(undefined, structuredClone(patch), { gvk, fieldManager: r.query.get('fieldManager')!, schema });
      checkShape(created, r.type.kind);
      reconcileIdentity(r, created, true);
      const admitted = admit(admission(ctx, r, warnings), created);
      initialStatus(r.type, admitted);
      recordManager(admitted, undefined, r.query.get('fieldManager')!, 'Apply', apiVersionOf(r.type, r.version));
      const e = ctx.store.createEntry(storeKey(r), admitted, isDryRun(r.query));
      sendEntry(ctx, req, res, r, e, 201, warnings);
      return;
    }
    const base = structuredClone(versionedObject(cur, r.type, r.version));
    const applied = ctx.ext.applyServerSide(base, patch, { gvk, fieldManager: r.query.get('fieldManager')!, schema });
    checkShape(applied, r.type.kind);
    reconcileIdentity(r, applied, true);
    const e = commitUpdate(ctx, req, r, applied, cur, 'Apply', warnings);
    sendEntry(ctx, req, res, r, e, 200, warnings);
    return;
  }

  if (!cur) throw notFound(r.type.group, r.type.resource, r.name!);
  const paths = r.subresource === 'scale' ? scalePaths(ctx, r) : undefined;
  const current = r.subresource === 'scale' ? toScale(cur.obj, paths) : structuredClone(versionedObject(cur, r.type, r.version));
  let patched: unknown;
  if (ct === 'application/merge-patch+json') patched = ctx.ext.applyMergePatch(current, patch);
  else if (ct === 'application/json-patch+json') patched = ctx.ext.applyJsonPatch(current, patch);
  else {
    if (!ctx.ext.applyStrategicMergePatch) throw unsupportedMediaType(ct);
    const smpGvk = r.subresource === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
    patched = ctx.ext.applyStrategicMergePatch(current, patch, smpGvk);
  }
  if (r.subresource === 'scale') {
    const next = applyScale(versionedObject(cur, r.type, r.version), patched, paths);
    const e = commitUpdate(ctx, req, { ...r, subresource: undefined }, next, cur, 'Update', warnings);
    sendJson(res, 200, toScale(e.obj, paths));
    return;
  }
  checkShape(patched, r.type.kind);
  reconcileIdentity(r, patched, true);
  const e = commitUpdate(ctx, req, r, patched, cur, 'Update', warnings);
  sendEntry(ctx, req, res, r, e, 200, warnings);
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const buf = await readBody(req);
  const opts: DeleteOptions = {};
  if (buf.length > 0 && buf.toString('utf8').trim() !== '') {
    const body = decodeBody(buf, req.headers['content-type'] ?? 'application/json', 'DeleteOptions');
    if (!isObject(body)) throw badRequest('DeleteOptions in version "v1" cannot be handled as a DeleteOptions: the object must be a JSON object');
    const pp = body.propagationPolicy;
    if (pp !== undefined && pp !== null) {
      if (pp !== 'Foreground' && pp !== 'Background' && pp !== 'Orphan') throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(pp)}: supported values: "Foreground", "Background", "Orphan", "nil"`);
      opts.propagationPolicy = pp;
    }
    if (body.orphanDependents === true) opts.propagationPolicy ??= 'Orphan';
    if (isObject(body.preconditions)) {
      if (typeof body.preconditions.uid === 'string') opts.uid = body.preconditions.uid;
      if (typeof body.preconditions.resourceVersion === 'string') opts.resourceVersion = body.preconditions.resourceVersion;
    }
  }
  const qp = q.get('propagationPolicy');
  if (qp === 'Foreground' || qp === 'Background' || qp === 'Orphan') opts.propagationPolicy = qp;
  if (q.get('orphanDependents') === 'true') opts.propagationPolicy ??= 'Orphan';
  return opts;
}

async function handleDelete(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(req, r.query);
  const dry = isDryRun(r.query);
  const e = ctx.store.deleteEntry(storeKey(r), r.namespace, r.name!, { ...opts, dryRun: dry });
  const still = ctx.store.getEntry(storeKey(r), r.namespace, r.name!);
  if (still && !dry) {
    // Kept by finalizers (or a terminating namespace): the object with its deletionTimestamp.
    sendEntry(ctx, req, res, r, still, 200);
    return;
  }
  if (r.type.crdName || r.type.resource === 'pods' || r.type.resource === 'namespaces') {
    sendEntry(ctx, req, res, r, e, 200);
    return;
  }
  sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: r.name, group: r.type.group || undefined, kind: r.type.resource, uid: e.obj.metadata.uid } });
}

async function handleDeleteCollection(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(req, r.query);
  const pred = selectorPredicate(r.query.get('labelSelector'), r.query.get('fieldSelector'));
  const dry = isDryRun(r.query);
  const deleted: string[] = [];
  for (const e of ctx.store.listEntries(storeKey(r), r.namespace)) {
    if (pred && !pred(e.obj)) continue;
    try {
      const d = ctx.store.deleteEntry(storeKey(r), e.obj.metadata.namespace, e.obj.metadata.name!, { ...opts, dryRun: dry });
      deleted.push(versionedJson(d, r.type, r.version));
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  const head = JSON.stringify({ kind: r.type.listKind, apiVersion: apiVersionOf(r.type, r.version), metadata: { resourceVersion: ctx.store.currentResourceVersion() } });
  sendJsonText(res, 200, `${head.slice(0, -1)},"items":[${deleted.join(',')}]}`);
}

// ---- dispatch ----------------------------------------------------------------------------------------

/** Serves one resource request; every failure becomes a Kubernetes Status. */
export async function handleResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest): Promise<void> {
  try {
    const method = req.method ?? 'GET';
    const sub = r.subresource;
    if (sub && !r.type.subresources.includes(sub)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (r.watchPath && method !== 'GET') throw methodNotAllowed();
    if (method === 'GET') {
      const isWatch = r.watchPath || r.query.get('watch') === 'true' || r.query.get('watch') === '1';
      if (r.name && !isWatch) {
        requireNamespace(r);
        const e = existing(ctx, r);
        if (sub === 'scale') sendJson(res, 200, toScale(e.obj, scalePaths(ctx, r)));
        else sendEntry(ctx, req, res, r, e);
        return;
      }
      if (isWatch) {
        if (r.name) r.query.set('fieldSelector', [r.query.get('fieldSelector'), `metadata.name=${r.name}`].filter(Boolean).join(','));
        handleWatch(ctx, req, res, r);
        return;
      }
      handleList(ctx, req, res, r);
      return;
    }
    if (method === 'POST') {
      if (r.name) throw methodNotAllowed();
      await handleCreate(ctx, req, res, r);
      return;
    }
    if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
      if (!r.name) {
        if (method === 'DELETE' && !sub) {
          await handleDeleteCollection(ctx, req, res, r);
          return;
        }
        throw methodNotAllowed();
      }
      requireNamespace(r);
      if (method === 'PUT') await handleUpdate(ctx, req, res, r);
      else if (method === 'PATCH') await handlePatch(ctx, req, res, r);
      else if (sub) throw methodNotAllowed();
      else await handleDelete(ctx, req, res, r);
      return;
    }
    throw methodNotAllowed();
  } catch (err) {
    if (err instanceof ApiError && err.code === 413) req.once('end', () => undefined).resume();
    sendError(res, err instanceof RangeError ? badRequest(`the request could not be processed: ${err.message}`) : err);
  }
}
