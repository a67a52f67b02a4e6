import type { StatusCause } from '../errors';
import type { KubeObject } from '../types';
import { isObject, type JsonObject } from '../patch/json-util';

/*
 * The semantic checks of istiod's validating webhook (pkg/config/validation in istio/istio) that
 * the CRD schemas cannot express, for the kinds the embedded cluster serves. Messages follow
 * istiod's wording; field paths are added so that callers can build a kube `Invalid` Status.
 * Weights are relative in current Istio (the proxy normalises them), so only negative weights
 * and an all-zero multi-destination route are errors, not sums other than 100.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function cause(field: string, message: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message };
}

function required(field: string, message: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message };
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function goFloat(n: number): string {
  return n.toFixed(6); // Go's %f
}

function checkDestination(dest: unknown, path: string, out: StatusCause[]): void {
  if (!isObject(dest)) return;
  const host = dest.host;
  if (typeof host !== 'string' || host === '') out.push(required(`${path}.host`, 'empty domain name not allowed'));
  else if (host === '*') out.push(cause(`${path}.host`, `invalid destination host ${host}`));
  const subset = dest.subset;
  if (typeof subset === 'string' && subset !== '' && !DNS1123_LABEL.test(subset)) out.push(cause(`${path}.subset`, `subset name is invalid: ${subset}`));
  const port = isObject(dest.port) ? dest.port.number : undefined;
  if (typeof port === 'number' && (port < 1 || port > 65535)) out.push(cause(`${path}.port.number`, `port number ${port} must be in the range 1..65535`));
}

function checkRouteDestinations(routes: unknown[], path: string, out: StatusCause[]): void {
  let total = 0;
  routes.forEach((r, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(r)) {
      out.push(required(p, 'weight may not be nil'));
      return;
    }
    if (!isObject(r.destination)) out.push(required(`${p}.destination`, 'destination is required'));
    else checkDestination(r.destination, `${p}.destination`, out);
    const w = typeof r.weight === 'number' ? r.weight : 0;
    if (w < 0) out.push(cause(`${p}.weight`, `weight ${w} < 0`));
    total += w;
  });
  if (routes.length > 1 && total === 0) out.push(cause(path, 'total destination weight = 0'));
}

function checkVirtualService(spec: JsonObject, out: StatusCause[]): void {
  if (list(spec.http).length === 0 && list(spec.tcp).length === 0 && list(spec.tls).length === 0) {
    out.push(required('spec', 'http, tcp or tls must be provided in virtual service'));
  }
  list(spec.http).forEach((h, i) => {
    const p = `spec.http[${i}]`;
    if (!isObject(h)) return;
    const routes = list(h.route);
    if (routes.length === 0 && !isObject(h.redirect) && !isObject(h.directResponse)) {
      out.push(required(`${p}.route`, 'HTTP route, redirect or direct_response is required'));
    }
    checkRouteDestinations(routes, `${p}.route`, out);
    if (isObject(h.mirror)) checkDestination(h.mirror, `${p}.mirror`, out);
    const pct = isObject(h.mirrorPercentage) ? h.mirrorPercentage.value : undefined;
    if (typeof pct === 'number' && pct > 100) out.push(cause(`${p}.mirrorPercentage.value`, `mirror_percentage must have a max value of 100 (it has ${goFloat(pct)})`));
    if (typeof pct === 'number' && pct < 0) out.push(cause(`${p}.mirrorPercentage.value`, `mirror_percentage must have a min value of 0 (it has ${goFloat(pct)})`));
    list(h.mirrors).forEach((m, j) => {
      const mp = `${p}.mirrors[${j}]`;
      if (!isObject(m) || !isObject(m.destination)) {
        out.push(required(`${mp}.destination`, 'destination is required for mirrors'));
        return;
      }
      checkDestination(m.destination, `${mp}.destination`, out);
      const v = isObject(m.percentage) ? m.percentage.value : undefined;
      if (typeof v === 'number' && v > 100) out.push(cause(`${mp}.percentage.value`, `mirror percentage must have a max value of 100 (it has ${goFloat(v)})`));
      if (typeof v === 'number' && v < 0) out.push(cause(`${mp}.percentage.value`, `mirror percentage must have a min value of 0 (it has ${goFloat(v)})`));
    });
  });
  for (const proto of ['tcp', 'tls'] as const) {
    list(spec[proto]).forEach((t, i) => {
      const p = `spec.${proto}[${i}]`;
      if (!isObject(t)) return;
      const routes = list(t.route);
      if (routes.length === 0) out.push(required(`${p}.route`, 'route is required'));
      checkRouteDestinations(routes, `${p}.route`, out);
    });
  }
}

function checkDestinationRule(spec: JsonObject, out: StatusCause[]): void {
  const seen = new Set<string>();
  list(spec.subsets).forEach((s, i) => {
    const p = `spec.subsets[${i}]`;
    if (!isObject(s)) {
      out.push(required(p, 'subset may not be null'));
      return;
    }
    const name = typeof s.name === 'string' ? s.name : '';
    if (name === '') out.push(required(`${p}.name`, 'subset name cannot be empty'));
    else if (!DNS1123_LABEL.test(name)) out.push(cause(`${p}.name`, `subset name is invalid: ${name}`));
    if (name !== '' && seen.has(name)) out.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, message: `duplicate subset names: ${name}` });
    seen.add(name);
  });
}

function checkGateway(spec: JsonObject, out: StatusCause[]): void {
  const servers = list(spec.servers);
  if (servers.length === 0) out.push(required('spec.servers', 'gateway must have at least one server'));
  servers.forEach((s, i) => {
    const p = `spec.servers[${i}]`;
    if (!isObject(s)) {
      out.push(required(p, 'server may not be null'));
      return;
    }
    if (list(s.hosts).length === 0) out.push(required(`${p}.hosts`, 'server config must contain at least one host'));
    if (!isObject(s.port)) {
      out.push(required(`${p}.port`, 'port is required'));
    } else {
      const n = s.port.number;
      if (typeof n !== 'number' || n < 1 || n > 65535) out.push(cause(`${p}.port.number`, `port number ${String(n ?? 0)} must be in the range 1..65535`));
    }
  });
}

/**
 * istiod's validating-webhook checks for VirtualService, DestinationRule and Gateway; an empty
 * list means the object is admitted.
 * @see https://istio.io/latest/docs/ops/common-problems/validation/
 */
export function admitIstioObject(obj: KubeObject): StatusCause[] {
  if (!obj.apiVersion?.startsWith('networking.istio.io/')) return [];
  const spec = isObject(obj.spec) ? obj.spec : {};
  const out: StatusCause[] = [];
  if (obj.kind === 'VirtualService') checkVirtualService(spec, out);
  else if (obj.kind === 'DestinationRule') checkDestinationRule(spec, out);
  else if (obj.kind === 'Gateway') checkGateway(spec, out);
  return out;
}
