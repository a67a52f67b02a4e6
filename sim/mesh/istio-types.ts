/**
 * The parts of Istio's networking API the data plane reads. Field names are Istio's; every
 * served version (v1, v1beta1, v1alpha3) has the same shape for these fields.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  withoutHeaders?: Record<string, StringMatch>;
  sourceNamespace?: string;
}

export interface PortSelector {
  number?: number;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: PortSelector;
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface Headers {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
  headers?: Headers;
}

export interface Percent {
  value?: number;
}

export interface HTTPFaultInjection {
  delay?: { fixedDelay?: string; percentage?: Percent; percent?: number };
  abort?: { httpStatus?: number; grpcStatus?: string; percentage?: Percent };
}

export interface HTTPMirrorPolicy {
  destination: Destination;
  percentage?: Percent;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  redirect?: { uri?: string; authority?: string; redirectCode?: number; scheme?: string };
  directResponse?: { status: number; body?: { string?: string; bytes?: string } };
  rewrite?: { uri?: string; authority?: string };
  timeout?: string;
  retries?: unknown;
  fault?: HTTPFaultInjection;
  mirror?: Destination;
  mirrors?: HTTPMirrorPolicy[];
  mirrorPercent?: number;
  mirrorPercentage?: Percent;
  headers?: Headers;
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HTTPRoute[];
  exportTo?: string[];
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
}

export interface DestinationRuleSpec {
  host?: string;
  subsets?: Subset[];
  exportTo?: string[];
}

export interface GatewayServer {
  port?: { number?: number; name?: string; protocol?: string };
  hosts?: string[];
}

export interface GatewaySpec {
  selector?: Record<string, string>;
  servers?: GatewayServer[];
}
