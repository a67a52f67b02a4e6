/**
 * The contract between the data plane and the in-process applications pods run: a handler gets a
 * request and a context whose `call` sends outbound requests through the pod's own sidecar
 * (so every hop is routed, measured and traced).
 * @see https://istio.io/latest/docs/ops/deployment/architecture/
 */
import type { PodView } from '../mesh-state';
import type { WorkloadIdentity } from '../workload';

export interface AppRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** lower-case names */
  headers: Record<string, string>;
  body: string;
}

export interface AppResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
}

export interface OutboundRequest {
  method?: string;
  /** `reviews:9080`, `reviews.demo`, an FQDN... resolved like the pod's DNS would */
  host: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AppContext {
  pod: PodView;
  identity: WorkloadIdentity;
  call(req: OutboundRequest): Promise<AppResponse>;
  random(): number;
}

export type AppHandler = (req: AppRequest, ctx: AppContext) => Promise<AppResponse>;

/** A JSON response. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function json(status: number, value: unknown): AppResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Resolves after `ms` milliseconds (immediately for 0). @see https://istio.io/latest/docs/tasks/traffic-management/fault-injection/ */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
