/**
 * Which Service ports carry HTTP, following Istio's protocol selection: `appProtocol` first, else
 * the port name prefix (`http`, `http-web`, `grpc-api`...). A port with neither is auto-detected by
 * Istio (and may well be HTTP), so it is routed too; a port explicitly named for another protocol
 * (`tcp`, `tls`, `https`, `mongo`...) is left alone because HTTP routes never apply to it.
 */

import type { Service, ServicePort } from './types';

const HTTP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'kubernetes.io/h2c']);

function isHttpPort(port: ServicePort): boolean {
  if (port.protocol && port.protocol.toUpperCase() !== 'TCP') return false;
  if (port.appProtocol) return HTTP_PROTOCOLS.has(port.appProtocol.toLowerCase());
  if (!port.name) return true;
  return HTTP_PROTOCOLS.has(port.name.toLowerCase().split('-')[0]);
}

/** The Service's HTTP ports, in Service order. See https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/ */
export function httpPorts(service: Service): ServicePort[] {
  return (service.spec.ports ?? []).filter(isHttpPort);
}
