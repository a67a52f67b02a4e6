/**
 * The data plane: every request between workloads (and from the ingress gateway) goes through
 * `send`, which routes it (VirtualService, DestinationRule), applies faults, mirrors and
 * timeouts, runs the destination pod's in-process app, and reports metrics and spans from both
 * proxies, like a pair of Envoy sidecars.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
import { recordRequest, type IstioMetrics } from '../telemetry/istio-metrics';
import type { TraceStore } from '../telemetry/trace-store';
import { createApp } from './apps/app-registry';
import { sleep, type AppHandler, type AppResponse, type OutboundRequest } from './apps/app-types';
import { selectEndpoint, type EndpointResult } from './endpoints';
import { parseServiceFqdn } from './hosts';
import type { HeaderOperations } from './istio-types';
import type { RouteCaller } from './match';
import type { MeshState, PodView } from './mesh-state';
import { newRequestId, newSpanId, newTraceId } from './ids';
import { hopReport, hopSpan, type HopRecord } from './observe';
import { routeRequest, type Random, type ResolvedDestination } from './router';
import { podIdentity, type WorkloadIdentity } from './workload';

export interface MeshRequest {
  method: string;
  /** Host / :authority as sent (`reviews:9080`) */
  authority: string;
  /** path with query string */
  path: string;
  /** lower-case names */
  headers: Record<string, string>;
  body?: string;
}

export interface MeshResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** Envoy response flags, `-` when none */
  flags: string;
}

export interface Caller {
  identity: WorkloadIdentity;
  /** `ns/name` of the Gateway for ingress traffic; undefined for sidecars */
  gateway?: string;
  /** the proxy is a gateway (affects node ids), even without a Gateway resource */
  isGateway?: boolean;
}

export interface DataPlaneOptions {
  state(): MeshState;
  metrics: IstioMetrics;
  traces: TraceStore;
  random?: Random;
}

export interface DataPlane {
  /** Sends a request from the caller's proxy. @see https://istio.io/latest/docs/ops/deployment/architecture/ */
  send(caller: Caller, req: MeshRequest): Promise<MeshResponse>;
  /** Running app instances (for tests and diagnostics). */
  appCount(): number;
}

interface TraceContext {
  traceId: string;
  parentSpanId?: string;
  requestId: string;
}

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function splitPath(path: string): { path: string; query: URLSearchParams } {
  const i = path.indexOf('?');
  return i < 0 ? { path, query: new URLSearchParams() } : { path: path.slice(0, i), query: new URLSearchParams(path.slice(i + 1)) };
}

function applyHeaderOps(headers: Record<string, string | string[]>, ops: HeaderOperations | undefined): void {
  if (!ops) return;
  for (const name of ops.remove ?? []) delete headers[name.toLowerCase()];
  for (const [k, v] of Object.entries(ops.set ?? {})) headers[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(ops.add ?? {})) {
    const key = k.toLowerCase();
    const cur = headers[key];
    headers[key] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : `${cur},${v}`;
  }
}

function headerBytes(headers: Record<string, string>): number {
  let n = 0;
  for (const k in headers) n += k.length + (headers[k]?.length ?? 0) + 4;
  return n;
}

function envoyError(status: number, flags: string, body: string): MeshResponse {
  return { status, headers: { 'content-type': 'text/plain' }, body, flags };
}

