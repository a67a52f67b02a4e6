/**
 * Loads the patch, schema and OpenAPI modules (written separately under patch/, schema/ and
 * openapi/) once at server start. Loading is dynamic so the API machinery still starts when one
 * of them is missing or broken: the affected feature then degrades (e.g. no OpenAPI documents)
 * instead of the whole cluster failing.
 */
import type { StatusCause } from './errors';
import type { KubeObject } from './types';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Extensions {
  applyMergePatch(target: unknown, patch: unknown): unknown;
  applyJsonPatch(target: unknown, operations: unknown): unknown;
  applyStrategicMergePatch?(original: unknown, patch: unknown, gvk: Gvk): unknown;
  applyServerSide?(existing: KubeObject | undefined, applied: KubeObject, opts: { gvk: Gvk; fieldManager: string; schema?: unknown }): KubeObject;
  validateCustomResource?(obj: KubeObject, schema: unknown, opts: { fieldValidation: FieldValidation }): { object: KubeObject; causes: StatusCause[]; unknownFields: string[] };
  unknownFieldsOfBuiltin?(obj: unknown, gvk: Gvk): string[];
  openApiV3Index?(groupVersions: string[]): unknown;
  openApiV3Document?(gvPath: string, crds: KubeObject[]): unknown | undefined;
  openApiV2Document?(): unknown;
  admitIstioObject?(obj: KubeObject): StatusCause[];
}

/** RFC 7386 fallback used only if patch/json-merge.ts cannot be loaded. */
function fallbackMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = fallbackMergePatch(out[k], v);
  }
  return out;
}

async function tryImport<T>(load: () => Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    console.warn(`[sim/api] ${what} unavailable: ${(err as Error).message}`);
    return undefined;
  }
}

let cached: Promise<Extensions> | undefined;

/** Loads every extension module once; missing ones are left undefined. */
export function loadExtensions(): Promise<Extensions> {
  cached ??= (async () => {
    const [merge, jsonPatch, smp, ssa, structural, builtinUnknown, v3, v2, istio] = await Promise.all([
      tryImport(() => import('./patch/json-merge'), 'patch/json-merge'),
      tryImport(() => import('./patch/json-patch'), 'patch/json-patch'),
      tryImport(() => import('./patch/strategic-merge'), 'patch/strategic-merge'),
      tryImport(() => import('./patch/server-side-apply'), 'patch/server-side-apply'),
      tryImport(() => import('./schema/structural'), 'schema/structural'),
      tryImport(() => import('./schema/builtin-unknown-fields'), 'schema/builtin-unknown-fields'),
      tryImport(() => import('./openapi/v3'), 'openapi/v3'),
      tryImport(() => import('./openapi/v2'), 'openapi/v2'),
      tryImport(() => import('./schema/istio-admission'), 'schema/istio-admission'),
    ]);
    return {
      applyMergePatch: merge?.applyMergePatch ?? fallbackMergePatch,
      applyJsonPatch:
        jsonPatch?.applyJsonPatch ??
        (() => {
          throw new Error('JSON patch support is not available');
        }),
      applyStrategicMergePatch: smp?.applyStrategicMergePatch,
      applyServerSide: ssa?.applyServerSide as Extensions['applyServerSide'],
      validateCustomResource: structural?.validateCustomResource as Extensions['validateCustomResource'],
      unknownFieldsOfBuiltin: builtinUnknown?.unknownFieldsOfBuiltin,
      openApiV3Index: v3?.openApiV3Index,
      openApiV3Document: v3?.openApiV3Document,
      openApiV2Document: v2?.openApiV2Document,
      admitIstioObject: istio?.admitIstioObject as Extensions['admitIstioObject'],
    };
  })();
  return cached;
}
