/**
 * The ingress gateway: Bookinfo's public paths reach productpage through an Istio Gateway and a
 * VirtualService bound to it when they exist, else straight to the productpage Service of the
 * namespace that has one.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
 */
import type { Caller, DataPlane, MeshRequest, MeshResponse } from './data-plane';
import { stripPort } from './hosts';
import type { MeshState } from './mesh-state';
import { findVirtualService } from './router';
import { INGRESS_GATEWAY_IDENTITY } from './workload';

/** Paths the Bookinfo gateway VirtualService exposes. @see https://istio.io/latest/docs/examples/bookinfo/#determine-the-ingress-ip-and-port */
export function isIngressPath(path: string): boolean {
  const p = path.split('?')[0]!;
  return p === '/productpage' || p === '/login' || p === '/logout' || p.startsWith('/static/') || p === '/api/v1/products' || p.startsWith('/api/v1/products/');
}

export type IngressTarget = { kind: 'gateway'; gateway: string } | { kind: 'service'; authority: string } | { kind: 'none' };

/**
 * Where ingress traffic goes: a Gateway selecting the ingress gateway with a VirtualService bound
 * to it for this host, else productpage's Service. Without a Gateway the ingress behaves like a
 * mesh client, so mesh VirtualServices for productpage still apply (convenient for demos).
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 */
export function resolveIngressTarget(state: MeshState, authority: string): IngressTarget {
  const host = stripPort(authority).toLowerCase();
  const gateways = state.gateways
    .filter((g) => Object.entries(g.selector).every(([k, v]) => INGRESS_GATEWAY_IDENTITY.labels[k] === v))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const g of gateways) {
    const gateway = `${g.namespace}/${g.name}`;
    const caller = { namespace: g.namespace, labels: INGRESS_GATEWAY_IDENTITY.labels, gateway };
    if (findVirtualService(state, host, host, caller)) return { kind: 'gateway', gateway };
  }
  const productpage = Array.from(state.services.values())
    .filter((s) => s.name === 'productpage')
    .sort((a, b) => a.namespace.localeCompare(b.namespace))[0];
  if (productpage) return { kind: 'service', authority: `${productpage.fqdn}:${productpage.ports[0] ?? 9080}` };
  return { kind: 'none' };
}

/** Handles one request arriving at the ingress. @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/ */
export async function handleIngress(plane: DataPlane, state: MeshState, req: MeshRequest): Promise<MeshResponse> {
  if (!isIngressPath(req.path)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found\n', flags: 'NR' };
  const target = resolveIngressTarget(state, req.authority);
  const caller: Caller = { identity: INGRESS_GATEWAY_IDENTITY, isGateway: true };
  if (target.kind === 'gateway') return plane.send({ ...caller, gateway: target.gateway }, req);
  if (target.kind === 'service') return plane.send(caller, { ...req, authority: target.authority });
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no productpage in the cluster\n', flags: 'NR' };
}