/** Creates the data plane over a state provider. @see https://istio.io/latest/docs/concepts/traffic-management/ */
export function createDataPlane(opts: DataPlaneOptions): DataPlane {
  const random = opts.random ?? Math.random;
  const counters = new Map<string, number>();
  const apps = new Map<string, { image: string; handler: AppHandler }>();
  let appsOf: MeshState | undefined;

  function appFor(pod: PodView): AppHandler {
    let entry = apps.get(pod.uid);
    if (!entry || entry.image !== pod.image) {
      entry = { image: pod.image, handler: createApp(pod) };
      apps.set(pod.uid, entry);
    }
    return entry.handler;
  }

  function pruneApps(state: MeshState): void {
    if (appsOf === state) return;
    appsOf = state;
    const live = new Set(state.pods.map((p) => p.uid));
    for (const uid of apps.keys()) if (!live.has(uid)) apps.delete(uid);
  }

  function record(h: HopRecord, reporters: ReadonlyArray<'source' | 'destination'>): void {
    for (const r of reporters) recordRequest(opts.metrics, hopReport(h, r));
  }

  /** Runs the destination side: inbound proxy + app. */
  async function deliver(
    caller: Caller,
    ep: Extract<EndpointResult, { kind: 'ok' }>,
    req: MeshRequest,
    trace: TraceContext,
    clientSpanId: string,
    authority: string,
  ): Promise<AppResponse> {
    const pod = ep.pod;
    const identity = podIdentity(pod);
    const serverSpanId = newSpanId();
    const { path, query } = splitPath(req.path);
    const headers: Record<string, string> = {
      ...req.headers,
      host: authority,
      'x-request-id': trace.requestId,
      'x-b3-traceid': trace.traceId,
      'x-b3-spanid': serverSpanId,
      'x-b3-parentspanid': clientSpanId,
      'x-b3-sampled': '1',
      'x-forwarded-proto': 'http',
      'x-envoy-attempt-count': '1',
    };
    const start = nowMs();
    const handler = appFor(pod);
    let resp: AppResponse;
    try {
      resp = await handler(
        { method: req.method, path, query, headers, body: req.body ?? '' },
        {
          pod,
          identity,
          random,
          call: (out: OutboundRequest) =>
            send(
              { identity },
              { method: out.method ?? 'GET', authority: out.host, path: out.path, headers: out.headers ?? {}, body: out.body },
            ),
        },
      );
    } catch (err) {
      resp = { status: 500, body: `internal error: ${(err as Error).message}` };
    }
    const durationMs = nowMs() - start;
    const hop: HopRecord = {
      source: caller.identity,
      destination: identity,
      destinationHost: ep.service.fqdn,
      port: ep.port,
      cluster: ep.cluster,
      method: req.method,
      url: `http://${authority}${req.path}`,
      status: resp.status,
      flags: '-',
      durationMs,
      requestBytes: (req.body?.length ?? 0) + headerBytes(headers),
      responseBytes: resp.body.length,
      userAgent: req.headers['user-agent'],
      requestId: trace.requestId,
    };
    record(hop, ['destination']);
    opts.traces.add(hopSpan(hop, 'server', { traceId: trace.traceId, spanId: serverSpanId, parentSpanId: clientSpanId, startUs: Math.round(start * 1000), gateway: false }));
    return resp;
  }

  function mirror(caller: Caller, state: MeshState, dest: ResolvedDestination, req: MeshRequest, trace: TraceContext, clientSpanId: string): void {
    const ep = selectEndpoint(state, dest, caller.identity.workloadNamespace, counters);
    // Envoy drops shadow requests it cannot route; nobody waits for them
    if (ep.kind !== 'ok') return;
    const svc = parseServiceFqdn(ep.service.fqdn);
    const authority = `${svc ? svc.name : ep.service.fqdn}-shadow:${ep.port}`;
    deliver(caller, ep, req, trace, clientSpanId, authority).catch(() => undefined);
  }

  async function send(caller: Caller, req: MeshRequest): Promise<MeshResponse> {
    const start = nowMs();
    const state = opts.state();
    pruneApps(state);
    const trace: TraceContext = {
      traceId: req.headers['x-b3-traceid'] ?? newTraceId(),
      parentSpanId: req.headers['x-b3-spanid'],
      requestId: req.headers['x-request-id'] ?? newRequestId(),
    };
    const clientSpanId = newSpanId();
    const { path, query } = splitPath(req.path);
    const routeCaller: RouteCaller = { namespace: caller.identity.workloadNamespace, labels: caller.identity.labels, gateway: caller.gateway };
    const decision = routeRequest(state, routeCaller, { authority: req.authority, method: req.method, path, query, headers: req.headers }, random);

    let resp: MeshResponse;
    let destination: WorkloadIdentity | undefined;
    let destinationHost = decision.kind === 'forward' ? decision.destination.host : decision.kind === 'no-route' ? decision.host : '';
    let port = decision.kind === 'forward' ? (decision.destination.port ?? 9080) : 80;
    let cluster = decision.kind === 'forward' ? `outbound|${port}|${decision.destination.subset ?? ''}|${destinationHost}` : 'BlackHoleCluster';

    if (decision.kind === 'no-route') {
      resp = envoyError(404, 'NR', '');
    } else if (decision.kind === 'direct') {
      resp = { status: decision.status, headers: { ...decision.headers }, body: decision.body, flags: '-' };
    } else {
      if (decision.delayMs) await sleep(decision.delayMs);
      const ep = selectEndpoint(state, decision.destination, routeCaller.namespace, counters);
      if (ep.kind !== 'no-cluster') port = ep.port;
      cluster = ep.cluster;
      if (decision.abortStatus) {
        resp = envoyError(decision.abortStatus, 'FI', 'fault filter abort');
      } else if (ep.kind === 'no-cluster') {
        resp = envoyError(503, 'NC', '');
      } else if (ep.kind === 'no-healthy-upstream') {
        resp = envoyError(503, 'UH', 'no healthy upstream');
      } else {
        destinationHost = ep.service.fqdn;
        for (const m of decision.mirrors) mirror(caller, state, m, req, trace, clientSpanId);
        const outReq: MeshRequest = { ...req, headers: { ...req.headers } };
        applyHeaderOps(outReq.headers, decision.headers?.request);
        applyHeaderOps(outReq.headers, decision.destination.headers?.request);
        const delivery = deliver(caller, ep, outReq, trace, clientSpanId, req.authority);
        let appResp: AppResponse | undefined;
        if (decision.timeoutMs) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), decision.timeoutMs)));
          appResp = await Promise.race([delivery, timeout]);
          clearTimeout(timer);
          // a late answer is dropped, as Envoy resets the upstream stream
          if (!appResp) delivery.catch(() => undefined);
        } else {
          appResp = await delivery;
        }
        if (appResp) {
          destination = podIdentity(ep.pod);
          resp = { status: appResp.status, headers: { ...(appResp.headers ?? {}) }, body: appResp.body, flags: decision.delayMs ? 'DI' : '-' };
        } else {
          destination = podIdentity(ep.pod);
          resp = envoyError(504, 'UT', 'upstream request timeout');
        }
        applyHeaderOps(resp.headers, decision.destination.headers?.response);
        applyHeaderOps(resp.headers, decision.headers?.response);
      }
    }

    const durationMs = nowMs() - start;
    const hop: HopRecord = {
      source: caller.identity,
      destination,
      destinationHost: destinationHost || 'unknown',
      port,
      cluster,
      method: req.method,
      url: `http://${req.authority}${req.path}`,
      status: resp.status,
      flags: resp.flags,
      durationMs,
      requestBytes: (req.body?.length ?? 0) + headerBytes(req.headers),
      responseBytes: resp.body.length,
      userAgent: req.headers['user-agent'],
      requestId: trace.requestId,
    };
    record(hop, ['source']);
    opts.traces.add(
      hopSpan(hop, 'client', {
        traceId: trace.traceId,
        spanId: clientSpanId,
        parentSpanId: trace.parentSpanId,
        startUs: Math.round(start * 1000),
        gateway: caller.isGateway === true,
      }),
    );
    resp.headers['x-envoy-upstream-service-time'] = String(Math.round(durationMs));
    return resp;
  }

  return { send, appCount: () => apps.size };
}
