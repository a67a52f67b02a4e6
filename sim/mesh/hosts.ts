/**
 * Service host names as Istio resolves them: short names are relative to the namespace of the
 * config (or of the calling pod, as its DNS search path would do), `name.ns` and `name.ns.svc`
 * are completed to `name.ns.svc.cluster.local`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */

export const CLUSTER_DOMAIN = 'cluster.local';

/** `name.ns.svc.cluster.local`. @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** Drops a `:port` suffix (IPv6 literals in brackets are kept whole). @see https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-virtualhost */
export function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const i = host.lastIndexOf(':');
  return i >= 0 ? host.slice(0, i) : host;
}

/**
 * The FQDN a (possibly short) host means in `namespace`. Wildcards and external names stay as they
 * are. @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function resolveHost(host: string, namespace: string): string {
  const h = stripPort(host).toLowerCase();
  if (h.includes('*')) return h;
  if (h.endsWith(`.svc.${CLUSTER_DOMAIN}`)) return h;
  if (h.endsWith('.svc')) return `${h}.${CLUSTER_DOMAIN}`;
  const dots = h.split('.').length - 1;
  if (dots === 0) return serviceFqdn(h, namespace);
  if (dots === 1) return `${h}.svc.${CLUSTER_DOMAIN}`;
  return h;
}

/** Whether a host pattern (`*`, `*.suffix` or a name) covers `host`. @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Splits a service FQDN into name and namespace, if it is one. @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ */
export function parseServiceFqdn(fqdn: string): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2) return undefined;
  return { name: parts[0]!, namespace: parts[1]! };
}
