import { createHash } from 'node:crypto';
import type { KubeObject } from '../types';
import { isObject, type JsonObject } from '../patch/json-util';
import { gvksOf, swaggerDocument } from './swagger';

/*
 * OpenAPI v3 as kubectl 1.29+ consumes it (/openapi/v3 and /openapi/v3/<gvPath>): per group-
 * version, the `patch` operations (their x-kubernetes-group-version-kind, the fieldValidation
 * parameter and the accepted patch media types are what kubectl checks) and components.schemas
 * holding every kind of that group-version plus everything they reference. Other operations are
 * left out to keep documents small (~450 KB for api/v1). Built-in documents are derived from the
 * swagger v2 document; CRD group-versions from the CRDs' openAPIV3Schema, as kube serves them.
 */

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const PATCH_MEDIA_TYPES_BUILTIN = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
// Custom resources do not support strategic merge patch.
const PATCH_MEDIA_TYPES_CRD = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

const builtinCache = new Map<string, JsonObject | null>();
const crdCache = new Map<string, { key: string; doc: JsonObject }>();

function normalizeGvPath(gv: string): string {
  const trimmed = gv.replace(/^\/+|\/+$/g, '');
  if (trimmed.startsWith('api/') || trimmed.startsWith('apis/')) return trimmed;
  return trimmed.includes('/') ? `apis/${trimmed}` : `api/${trimmed}`;
}

function parseGvPath(gvPath: string): { group: string; version: string } | undefined {
  const parts = normalizeGvPath(gvPath).split('/');
  if (parts[0] === 'api' && parts.length === 2) return { group: '', version: parts[1] };
  if (parts[0] === 'apis' && parts.length === 3) return { group: parts[1], version: parts[2] };
  return undefined;
}

function stableHash(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

/**
 * The /openapi/v3 discovery document listing one entry per served group-version
 * (accepts "v1", "apps/v1" or "apis/apps/v1").
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
 */
export function openApiV3Index(groupVersions: string[]): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions) {
    const p = normalizeGvPath(gv);
    // The hash only has to change when the document does; documents derive from the bundled
    // swagger (fixed) and CRDs, and kubectl re-fetches anyway when the URL is unknown to it.
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${stableHash(`graylane:${p}`)}` };
  }
  return { paths };
}

/** Swagger 2 schema -> OpenAPI 3 schema: refs re-rooted, refs with siblings wrapped in allOf. */
function convertSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(convertSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/definitions/', '#/components/schemas/');
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, convertSchema(pv)]));
    else out[k] = convertSchema(v);
  }
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, into));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v.replace(/^#\/(definitions|components\/schemas)\//, ''));
      else collectRefs(v, into);
    }
  }
}

/** The named swagger definitions and, transitively, everything they reference (converted). */
function schemaClosure(roots: Iterable<string>): Record<string, unknown> {
  const defs = swaggerDocument().definitions;
  const out: Record<string, unknown> = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (hasOwnKey(out, name) || !defs[name]) continue;
    out[name] = convertSchema(defs[name]);
    const refs = new Set<string>();
    collectRefs(defs[name], refs);
    queue.push(...refs);
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

function hasOwnKey(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function convertParameter(param: unknown): JsonObject | undefined {
  let p = param;
  if (isObject(p) && typeof p.$ref === 'string') p = swaggerDocument().parameters[p.$ref.replace('#/parameters/', '')];
  if (!isObject(p) || p.in === 'body') return undefined;
  const schema: JsonObject = {};
  for (const k of ['type', 'uniqueItems', 'items', 'format', 'enum', 'default']) if (p[k] !== undefined) schema[k] = p[k];
  const out: JsonObject = { name: p.name, in: p.in, description: p.description, schema };
  if (p.required === true) out.required = true;
  return out;
}

function bodySchema(params: unknown[]): unknown {
  for (const param of params) {
    let p = param;
    if (isObject(p) && typeof p.$ref === 'string') p = swaggerDocument().parameters[p.$ref.replace('#/parameters/', '')];
    if (isObject(p) && p.in === 'body') return convertSchema(p.schema);
  }
  return { $ref: `#/components/schemas/${META}.Patch` };
}

function convertResponses(responses: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isObject(responses)) return out;
  for (const [code, r] of Object.entries(responses)) {
    if (!isObject(r)) continue;
    const entry: JsonObject = { description: r.description ?? '' };
    if (r.schema) entry.content = { 'application/json': { schema: convertSchema(r.schema) } };
    out[code] = entry;
  }
  return out;
}

function buildBuiltin(gvPath: string): JsonObject | null {
  const gv = parseGvPath(gvPath);
  if (!gv) return null;
  const doc = swaggerDocument();
  const prefix = `/${gvPath}/`;
  const paths: Record<string, unknown> = {};
  const roots = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix) || !isObject(item) || !isObject(item.patch)) continue;
    const op = item.patch;
    const params = Array.isArray(op.parameters) ? op.parameters : [];
    const body = bodySchema(params);
    collectRefs(body, roots);
    const responses = convertResponses(op.responses);
    collectRefs(responses, roots);
    const media = Array.isArray(op.consumes) ? op.consumes.filter((c): c is string => typeof c === 'string') : PATCH_MEDIA_TYPES_BUILTIN;
    paths[path] = {
      parameters: (Array.isArray(item.parameters) ? item.parameters : []).map(convertParameter).filter(Boolean),
      patch: {
        description: op.description,
        operationId: op.operationId,
        tags: op.tags,
        parameters: params.map(convertParameter).filter(Boolean),
        requestBody: { content: Object.fromEntries(media.map((m) => [m, { schema: body }])), required: true },
        responses,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': op['x-kubernetes-group-version-kind'],
      },
    };
  }
  if (Object.keys(paths).length === 0) return null;
  for (const [name, def] of Object.entries(doc.definitions)) {
    if (gvksOf(def).some((g) => g.group === gv.group && g.version === gv.version)) roots.add(name);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: String(doc.info?.version ?? 'unversioned') },
    paths,
    components: { schemas: schemaClosure(roots) },
  };
}

function reversedGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

interface CrdVersionInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  namespaced: boolean;
  status: boolean;
  schema: JsonObject;
}

function crdVersions(crds: KubeObject[], group: string, version: string): CrdVersionInfo[] {
  const out: CrdVersionInfo[] = [];
  for (const crd of crds) {
    const spec = isObject(crd.spec) ? crd.spec : undefined;
    if (!spec || spec.group !== group || !isObject(spec.names) || !Array.isArray(spec.versions)) continue;
    for (const v of spec.versions) {
      if (!isObject(v) || v.name !== version || v.served === false) continue;
      const schema = isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const kind = String(spec.names.kind);
      out.push({
        group,
        version,
        kind,
        listKind: String(spec.names.listKind ?? `${kind}List`),
        plural: String(spec.names.plural),
        namespaced: spec.scope !== 'Cluster',
        status: isObject(v.subresources) && isObject(v.subresources.status),
        schema,
      });
    }
  }
  return out;
}

function crdPatchOperation(info: CrdVersionInfo, schemaRef: string, subresource: string): JsonObject {
  const q = (name: string, description: string, type = 'string'): JsonObject => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
  return {
    description: `partially update ${subresource ? `${subresource} of ` : ''}the specified ${info.kind}`,
    operationId: `patch${reversedGroup(info.group).replace(/\W/g, '')}${info.version}${info.namespaced ? 'Namespaced' : ''}${info.kind}${subresource ? subresource[0].toUpperCase() + subresource.slice(1) : ''}`,
    tags: [`${info.group.replace(/\./g, '')}_${info.version}`],
    parameters: [
      q('dryRun', 'When present, indicates that modifications should not be persisted.'),
      q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
      q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: Ignore, Warn (default), Strict.'),
      q('force', 'Force is going to "force" Apply requests.', 'boolean'),
    ],
    requestBody: { content: Object.fromEntries(PATCH_MEDIA_TYPES_CRD.map((m) => [m, { schema: { $ref: `#/components/schemas/${META}.Patch` } }])), required: true },
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { $ref: schemaRef } } } },
      '201': { description: 'Created', content: { 'application/json': { schema: { $ref: schemaRef } } } },
    },
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': { group: info.group, version: info.version, kind: info.kind },
  };
}

function buildCrd(gvPath: string, infos: CrdVersionInfo[]): JsonObject {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const info of infos) {
    const name = `${reversedGroup(info.group)}.${info.version}.${info.kind}`;
    const ref = `#/components/schemas/${name}`;
    const props = isObject(info.schema.properties) ? info.schema.properties : {};
    schemas[name] = {
      ...info.schema,
      type: 'object',
      properties: {
        apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
        kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
        metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }], description: "Standard object's metadata." },
        ...Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata')),
      },
      'x-kubernetes-group-version-kind': [{ group: info.group, kind: info.kind, version: info.version }],
    };
    schemas[`${reversedGroup(info.group)}.${info.version}.${info.listKind}`] = {
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { type: 'string' },
        items: { type: 'array', items: { $ref: ref } },
        kind: { type: 'string' },
        metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ListMeta` }] },
      },
      'x-kubernetes-group-version-kind': [{ group: info.group, kind: info.listKind, version: info.version }],
    };
    const base = `/${gvPath}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.plural}/{name}`;
    const pathParams = [
      { name: 'name', in: 'path', description: `name of the ${info.kind}`, required: true, schema: { type: 'string', uniqueItems: true } },
      ...(info.namespaced ? [{ name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
    ];
    paths[base] = { parameters: pathParams, patch: crdPatchOperation(info, ref, '') };
    if (info.status) paths[`${base}/status`] = { parameters: pathParams, patch: crdPatchOperation(info, ref, 'status') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
    paths,
    components: { schemas: { ...schemaClosure([`${META}.ObjectMeta`, `${META}.ListMeta`, `${META}.Patch`]), ...schemas } },
  };
}

/**
 * One group-version's OpenAPI v3 document (gvPath "api/v1", "apis/apps/v1", ...), built-in or
 * from the served CRDs; undefined when nothing is served there.
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
 */
export function openApiV3Document(gvPath: string, crds: KubeObject[]): unknown | undefined {
  const path = normalizeGvPath(gvPath);
  if (!builtinCache.has(path)) builtinCache.set(path, buildBuiltin(path));
  const builtin = builtinCache.get(path);
  if (builtin) return builtin;
  const gv = parseGvPath(path);
  if (!gv) return undefined;
  const infos = crdVersions(crds, gv.group, gv.version);
  if (infos.length === 0) return undefined;
  const key = stableHash(JSON.stringify(infos));
  const cached = crdCache.get(path);
  if (cached && cached.key === key) return cached.doc;
  const doc = buildCrd(path, infos);
  crdCache.set(path, { key, doc });
  return doc;
}
