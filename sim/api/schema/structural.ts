import type { StatusCause } from '../errors';
import type { KubeObject } from '../types';
import { swaggerDocument } from '../openapi/swagger';
import { deepClone, deepEqual, hasOwn, isObject, setOwn, type JsonObject } from '../patch/json-util';

/*
 * Validation of custom objects against a CRD version's structural `openAPIV3Schema`, in the
 * apiserver's order: prune unknown fields, drop nulls of non-nullable fields, apply defaults,
 * then validate. Messages and field paths follow kube-openapi's validator as rewritten by
 * apiextensions-apiserver (`spec.replicas in body must be of type integer: "string"`, etc.).
 *
 * Not implemented: `x-kubernetes-validations` (CEL rules) are skipped, and so are string
 * `format`s other than the numeric int32/int64 range checks.
 */

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ValidationResult {
  object: KubeObject;
  causes: StatusCause[];
  unknownFields: string[];
}

type Schema = JsonObject;

/** Strings longer than this are not run through `pattern` (JS regexps can backtrack). */
const MAX_PATTERN_INPUT = 64 * 1024;
const regexCache = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null; // a pattern JS cannot compile is not enforced rather than failing every object
      }
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern) ?? null;
}

function unwrapSchema(schema: unknown): Schema {
  if (isObject(schema) && isObject(schema.openAPIV3Schema)) return schema.openAPIV3Schema;
  return isObject(schema) ? schema : {};
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Go's %v/%q rendering of a bad value in field error messages. */
function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

// ---------------------------------------------------------------------------------------------
// pruning and defaulting

function objectMetaFields(): Set<string> {
  const def = swaggerDocument().definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];
  return new Set(Object.keys(isObject(def?.properties) ? def.properties : {}));
}

function pruneMetadata(meta: unknown, path: string, unknown: string[]): unknown {
  if (!isObject(meta)) return meta;
  const known = objectMetaFields();
  const out: JsonObject = {};
  for (const k of Object.keys(meta)) {
    if (known.has(k)) setOwn(out, k, meta[k]);
    else unknown.push(child(path, k));
  }
  return out;
}

