import 'server-only';
import { parseAllDocuments } from 'yaml';
import { APP_NAME_LABEL, APP_VERSION_LABEL, VERSION_LABEL } from '@/lib/api/view-models';

/** A manifest object as plain JSON. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  spec?: any;
  [key: string]: unknown;
}

/** The sample application's name (its `app.kubernetes.io/name`). */
export const SAMPLE_APP_NAME = 'bookinfo';
/** The one version deployed, as in KubeSphere's tutorial (v2 is what the tutorial then releases). */
export const SAMPLE_APP_VERSION = 'v1';
/** KubeSphere's Bookinfo images: the tutorial's v2 image `kubesphere/examples-bookinfo-reviews-v2:1.13.0` pairs with these. */
export const SAMPLE_IMAGE_REPOSITORY = 'kubesphere';
export const SAMPLE_IMAGE_TAG = '1.13.0';

const KINDS = new Set(['ServiceAccount', 'Service', 'Deployment']);
/** Creation order: identities, then Services, then workloads, then routing; the first create doubles as a lock against a concurrent deploy. */
const ORDER = ['ServiceAccount', 'Service', 'Deployment', 'Gateway', 'VirtualService'];

const BOOKINFO_IMAGE = /(?:^|\/)examples-bookinfo-([a-z]+)-(v\d+)(?::[^@]*)?(?:@.*)?$/;

/** `registry.istio.io/release/examples-bookinfo-details-v1:1.20.3` -> `kubesphere/examples-bookinfo-details-v1:1.13.0`; other images unchanged. */
export function sampleImage(image: string): string {
  const m = BOOKINFO_IMAGE.exec(image);
  return m ? `${SAMPLE_IMAGE_REPOSITORY}/examples-bookinfo-${m[1]}-${m[2]}:${SAMPLE_IMAGE_TAG}` : image;
}

function withAppLabels(labels: Record<string, string> | undefined, includeVersion: boolean): Record<string, string> {
  const out: Record<string, string> = { ...(labels ?? {}), [APP_NAME_LABEL]: SAMPLE_APP_NAME };
  if (includeVersion) out[APP_VERSION_LABEL] = SAMPLE_APP_VERSION;
  return out;
}

/** Keeps v1 only: Deployments of other versions, and per-version Services (selector with `version`), are left out. */
function isV1Object(obj: ManifestObject): boolean {
  if (obj.kind === 'Deployment') return (obj.spec?.template?.metadata?.labels?.[VERSION_LABEL] ?? SAMPLE_APP_VERSION) === SAMPLE_APP_VERSION;
  if (obj.kind === 'Service') return !obj.spec?.selector?.[VERSION_LABEL];
  return true;
}

function prepare(obj: ManifestObject, namespace: string): ManifestObject {
  const copy: ManifestObject = structuredClone(obj);
  copy.metadata = { ...copy.metadata, namespace, labels: withAppLabels(copy.metadata.labels, true) };
  if (copy.kind === 'Deployment' && copy.spec?.template) {
    const template = copy.spec.template;
    // Pods carry the application name too (so the data plane and telemetry can group them), but not
    // app.kubernetes.io/version: a candidate copied from this template would inherit a wrong one.
    template.metadata = { ...(template.metadata ?? {}), labels: withAppLabels(template.metadata?.labels, false) };
    for (const c of template.spec?.containers ?? []) if (typeof c.image === 'string') c.image = sampleImage(c.image);
  }
  return copy;
}

/** Istio's bookinfo-gateway.yaml: the Gateway on the default ingress gateway. https://istio.io/latest/docs/reference/config/networking/gateway/ */
function gateway(namespace: string, apiVersion: string): ManifestObject {
  return {
    apiVersion,
    kind: 'Gateway',
    metadata: { name: 'bookinfo-gateway', namespace, labels: withAppLabels(undefined, true) },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    },
  };
}

/** Istio's bookinfo-gateway.yaml: productpage's public routes. https://istio.io/latest/docs/reference/config/networking/virtual-service/ */
function virtualService(namespace: string, apiVersion: string): ManifestObject {
  return {
    apiVersion,
    kind: 'VirtualService',
    metadata: { name: 'bookinfo', namespace, labels: withAppLabels(undefined, true) },
    spec: {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [
            { uri: { exact: '/productpage' } },
            { uri: { prefix: '/static' } },
            { uri: { exact: '/login' } },
            { uri: { exact: '/logout' } },
            { uri: { prefix: '/api/v1/products' } },
          ],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        },
      ],
    },
  };
}

/** Parses a multi-document manifest into plain objects (empty documents skipped). https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/ */
export function parseManifest(text: string): ManifestObject[] {
  const docs = parseAllDocuments(text);
  const objects: ManifestObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new Error(`invalid manifest: ${doc.errors[0].message}`);
    const value = doc.toJS() as ManifestObject | null;
    if (value && typeof value === 'object' && value.kind && value.metadata?.name) objects.push(value);
  }
  return objects;
}

/**
 * The objects "Deploy Sample Application" creates, in creation order: Istio's Bookinfo reduced to
 * v1 of each service with KubeSphere's images, all labelled as application `bookinfo` v1, plus a
 * Gateway and VirtualService for productpage when `istioApiVersion` (e.g. `networking.istio.io/v1`) is given.
 * https://istio.io/latest/docs/examples/bookinfo/
 */
export function bookinfoObjects(manifest: ManifestObject[], namespace: string, istioApiVersion?: string): ManifestObject[] {
  const objects = manifest.filter((o) => KINDS.has(o.kind) && isV1Object(o)).map((o) => prepare(o, namespace));
  if (istioApiVersion) objects.push(gateway(namespace, istioApiVersion), virtualService(namespace, istioApiVersion));
  const rank = (o: ManifestObject) => ORDER.indexOf(o.kind);
  // Stable sort keeps the manifest's order within a kind.
  return objects.sort((a, b) => rank(a) - rank(b));
}
