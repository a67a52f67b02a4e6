import { ApiError, badRequest } from '../errors';
import { definitionForGvk, resolveSchema, type Gvk } from '../openapi/swagger';
import { deepClone, hasOwn, isObject, setOwn, type JsonObject } from './json-util';

/*
 * Strategic merge patch as k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server
 * (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls), driven by the patch
 * metadata of Kubernetes' own OpenAPI document instead of Go struct tags.
 *
 * Deliberate differences, all in the direction of a cleaner stored object (kube gets the same
 * effect from decoding the result into typed structs, which drops `$` keys and nulls):
 * - values added where the original had nothing are merged into "nothing", so directives and
 *   nulls inside them disappear instead of being stored verbatim;
 * - `$patch: merge` (the default strategy, spelled out) is accepted in maps and list items,
 *   where kube answers "unknown patch type" / "merging lists cannot yet be specified";
 * - `$deleteFromPrimitiveList/x` on a missing list is a no-op (kube would create the list).
 */

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

type Schema = JsonObject | undefined;

interface FieldMeta {
  /** 'merge', 'replace' or '' (no strategy: lists are replaced, maps merged) */
  strategy: string;
  mergeKey: string;
  /** schema of the field's value, $refs resolved */
  schema: Schema;
}

// kube maps these mergepatch errors to 400 (interpretStrategicMergePatchError).
const errRetainKeys = () => badRequest('invalid patch format of retainKeys');
const errPrimitiveList = () => badRequest('invalid patch format of primitive list');
const errSetOrder = () => badRequest('invalid patch format of setElementOrder list');
// ErrNoListOfLists is a generic 422 whose message drops the detail.
const errListOfLists = () => new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
// Anything else is a plain Go error, which the apiserver reports as a 500 with the raw message.
const plainError = (message: string) => new ApiError(500, 'InternalError', message);

function goValue(v: unknown): string {
  return JSON.stringify(v);
}