function isPreserving(schema: Schema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Returns the value with unknown fields removed (recorded in `unknown`), non-nullable nulls
 * dropped and defaults applied.
 */
function prune(value: unknown, schema: Schema, path: string, unknown: string[], root = false): unknown {
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    return value.map((v, i) => (items ? prune(v, items, `${path}[${i}]`, unknown) : v));
  }
  if (!isObject(value)) return value;
  if (schema['x-kubernetes-int-or-string'] === true) return value;
  const props = isObject(schema.properties) ? schema.properties : {};
  const additional = schema.additionalProperties;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    const p = child(path, key);
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind')) {
      setOwn(out, key, v);
      continue;
    }
    if ((root || embedded) && key === 'metadata') {
      setOwn(out, key, pruneMetadata(v, p, unknown));
      continue;
    }
    const sub = hasOwn(props, key) && isObject(props[key]) ? props[key] : isObject(additional) ? additional : undefined;
    if (sub) {
      if (v === null && sub.nullable !== true) continue; // dropped, may be defaulted below
      setOwn(out, key, prune(v, sub, p, unknown));
    } else if (additional === true || isPreserving(schema) || (hasOwn(props, key) && props[key] === true)) {
      setOwn(out, key, v);
    } else {
      unknown.push(p);
    }
  }
  for (const key of Object.keys(props)) {
    const sub = props[key];
    if (!isObject(sub) || !hasOwn(sub, 'default') || hasOwn(out, key)) continue;
    setOwn(out, key, prune(deepClone(sub.default), sub, child(path, key), []));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// validation

function typeInvalid(path: string, actual: string, expected: string): StatusCause {
  return { reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${goValue(actual)}: ${path} in body must be of type ${expected}: ${goValue(actual)}` };
}

function invalid(path: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${goValue(value)}: ${detail}` };
}

/** kube-openapi's CompositeError (oneOf/anyOf/not) lands on a nil field path in apiextensions. */
function composite(detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field: '<nil>', message: `Invalid value: "": ${detail}` };
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return true;
  }
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function validate(value: unknown, schema: Schema, path: string, out: StatusCause[]): void {
  if (value === null && schema.nullable === true) return;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const type = typeof schema.type === 'string' ? schema.type : '';
  if (intOrString) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      out.push(typeInvalid(path, jsonType(value), 'integer-or-string'));
      return;
    }
  } else if (type && !typeMatches(value, type)) {
    out.push(typeInvalid(path, jsonType(value), type));
    return;
  }

  if (typeof value === 'number') validateNumber(value, schema, path, out);
  if (typeof value === 'string') validateString(value, schema, path, out);
  if (Array.isArray(value)) validateArray(value, schema, path, out);
  if (isObject(value)) validateObject(value, schema, path, out);

  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    const values = schema.enum.map((e) => (typeof e === 'string' ? JSON.stringify(e) : JSON.stringify(JSON.stringify(e))));
    out.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${goValue(value)}: supported values: ${values.join(', ')}` });
  }
  validateComposition(value, schema, path, out);
}

function validateNumber(value: number, schema: Schema, path: string, out: StatusCause[]): void {
  const format = schema.format;
  if (typeof format === 'string' && INT_RANGES[format] && Number.isInteger(value)) {
    const [lo, hi] = INT_RANGES[format];
    if (value < lo || value > hi) out.push(typeInvalid(path, 'integer', format));
  }
  const max = schema.maximum;
  if (typeof max === 'number') {
    const excl = schema.exclusiveMaximum === true;
    if (excl ? value >= max : value > max) out.push(invalid(path, value, `${path} in body should be less than ${excl ? '' : 'or equal to '}${max}`));
  }
  const min = schema.minimum;
  if (typeof min === 'number') {
    const excl = schema.exclusiveMinimum === true;
    if (excl ? value <= min : value < min) out.push(invalid(path, value, `${path} in body should be greater than ${excl ? '' : 'or equal to '}${min}`));
  }
  const mult = schema.multipleOf;
  if (typeof mult === 'number' && mult > 0) {
    const q = value / mult;
    if (Math.abs(q - Math.round(q)) > 1e-9) out.push(invalid(path, value, `${path} in body should be a multiple of ${mult}`));
  }
}

function validateString(value: string, schema: Schema, path: string, out: StatusCause[]): void {
  const length = [...value].length; // kube-openapi counts runes, not UTF-16 units
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    out.push({ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be longer than ${schema.maxLength}` });
  }
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    out.push(invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  }
  if (typeof schema.pattern === 'string') {
    const re = compile(schema.pattern);
    // Oversized input is refused rather than risking a catastrophic backtracking run.
    if (re && (value.length > MAX_PATTERN_INPUT || !re.test(value))) {
      out.push(invalid(path, value, `${path} in body should match '${schema.pattern}'`));
    }
  }
}

function validateArray(value: unknown[], schema: Schema, path: string, out: StatusCause[]): void {
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    out.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
  }
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    out.push(invalid(path, value.length, `${path} in body should have at least ${schema.minItems} items`));
  }
  if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => deepEqual(v, w)) !== i)) {
    out.push(invalid(path, '', `${path} in body shouldn't contain duplicates`));
  }
  if (isObject(schema.items)) {
    const items = schema.items;
    value.forEach((v, i) => validate(v, items, `${path}[${i}]`, out));
  }
  if (schema['x-kubernetes-list-type'] === 'set' || schema['x-kubernetes-list-type'] === 'map') validateListType(value, schema, path, out);
}

