import 'server-only';
import { isServiceHost, RELEASE_LABEL, ROUTES_ANNOTATION, routesToService, type GrayscaleRelease, type VirtualService } from '@/lib/release';
import { startInformer, type Informer, type InformerEventType, type KubeObject } from './informer';
import { DEPLOYMENTS, istioTypes, PODS, RELEASES, SERVICES, type ResourceType } from './resources';
import type { KubeRest } from '../kube/rest';
import type { Caches } from './world';

type Labels = Record<string, string> | undefined;

function selects(selector: Labels, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export interface Watchers {
  caches: Caches;
  synced: Promise<void>;
  stop(): void;
}

/**
 * Starts one list+watch cache per kind (all namespaces, or one) and maps each event to the jobs it
 * concerns, so a manual change to a Deployment, Service, pod, VirtualService or DestinationRule
 * is reconciled at once instead of at the next resync.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
export function startWatchers(rest: KubeRest, istioVersion: string, enqueue: (key: string) => void, log: (msg: string) => void, namespace?: string): Watchers {
  const istio = istioTypes(istioVersion);
  // Filled right below; the event handlers only run after the first list, once it is complete.
  const caches = {} as Caches;
  const jobsIn = (ns: string | undefined): GrayscaleRelease[] => (ns ? (caches.releases.list(ns) as unknown as GrayscaleRelease[]) : []);
  const keyOf = (r: GrayscaleRelease) => `${r.metadata.namespace}/${r.metadata.name}`;
  const serviceOf = (r: GrayscaleRelease) => (r.spec?.service ? (caches.services.get(r.metadata.namespace, r.spec.service) as unknown as { spec?: { selector?: Labels } } | undefined) : undefined);
  const ns = (o: KubeObject) => o.metadata.namespace;
  const labelsOf = (o: KubeObject | undefined) => (o?.metadata as { labels?: Labels } | undefined)?.labels;

  // Per kind: which jobs an object (old or new version of it) concerns.
  const mappers: Record<string, (o: KubeObject) => GrayscaleRelease[]> = {
    [RELEASES.plural]: (o) => {
      const self = o as unknown as GrayscaleRelease;
      // Same-Service jobs too: one finishing or vanishing changes who may be active.
      return [self, ...jobsIn(ns(o)).filter((r) => r.spec?.service === self.spec?.service)];
    },
    services: (o) => jobsIn(ns(o)).filter((r) => r.spec?.service === o.metadata.name),
    deployments: (o) => {
      const template = (o as unknown as { spec?: { template?: { metadata?: { labels?: Labels } } } }).spec?.template?.metadata?.labels;
      return jobsIn(ns(o)).filter((r) => labelsOf(o)?.[RELEASE_LABEL] === r.metadata.name || selects(serviceOf(r)?.spec?.selector, template));
    },
    pods: (o) => jobsIn(ns(o)).filter((r) => selects(serviceOf(r)?.spec?.selector, labelsOf(o))),
    virtualservices: (o) => {
      const hosts = (o as unknown as { spec?: { hosts?: string[] } }).spec?.hosts ?? [];
      const owner = (o.metadata as { annotations?: Record<string, string> }).annotations?.[ROUTES_ANNOTATION];
      // Gateway-only ones route by external host names: they concern a job when they route to its Service.
      return jobsIn(ns(o)).filter(
        (r) => owner === r.metadata.name || hosts.some((h) => isServiceHost(h, r.spec?.service ?? '', ns(o))) || routesToService(o as unknown as VirtualService, r.spec?.service ?? '', ns(o)),
      );
    },
    destinationrules: (o) => {
      const host = (o as unknown as { spec?: { host?: string } }).spec?.host ?? '';
      return jobsIn(ns(o)).filter((r) => isServiceHost(host, r.spec?.service ?? '', ns(o)));
    },
  };

  const start = (type: ResourceType): Informer =>
    startInformer({
      rest,
      type,
      namespace,
      log,
      onEvent: (_t: InformerEventType, obj: KubeObject, old: KubeObject | undefined) => {
        const map = mappers[type.plural];
        const keys = new Set([...map(obj), ...(old ? map(old) : [])].map(keyOf));
        for (const key of keys) enqueue(key);
      },
    });

  Object.assign(caches, {
    releases: start(RELEASES),
    services: start(SERVICES),
    deployments: start(DEPLOYMENTS),
    pods: start(PODS),
    virtualServices: start(istio.virtualServices),
    destinationRules: start(istio.destinationRules),
  } satisfies Caches);
  const all = Object.values(caches) as Informer[];
  return {
    caches,
    synced: Promise.all(all.map((i) => i.synced)).then(() => undefined),
    stop: () => all.forEach((i) => i.stop()),
  };
}
