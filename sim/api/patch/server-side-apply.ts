import type { KubeObject } from '../types';
import { definitionForGvk, resolveSchema, type Gvk } from '../openapi/swagger';
import { deepClone, deepEqual, hasOwn, isObject, setOwn, type JsonObject } from './json-util';

/*
 * A "faithful enough" server-side apply. The applied configuration is merged into the live
 * object with SSA's list semantics (atomic unless the schema declares `x-kubernetes-list-type:
 * map|set` or, for built-ins, a patch merge key), and a managedFields entry is recorded.
 *
 * Not implemented: per-field ownership (fieldsV1 stays `{}`), so there are no conflicts between
 * managers, `force` has nothing to override, and fields that a manager stops applying are kept
 * instead of being removed. An explicit null in the applied configuration removes the field.
 */

type Schema = JsonObject | undefined;

export interface ApplyOptions {
  gvk: Gvk;
  fieldManager: string;
  /** the CRD version's openAPIV3Schema (or `{openAPIV3Schema}`) for custom kinds */
  schema?: unknown;
}

function rootSchema(opts: ApplyOptions): Schema {
  const builtin = definitionForGvk(opts.gvk);
  if (builtin) return builtin;
  if (isObject(opts.schema)) return isObject(opts.schema.openAPIV3Schema) ? opts.schema.openAPIV3Schema : opts.schema;
  return undefined;
}

function childSchema(schema: Schema, key: string): { raw: JsonObject | undefined; resolved: Schema } {
  if (!schema) return { raw: undefined, resolved: undefined };
  const props = isObject(schema.properties) ? schema.properties : undefined;
  let raw: unknown = props && hasOwn(props, key) ? props[key] : undefined;
  if (raw === undefined && isObject(schema.additionalProperties)) raw = schema.additionalProperties;
  return isObject(raw) ? { raw, resolved: resolveSchema(raw) } : { raw: undefined, resolved: undefined };
}

function listKeys(raw: JsonObject | undefined, resolved: Schema): { type: 'map' | 'set' | 'atomic'; keys: string[] } {
  const get = (k: string) => raw?.[k] ?? resolved?.[k];
  const listType = get('x-kubernetes-list-type');
  if (listType === 'map') {
    const keys = get('x-kubernetes-list-map-keys');
    return { type: 'map', keys: Array.isArray(keys) ? keys.map(String) : [] };
  }
  if (listType === 'set') return { type: 'set', keys: [] };
  const mergeKey = get('x-kubernetes-patch-merge-key');
  if (typeof mergeKey === 'string' && String(get('x-kubernetes-patch-strategy') ?? '').includes('merge')) return { type: 'map', keys: [mergeKey] };
  return { type: 'atomic', keys: [] };
}

function sameItem(live: unknown, applied: unknown, keys: string[]): boolean {
  if (!isObject(live) || !isObject(applied) || keys.length === 0) return false;
  // A key left out of the applied item (often a defaulted one such as port protocol) matches
  // whatever the live item has.
  return keys.every((k) => !hasOwn(applied, k) || deepEqual(live[k], applied[k]));
}

function mergeValue(live: unknown, applied: unknown, raw: JsonObject | undefined, schema: Schema): unknown {
  if (isObject(live) && isObject(applied)) {
    const mapType = raw?.['x-kubernetes-map-type'] ?? schema?.['x-kubernetes-map-type'];
    return mapType === 'atomic' ? stripNulls(applied) : mergeObject(live, applied, schema);
  }
  if (Array.isArray(live) && Array.isArray(applied)) {
    const { type, keys } = listKeys(raw, schema);
    if (type === 'set') {
      const out = [...live];
      for (const v of applied) if (!out.some((x) => deepEqual(x, v))) out.push(deepClone(v));
      return out;
    }
    if (type === 'map' && keys.length > 0) {
      const items = resolveSchema(schema?.items);
      const out = [...live];
      for (const v of applied) {
        const at = out.findIndex((l) => sameItem(l, v, keys));
        if (at >= 0) out[at] = mergeValue(out[at], v, undefined, items);
        else out.push(stripNulls(v));
      }
      return out;
    }
  }
  return stripNulls(applied);
}

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObject(v)) return deepClone(v);
  const out: JsonObject = {};
  for (const k of Object.keys(v)) if (v[k] !== null) setOwn(out, k, stripNulls(v[k]));
  return out;
}

function mergeObject(live: JsonObject, applied: JsonObject, schema: Schema): JsonObject {
  const out = deepClone(live);
  for (const key of Object.keys(applied)) {
    const value = applied[key];
    if (value === null) {
      delete out[key];
      continue;
    }
    const { raw, resolved } = childSchema(schema, key);
    setOwn(out, key, hasOwn(out, key) ? mergeValue(out[key], value, raw, resolved) : stripNulls(value));
  }
  return out;
}

/** Kubernetes timestamps carry whole seconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Server-side apply of `applied` onto `existing` (undefined: create), recording the manager in
 * metadata.managedFields.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
export function applyServerSide(existing: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  const config = deepClone(applied);
  if (isObject(config.metadata)) delete config.metadata.managedFields;
  const result = (existing ? mergeObject(existing, config, rootSchema(opts)) : stripNulls(config)) as KubeObject;
  if (!isObject(result.metadata)) result.metadata = {};
  const entry = {
    manager: opts.fieldManager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: now(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  const previous = Array.isArray(existing?.metadata?.managedFields) ? deepClone(existing.metadata.managedFields) : [];
  const at = previous.findIndex((m) => isObject(m) && m.manager === opts.fieldManager && m.operation === 'Apply');
  if (at >= 0) previous[at] = entry;
  else previous.push(entry);
  result.metadata.managedFields = previous;
  return result;
}