/** Duplicates in list-type set/map are "Duplicate value" errors in apiextensions. */
function validateListType(value: unknown[], schema: Schema, path: string, out: StatusCause[]): void {
  const keys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? schema['x-kubernetes-list-map-keys'].map(String) : [];
  const seen: unknown[] = [];
  value.forEach((v, i) => {
    const id = schema['x-kubernetes-list-type'] === 'map' && isObject(v) ? Object.fromEntries(keys.map((k) => [k, v[k]])) : v;
    if (seen.some((s) => deepEqual(s, id))) {
      out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${goValue(id)}` });
    } else seen.push(id);
  });
}

function validateObject(value: JsonObject, schema: Schema, path: string, out: StatusCause[], root = false): void {
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && !hasOwn(value, key)) out.push({ reason: 'FieldValueRequired', field: child(path, key), message: 'Required value' });
    }
  }
  const count = Object.keys(value).length;
  if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) {
    out.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${count}: must have at most ${schema.maxProperties} items` });
  }
  if (typeof schema.minProperties === 'number' && count < schema.minProperties) {
    out.push(invalid(path, count, `${path} in body should have at least ${schema.minProperties} properties`));
  }
  const props = isObject(schema.properties) ? schema.properties : {};
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (embedded) {
    for (const key of ['apiVersion', 'kind']) {
      if (typeof value[key] !== 'string' || value[key] === '') out.push({ reason: 'FieldValueRequired', field: child(path, key), message: 'Required value: must not be empty' });
    }
  }
  for (const key of Object.keys(value)) {
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const sub = hasOwn(props, key) ? props[key] : schema.additionalProperties;
    if (isObject(sub)) validate(value[key], sub, child(path, key), out);
  }
}

function validateComposition(value: unknown, schema: Schema, path: string, out: StatusCause[]): void {
  const passes = (s: unknown) => {
    const errs: StatusCause[] = [];
    if (isObject(s)) validate(value, s, path, errs);
    return errs.length === 0;
  };
  if (Array.isArray(schema.oneOf)) {
    const ok = schema.oneOf.filter(passes).length;
    if (ok !== 1) out.push(composite(`"${path}" must validate one and only one schema (oneOf). ${ok === 0 ? 'Found none valid' : `Found ${ok} valid alternatives`}`));
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) {
    out.push(composite(`"${path}" must validate at least one schema (anyOf)`));
  }
  if (Array.isArray(schema.allOf)) {
    const errs: StatusCause[] = [];
    for (const s of schema.allOf) if (isObject(s)) validate(value, s, path, errs);
    if (errs.length > 0) out.push(composite(`"${path}" must validate all the schemas (allOf)`), ...errs);
  }
  if (isObject(schema.not) && passes(schema.not)) {
    out.push(composite(`"${path}" must not validate the schema (not)`));
  }
}

/**
 * Prunes, defaults and validates a custom object against its CRD version's openAPIV3Schema.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
 */
export function validateCustomResource(obj: KubeObject, schema: unknown, opts: { fieldValidation: FieldValidation }): ValidationResult {
  const root = unwrapSchema(schema);
  const unknownFields: string[] = [];
  const object = prune(deepClone(obj), root, '', unknownFields, true) as KubeObject;
  const causes: StatusCause[] = [];
  validateObject(object as JsonObject, { ...root, type: undefined }, '', causes, true);
  // The only part of root metadata a CRD schema may constrain is the name.
  const nameSchema = isObject(root.properties) && isObject(root.properties.metadata) && isObject(root.properties.metadata.properties) ? root.properties.metadata.properties.name : undefined;
  if (isObject(nameSchema) && typeof object.metadata?.name === 'string') validate(object.metadata.name, nameSchema, 'metadata.name', causes);
  // Root composition keywords are validated through validateObject's caller path as well.
  validateComposition(object, { oneOf: root.oneOf, anyOf: root.anyOf, allOf: root.allOf, not: root.not }, '', causes);
  return { object, causes, unknownFields: opts.fieldValidation === 'Ignore' ? [] : unknownFields };
}
