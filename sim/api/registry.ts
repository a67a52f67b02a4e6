/**
 * Registry of served resource types: built-ins plus types registered at runtime from
 * CustomResourceDefinition objects. Lookups are map-based because every request resolves a type.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
import { resourceKey, type KubeObject, type ResourceKey, type ResourceType } from './types';

/** Per-CRD-version data the API layer needs (schema for validation, printer columns for tables). */
export interface CrdVersionInfo {
  name: string;
  schema?: unknown;
  printerColumns: PrinterColumn[];
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** Orders versions like Kubernetes: GA before beta before alpha, higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return undefined;
    const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
  return 0;
}

export class Registry {
  private readonly types = new Map<ResourceKey, ResourceType>();
  private readonly crds = new Map<ResourceKey, KubeObject>();
  private readonly crdVersions = new Map<ResourceKey, Map<string, CrdVersionInfo>>();
  private readonly changeListeners = new Set<() => void>();

  /** Registers (or replaces) a type. */
  register(type: ResourceType): void {
    this.types.set(resourceKey(type.group, type.resource), type);
    this.changed();
  }

  unregister(key: ResourceKey): void {
    this.types.delete(key);
    this.crds.delete(key);
    this.crdVersions.delete(key);
    this.changed();
  }

  /** Called when discovery changes (e.g. to invalidate cached discovery documents). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  get(key: ResourceKey): ResourceType | undefined {
    return this.types.get(key);
  }

  /** Resolves the URL triple; undefined when the version is not served. */
  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    const t = this.types.get(resourceKey(group, resource));
    return t && t.versions.includes(version) ? t : undefined;
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    for (const t of this.types.values()) if (t.group === group && t.kind === kind) return t;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** group -> served versions, preferred first. */
  groups(): Map<string, string[]> {
    const out = new Map<string, Set<string>>();
    for (const t of this.types.values()) {
      let s = out.get(t.group);
      if (!s) out.set(t.group, (s = new Set()));
      for (const v of t.versions) s.add(v);
    }
    const res = new Map<string, string[]>();
    for (const [g, s] of out) res.set(g, [...s].sort(compareKubeVersions));
    return res;
  }

  crdOf(key: ResourceKey): KubeObject | undefined {
    return this.crds.get(key);
  }

  crdObjects(): KubeObject[] {
    return [...this.crds.values()];
  }

  crdVersion(key: ResourceKey, version: string): CrdVersionInfo | undefined {
    return this.crdVersions.get(key)?.get(version);
  }

  /**
   * Registers or updates the resource a CRD defines, for all its served versions.
   * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/
   */
  registerCrd(crd: KubeObject): ResourceType | undefined {
    const spec = (crd.spec ?? {}) as Record<string, any>;
    const names = (spec.names ?? {}) as Record<string, any>;
    if (typeof spec.group !== 'string' || typeof names.plural !== 'string' || typeof names.kind !== 'string') return undefined;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []) as Record<string, any>[];
    const served = versions.filter((v) => v && v.served !== false && typeof v.name === 'string');
    if (served.length === 0) {
      this.unregister(resourceKey(spec.group, names.plural));
      return undefined;
    }
    const storage = versions.find((v) => v && v.storage === true)?.name ?? served[0].name;
    const subresources = new Set<string>();
    const infos = new Map<string, CrdVersionInfo>();
    for (const v of served) {
      const sub = (v.subresources ?? {}) as Record<string, any>;
      if (sub.status) subresources.add('status');
      if (sub.scale) subresources.add('scale');
      infos.set(v.name, {
        name: v.name,
        schema: v.schema?.openAPIV3Schema,
        printerColumns: Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns.filter((c: any) => c && typeof c.jsonPath === 'string' && typeof c.name === 'string') : [],
        scale: sub.scale ? { specReplicasPath: sub.scale.specReplicasPath, statusReplicasPath: sub.scale.statusReplicasPath, labelSelectorPath: sub.scale.labelSelectorPath } : undefined,
      });
    }
    const type: ResourceType = {
      group: spec.group,
      versions: served.map((v) => v.name as string).sort(compareKubeVersions),
      storageVersion: storage,
      resource: names.plural,
      singular: typeof names.singular === 'string' ? names.singular : names.kind.toLowerCase(),
      kind: names.kind,
      listKind: typeof names.listKind === 'string' ? names.listKind : `${names.kind}List`,
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.filter((s: unknown) => typeof s === 'string') : undefined,
      categories: Array.isArray(names.categories) ? names.categories.filter((s: unknown) => typeof s === 'string') : undefined,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources: [...subresources],
      crdName: crd.metadata.name,
    };
    const key = resourceKey(type.group, type.resource);
    this.crds.set(key, crd);
    this.crdVersions.set(key, infos);
    this.register(type);
    return type;
  }
}
