import { definitionForGvk, resolveSchema, type Gvk } from '../openapi/swagger';
import { isObject, type JsonObject } from '../patch/json-util';

/*
 * Which fields of a built-in object its Go type would not decode, as kube's strict decoding
 * reports them for fieldValidation=Strict|Warn (`unknown field "spec.unknownSpec"`). Object
 * schemas without properties or additionalProperties (RawExtension, FieldsV1, JSON) accept
 * anything, like their Go types.
 */

function walk(value: unknown, schema: JsonObject | undefined, path: string, out: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = resolveSchema(schema.items);
    value.forEach((v, i) => walk(v, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  const props = isObject(schema.properties) ? schema.properties : undefined;
  const additional = isObject(schema.additionalProperties) ? resolveSchema(schema.additionalProperties) : undefined;
  if (!props && !additional) return;
  for (const key of Object.keys(value)) {
    const p = path ? `${path}.${key}` : key;
    if (props && Object.prototype.hasOwnProperty.call(props, key)) walk(value[key], resolveSchema(props[key]), p, out);
    else if (additional) walk(value[key], additional, p, out);
    else out.push(p);
  }
}

/**
 * Paths of the fields of a built-in object that its kind's schema does not know.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
export function unknownFieldsOfBuiltin(obj: unknown, gvk: Gvk): string[] {
  const schema = definitionForGvk(gvk);
  const out: string[] = [];
  walk(obj, schema, '', out);
  return out;
}