function fieldMeta(schema: Schema, key: string): FieldMeta {
  if (!schema) return { strategy: '', mergeKey: '', schema: undefined };
  const props = isObject(schema.properties) ? schema.properties : undefined;
  let raw: unknown = props && hasOwn(props, key) ? props[key] : undefined;
  if (raw === undefined && isObject(schema.additionalProperties)) raw = schema.additionalProperties;
  if (!isObject(raw)) return { strategy: '', mergeKey: '', schema: undefined };
  // The strategy sits on the property, next to its $ref ("merge", "retainKeys", "merge,retainKeys").
  const strategies = String(raw['x-kubernetes-patch-strategy'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'retainKeys');
  return {
    strategy: strategies[0] ?? '',
    mergeKey: typeof raw['x-kubernetes-patch-merge-key'] === 'string' ? raw['x-kubernetes-patch-merge-key'] : '',
    schema: resolveSchema(raw),
  };
}

function itemSchema(schema: Schema): Schema {
  return schema ? resolveSchema(schema.items) : undefined;
}

type ElemKind = 'map' | 'scalar';

function elementKind(...lists: unknown[][]): ElemKind | undefined {
  let kind: ElemKind | undefined;
  let firstType: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      if (Array.isArray(v)) throw errListOfLists();
      const t = v === null ? 'null' : isObject(v) ? 'object' : typeof v;
      if (firstType === undefined) {
        firstType = t;
        kind = t === 'object' ? 'map' : 'scalar';
      } else if (firstType !== t) {
        throw plainError(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  return kind;
}

function keyOf(item: unknown, mergeKey: string, kind: ElemKind): unknown {
  return kind === 'map' ? (isObject(item) ? item[mergeKey] : undefined) : item;
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElemKind): number {
  const k = keyOf(item, mergeKey, kind);
  return list.findIndex((v) => keyOf(v, mergeKey, kind) === k);
}

function requireMergeKey(list: unknown[], mergeKey: string): void {
  for (const item of list) {
    if (!isObject(item)) throw plainError(`expected a map[string]interface {}, but received a ${typeof item}`);
    if (!hasOwn(item, mergeKey)) throw plainError(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
  }
}

/** Stable sort of `toSort` by position in `order`; `$patch: delete` items go last. */
function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  let keep = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    requireMergeKey(toSort, mergeKey);
    requireMergeKey(order, mergeKey);
    keep = toSort.filter((v) => !(isObject(v) && v[DIRECTIVE] === 'delete'));
    toDelete = toSort.filter((v) => isObject(v) && v[DIRECTIVE] === 'delete');
  }
  const rank = (v: unknown) => {
    const i = indexIn(order, v, mergeKey, kind);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sorted = keep
    .map((v, i) => ({ v, i, r: rank(v) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.v);
  return [...sorted, ...toDelete];
}

/**
 * Interleaves server-only items into the patch-ordered items, keeping each list's relative
 * order and otherwise following the live list (mergeSortedSlice in strategicpatch).
 */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  const p = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(s, p, serverOrder, mergeKey, kind);
}

function partition(merged: unknown[], by: unknown[], mergeKey: string, kind: ElemKind): [unknown[], unknown[]] {
  if (kind === 'map') requireMergeKey(merged, mergeKey);
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) (indexIn(by, v, mergeKey, kind) >= 0 ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

function dedupScalars(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((x) => x === v)) out.push(v);
  return out;
}

/** A patch value that lands where the original has nothing: directives and nulls resolved. */
function cleanValue(value: unknown, schema: Schema, meta?: FieldMeta): unknown {
  if (isObject(value)) return mergeMap(undefined, value, schema);
  if (Array.isArray(value)) {
    if (meta?.strategy === 'merge') return mergeSlice([], value, meta);
    return value.map((v) => cleanValue(v, itemSchema(schema)));
  }
  return value;
}

function mergeSlice(original: unknown[], patch: unknown[], meta: FieldMeta): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch) as ElemKind;
  const items = itemSchema(meta.schema);
  const mergeKey = meta.mergeKey;
  let merged: unknown[];
  let orderSource = original;
  let patchList = patch;
  if (kind === 'scalar') {
    merged = dedupScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw plainError('cannot merge lists without merge key for type map');
    // Special elements first: `$patch: delete` removes by merge key, `$patch: replace` drops
    // the live list altogether.
    let base = original;
    let replace = false;
    const plain: unknown[] = [];
    for (const v of patch) {
      const item = v as JsonObject;
      const directive = item[DIRECTIVE];
      if (directive === undefined) {
        plain.push(item);
      } else if (directive === 'delete') {
        if (!hasOwn(item, mergeKey)) throw plainError(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
        base = base.filter((o) => !(isObject(o) && o[mergeKey] === item[mergeKey]));
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        const rest = { ...item };
        delete rest[DIRECTIVE];
        plain.push(rest);
      } else {
        throw plainError(`unknown patch type: ${String(directive)} in map: ${goValue(item)}`);
      }
    }
    if (replace) return plain.map((v) => cleanValue(v, items));
    merged = [...base];
    for (const v of plain) {
      const item = v as JsonObject;
      if (!hasOwn(item, mergeKey)) throw plainError(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
      const at = merged.findIndex((o) => isObject(o) && hasOwn(o, mergeKey) && o[mergeKey] === item[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, items);
      else merged.push(cleanValue(item, items));
    }
    orderSource = base;
    patchList = plain;
  }
  const [inPatch, serverOnly] = partition(merged, patchList, mergeKey, kind);
  return normalizeElementOrder(inPatch, serverOnly, patchList, orderSource, mergeKey, kind);
}

function mergeListField(original: unknown, patch: unknown[], meta: FieldMeta): unknown[] {
  if (meta.strategy === 'merge' && Array.isArray(original)) return mergeSlice(original, patch, meta);
  return cleanValue(patch, meta.schema, { ...meta, strategy: '' }) as unknown[];
}

/** Checks that the patch list follows the relative order of its $setElementOrder list. */
function validateSetOrder(patchList: unknown[], setOrder: unknown[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((v) => !(isObject(v) && v[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    const item = nonDelete[p];
    if (isObject(item) && hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    const equal = mergeKey
      ? isObject(item) && isObject(setOrder[s]) && item[mergeKey] === (setOrder[s] as JsonObject)[mergeKey]
      : item === setOrder[s];
    if (equal) p++;
    s++;
  }
  if (p < nonDelete.length) {
    throw plainError(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ORDER_PREFIX.slice(0, -1)} list:\n${goValue(setOrder)}\n`);
  }
}

function mergeMap(original: JsonObject | undefined, patch: JsonObject, schema: Schema): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    const rest: JsonObject = {};
    for (const k of Object.keys(patch)) if (k !== DIRECTIVE) setOwn(rest, k, patch[k]);
    return mergeMap(undefined, rest, schema);
  }
  if (directive === 'delete') return {};
  if (directive !== undefined && directive !== 'merge') {
    throw plainError(`unknown patch type: ${String(directive)} in map: ${goValue(patch)}`);
  }
  const out: JsonObject = original ? original : {};
  const handled = new Set<string>([DIRECTIVE]);

  if (hasOwn(patch, RETAIN_KEYS)) {
    handled.add(RETAIN_KEYS);
    const retain = patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) throw errRetainKeys();
    for (const k of Object.keys(patch)) {
      if (k === RETAIN_KEYS || k === DIRECTIVE || patch[k] === null) continue;
      if (k.startsWith(DELETE_PRIMITIVE_PREFIX) || k.startsWith(SET_ORDER_PREFIX)) continue;
      if (!retain.includes(k)) throw errRetainKeys();
    }
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }

  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER_PREFIX)) continue;
    handled.add(key);
    const setOrder = patch[key];
    const field = key.slice(SET_ORDER_PREFIX.length);
    if (!Array.isArray(setOrder) || !field) throw errSetOrder();
    const meta = fieldMeta(schema, field);
    const origList = out[field];
    const patchList = patch[field];
    const hasOrig = Array.isArray(origList);
    const hasPatch = Array.isArray(patchList);
    if (origList !== undefined && origList !== null && !hasOrig) throw plainError(`expected a []interface {}, but received a ${typeof origList}`);
    if (patchList !== undefined && patchList !== null && !hasPatch) throw plainError(`expected a []interface {}, but received a ${typeof patchList}`);
    validateSetOrder(hasPatch ? (patchList as unknown[]) : [], setOrder, meta.mergeKey);
    let merged: unknown[];
    if (hasOrig && hasPatch) merged = mergeListField(origList, patchList as unknown[], meta);
    else if (hasPatch) merged = mergeListField(undefined, patchList as unknown[], meta);
    else if (hasOrig) merged = origList as unknown[];
    else continue;
    const kind = elementKind(hasOrig ? (origList as unknown[]) : [], hasPatch ? (patchList as unknown[]) : []);
    if (kind) {
      const mk = meta.mergeKey;
      if (kind === 'map' && !mk) throw plainError('cannot merge lists without merge key for type map');
      const [inOrder, serverOnly] = partition(merged, setOrder, mk, kind);
      merged = normalizeElementOrder(inOrder, serverOnly, setOrder, hasOrig ? (origList as unknown[]) : [], mk, kind);
    }
    out[field] = merged;
    handled.add(field);
  }

  const deletions: Array<[string, unknown]> = [];
  for (const key of Object.keys(patch)) {
    if (handled.has(key)) continue;
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      deletions.push([key.slice(DELETE_PRIMITIVE_PREFIX.length), patch[key]]);
      continue;
    }
    const value = patch[key];
    if (value === null) {
      delete out[key];
      continue;
    }
    const meta = fieldMeta(schema, key);
    const current = hasOwn(out, key) ? out[key] : undefined;
    if (current === undefined || current === null) {
      setOwn(out, key, cleanValue(value, meta.schema, meta));
    } else if (isObject(current) && isObject(value)) {
      setOwn(out, key, meta.strategy === 'replace' ? cleanValue(value, meta.schema) : mergeMap(current, value, meta.schema));
    } else if (Array.isArray(current) && Array.isArray(value)) {
      setOwn(out, key, mergeListField(current, value, meta));
    } else {
      // Different JSON types (or scalars): the patch value wins.
      setOwn(out, key, cleanValue(value, meta.schema, meta));
    }
  }

  for (const [field, values] of deletions) {
    if (!field) throw errPrimitiveList();
    if (!Array.isArray(values)) throw errPrimitiveList();
    const current = out[field];
    if (Array.isArray(current)) out[field] = current.filter((v) => !values.some((d) => d === v));
  }
  return out;
}

/**
 * Applies a strategic merge patch to a built-in object, with the patch strategies and merge keys
 * of Kubernetes' OpenAPI document; custom resources are refused with 415 as kube does.
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#use-a-strategic-merge-patch-to-update-a-deployment
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, gvk: Gvk): unknown {
  const schema = definitionForGvk(gvk);
  if (!schema) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  }
  if (!isObject(patch)) {
    const what = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const base = isObject(original) ? deepClone(original) : {};
  return mergeMap(base, patch, schema);
}
