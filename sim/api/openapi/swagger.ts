import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isObject, type JsonObject } from '../patch/json-util';

/**
 * Lazy access to Kubernetes' own OpenAPI v2 document (sim/data/kubernetes-swagger.json, 4 MB).
 * Nothing is read at import time: the first caller pays ~100 ms, later calls hit the cache.
 */

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface SwaggerDoc {
  swagger: string;
  info: JsonObject;
  definitions: Record<string, JsonObject>;
  paths: Record<string, JsonObject>;
  parameters: Record<string, JsonObject>;
  [key: string]: unknown;
}

const SWAGGER_FILE = fileURLToPath(new URL('../../data/kubernetes-swagger.json', import.meta.url));

let cachedDoc: SwaggerDoc | undefined;
let gvkIndex: Map<string, string> | undefined;

/** The parsed swagger document (shared: callers must not mutate it). */
export function swaggerDocument(): SwaggerDoc {
  cachedDoc ??= JSON.parse(readFileSync(SWAGGER_FILE, 'utf8')) as SwaggerDoc;
  return cachedDoc;
}

export function gvkKey(gvk: Gvk): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** The definitions' `x-kubernetes-group-version-kind` entries. */
export function gvksOf(schema: JsonObject): Gvk[] {
  const v = schema['x-kubernetes-group-version-kind'];
  return Array.isArray(v) ? (v.filter(isObject) as unknown as Gvk[]) : [];
}

/** Name of the definition that carries exactly this group/version/kind, if any. */
export function definitionNameForGvk(gvk: Gvk): string | undefined {
  if (!gvkIndex) {
    gvkIndex = new Map();
    const defs = swaggerDocument().definitions;
    for (const [name, schema] of Object.entries(defs)) {
      const gvks = gvksOf(schema);
      for (const g of gvks) {
        const key = gvkKey(g);
        // Shared types (DeleteOptions, WatchEvent) list many gvks; a definition that names one
        // kind only is the real owner of that kind.
        if (!gvkIndex.has(key) || gvks.length === 1) gvkIndex.set(key, name);
      }
    }
  }
  return gvkIndex.get(gvkKey(gvk));
}

/** The schema of a built-in kind, or undefined for unknown kinds (custom resources). */
export function definitionForGvk(gvk: Gvk): JsonObject | undefined {
  const name = definitionNameForGvk(gvk);
  return name ? swaggerDocument().definitions[name] : undefined;
}

/** Follows `$ref: #/definitions/...` (possibly wrapped in a one-element allOf) to the schema. */
export function resolveSchema(schema: unknown): JsonObject | undefined {
  let s = schema;
  for (let hops = 0; hops < 32 && isObject(s); hops++) {
    const ref = s.$ref;
    if (typeof ref === 'string') {
      const name = ref.replace(/^#\/(definitions|components\/schemas)\//, '');
      s = swaggerDocument().definitions[name];
      continue;
    }
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties && !s.type) {
      s = s.allOf[0];
      continue;
    }
    return s;
  }
  return isObject(s) ? s : undefined;
}
